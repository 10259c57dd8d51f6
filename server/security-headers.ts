// Security headers on every response (the app, its static files, the APIs): a Content Security
// Policy that allows only the app's own origin and no inline scripts, nosniff, no framing, a
// Referrer-Policy, a Permissions-Policy that lets the app's own pages use WebXR, and HSTS only
// when the server speaks https itself (`--https`, server/tls.ts).
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The policy the built app runs under (see docs/security.md for why each source is there):
 * - scripts only from the origin, plus `blob:` for the worker that lays out in-world text
 *   (troika, through drei's Text), which loads its modules as blob URLs;
 * - style sheets only from the origin; style attributes are allowed, because the report charts
 *   (ECharts) write their tooltips as markup with style attributes;
 * - images, fonts, models and requests only from the origin, images also as data: and blob:
 *   URLs: three.js unpacks the textures of .glb models (the controllers') into blob URLs and
 *   fetches them back, so requests may also go to blob: URLs, which only the page can make.
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'manifest-src': ["'self'"],
  'media-src': ["'self'"],
  'object-src': ["'none'"],
  'script-src': ["'self'", 'blob:'],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'worker-src': ["'self'", 'blob:'],
};

/**
 * WebXR (immersive sessions, hand and controller tracking), the camera (the verify page's QR
 * scanner, asked only when the person presses Scan) and the microphone (push-to-talk voice in joint
 * exercises, asked at the first press) for the app's own origin only; the sensors and devices the
 * app never uses are off for everyone.
 */
export const PERMISSIONS_POLICY =
  'xr-spatial-tracking=(self), camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=()';

/** One year, sent only over https. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: {
    readonly https: boolean;
    /** Origins requests may also go to: the LMSs of cmi5 launches (SHIXUN_CMI5_LMS_ORIGINS, server/cmi5/lms-origins.ts). */
    readonly connectOrigins?: readonly string[];
  },
): Promise<void> {
  const policy = {
    ...CONTENT_SECURITY_POLICY,
    'connect-src': [...CONTENT_SECURITY_POLICY['connect-src']!, ...(options.connectOrigins ?? [])],
  };
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      // helmet's default upgrade-insecure-requests would break the plain-http LAN address.
      directives: Object.fromEntries(Object.entries(policy).map(([name, sources]) => [name, [...sources]])),
    },
    // Same-origin is helmet's default; the app loads nothing from elsewhere.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
    // Over plain http a browser ignores HSTS anyway; over https the server cannot know its subdomains.
    strictTransportSecurity: options.https ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  });
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
}
