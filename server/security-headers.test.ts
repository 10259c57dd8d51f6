// The security headers on every kind of response of the assembled server: the built app's page,
// its hashed assets and service worker, the API, the LRS and errors. A strict Content Security
// Policy (no inline scripts), nosniff, no framing, a Referrer-Policy, WebXR for the app's own
// origin, and HSTS only when the server speaks https itself.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './build-server.ts';
import type { TestDatabase } from './db/test-databases.ts';
import { TEST_DATABASES } from './db/test-databases.ts';
import { loadTlsCredentials } from './tls.ts';

const sqlite = TEST_DATABASES.find((variant) => variant.name === 'sqlite') ?? TEST_DATABASES[0]!;

/** The policy's directives by name. */
function directives(header: string | number | string[] | undefined): Map<string, string[]> {
  return new Map(
    String(header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

const REQUESTS = [
  { name: 'the page', url: '/', headers: { accept: 'text/html' } },
  { name: 'a client route', url: '/courses/data-security', headers: { accept: 'text/html' } },
  { name: 'a hashed asset', url: '/assets/index-B4x9kQ2z.js', headers: {} },
  { name: 'the service worker', url: '/sw.js', headers: {} },
  { name: 'the health check', url: '/healthz', headers: {} },
  { name: 'an API answer', url: '/api/v1/courses', headers: {} },
  { name: 'an API 404', url: '/api/v1/nowhere', headers: {} },
  { name: 'the LRS', url: '/xapi/about', headers: {} },
];

describe('security headers', () => {
  let dir: string;
  let database: TestDatabase;
  let app: FastifyInstance;
  let secure: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-headers-'));
    const dist = path.join(dir, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dist, 'assets', 'index-B4x9kQ2z.js'), 'console.log(1)');
    await writeFile(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    database = await sqlite.open();
    app = await buildServer({ staticDir: dist, logger: false, database });
    const tls = await loadTlsCredentials({ env: {}, dataDir: dir, names: { dnsNames: ['localhost'], ips: ['127.0.0.1'] } });
    secure = await buildServer({ staticDir: dist, logger: false, database, https: { key: tls.key, cert: tls.cert } });
    // Two servers and a certificate: slow on a busy machine.
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await secure?.close();
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(REQUESTS)('sends a strict Content Security Policy with $name', async ({ url, headers }) => {
    const response = await app.inject({ method: 'GET', url, headers });
    const policy = directives(response.headers['content-security-policy']);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    // Nothing runs from inline code or eval, and a plain-http LAN address keeps working.
    for (const [name, sources] of policy) {
      if (name.startsWith('script') || name === 'default-src' || name === 'style-src') {
        expect(sources, name).not.toContain("'unsafe-inline'");
        expect(sources, name).not.toContain("'unsafe-eval'");
      }
    }
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it.each(REQUESTS)(
    'sends nosniff, no framing, a Referrer-Policy, and WebXR and the camera for the own origin with $name',
    async ({ url, headers }) => {
      const response = await app.inject({ method: 'GET', url, headers });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      const permissions = String(response.headers['permissions-policy']);
      expect(permissions).toContain('xr-spatial-tracking=(self)');
      // The camera (QR scanning) and the microphone (push-to-talk) for the own origin only, never for an embedded frame.
      expect(permissions).toContain('camera=(self)');
      expect(permissions).toContain('microphone=(self)');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    },
  );

  it('adds the LMS origins of cmi5 launches to connect-src, and nothing else', async () => {
    const withLms = await buildServer({
      staticDir: path.join(dir, 'dist'),
      logger: false,
      database,
      env: { SHIXUN_CMI5_LMS_ORIGINS: 'https://lms.example.gov.cn' },
    });
    try {
      const policy = directives(
        (await withLms.inject({ url: '/', headers: { accept: 'text/html' } })).headers['content-security-policy'],
      );
      expect(policy.get('connect-src')).toEqual(["'self'", 'blob:', 'https://lms.example.gov.cn']);
      expect(policy.get('default-src')).toEqual(["'self'"]);
      expect(policy.get('script-src')).toEqual(["'self'", 'blob:']);
    } finally {
      await withLms.close();
    }
  }, 60_000);

  it('sends HSTS only when the server itself serves https', async () => {
    for (const { url, headers } of REQUESTS) {
      const response = await secure.inject({ method: 'GET', url, headers });
      expect(response.headers['strict-transport-security'], url).toBe('max-age=31536000');
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
    }
  });
});
