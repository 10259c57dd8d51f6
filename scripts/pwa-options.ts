// What the service worker (vite-plugin-pwa, Workbox generateSW) keeps for offline use, what it
// caches on first use, and what it never touches, so a headset keeps working with the network off.
import type { VitePWAOptions } from 'vite-plugin-pwa';
import { XR_PROFILE_IDS } from '../src/client/xr-profiles-config.ts';

type XrProfileId = (typeof XR_PROFILE_IDS)[number];

/**
 * Controller and hand models precached: the headsets Shixun targets and emulates in e2e (Meta
 * Quest 3/3S = touch-plus, Quest Pro = touch-pro, Quest 2 = touch-v3) and tracked hands. About
 * 2.6 MB; the other shipped profiles (Pico, older Oculus, the ~4 MB generic fallbacks each) are
 * cached the first time a headset asks for them.
 */
export const PRECACHED_XR_PROFILE_IDS = [
  'meta-quest-touch-plus',
  'meta-quest-touch-pro',
  'oculus-touch-v3',
  'generic-hand',
] as const satisfies readonly XrProfileId[];

/**
 * Paths (pathname + search, as Workbox tests navigations) the service worker never answers: the
 * records API, the xAPI endpoint and the health check always go to the network. They are also in
 * no precache or runtime route, so plain fetches to them pass by the worker untouched.
 */
export const NETWORK_ONLY_PATHS: readonly RegExp[] = [/^\/api(?:[/?]|$)/, /^\/xapi(?:[/?]|$)/, /^\/healthz(?:\?|$)/];

/** Name of the runtime cache for controller profiles that are not precached. */
export const XR_PROFILE_RUNTIME_CACHE = 'shixun-xr-profiles';

// The largest precached file is the 3D play chunk (~1.4 MB, more in e2e builds); a file over this
// fails the build instead of silently missing from the offline copy.
const MAX_PRECACHED_FILE_BYTES = 4 * 1024 * 1024;

/** Glob patterns (relative to the build folder) of everything precached. */
export function precacheGlobs(): { globPatterns: string[]; globIgnores: string[] } {
  const notPrecached = XR_PROFILE_IDS.filter((id) => !(PRECACHED_XR_PROFILE_IDS as readonly XrProfileId[]).includes(id));
  return {
    globPatterns: [
      // App shell and every chunk, course chunks included (assets/ holds all of them).
      'index.html',
      'favicon.svg',
      'icons/*.png',
      'assets/**/*.{js,css}',
      // Course assets: models, textures, data tables.
      'courses/*/assets/**/*',
      'fonts/*.{woff,woff2}',
      // Every profile description is small; only the models are split by headset.
      'xr-profiles/profilesList.json',
      'xr-profiles/*/profile.json',
      'xr-profiles/*/*.glb',
    ],
    globIgnores: [
      '**/*.map',
      // The build's compressed copies (scripts/compress-build.ts): the server picks them per request.
      '**/*.{br,gz}',
      ...notPrecached.map((id) => `xr-profiles/${id}/*.glb`),
    ],
  };
}

export function pwaOptions(): Partial<VitePWAOptions> {
  return {
    strategies: 'generateSW',
    // src/client/service-worker-registration.ts registers it (production and e2e builds only).
    injectRegister: false,
    // 'prompt' never reloads a page by itself; nothing calls its update function either.
    registerType: 'prompt',
    includeManifestIcons: false,
    manifest: {
      id: '/',
      name: '实训 Shixun',
      short_name: '实训',
      description: '面向公职人员的沉浸式数字素养实训平台 · Immersive training for public officials',
      lang: 'zh-CN',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      background_color: '#eef2f5',
      theme_color: '#0d2740',
      // PNGs for browsers that install only with raster icons (scripts/make-icons.ts draws them).
      icons: [
        { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      ...precacheGlobs(),
      maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
      // Any page path (/?course=…, /device, /?page=sign-in) opens the precached app shell.
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [...NETWORK_ONLY_PATHS],
      // Updates: a new worker installs (downloading the new build into the precache beside the old
      // one) and then waits. No skipWaiting: while any Shixun page is open, the old worker keeps
      // serving the old build, so an attempt in progress lazy-loads the chunks of the version it
      // started on. When every Shixun page has closed, the next start activates the new worker,
      // which deletes the old build's entries. clientsClaim only matters on the very first install
      // (no old worker, so the open page is taken over at once and works offline without a reload).
      //
      // Courses are keyed by version: an attempt is saved under `<course id>@<version>`
      // (src/client/attempt-persistence.ts) and the app only carries the chunk of the version it was
      // built with. An attempt saved on an older version therefore replays only while that build
      // is the one running (the page that started it, or a restart before the update activates);
      // after the update takes over, the old chunk is gone from the cache and the server, the new
      // app finds no saved attempt for the new version and starts afresh, and the old log stays in
      // local storage untouched. A rebuild that keeps a course's version replays the saved attempt
      // on the new chunk, and drops it with a warning if it no longer fits.
      skipWaiting: false,
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      runtimeCaching: [
        {
          // Served with no-cache + ETag: the revalidation in the background is a cheap 304.
          urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/xr-profiles/'),
          handler: 'StaleWhileRevalidate',
          options: { cacheName: XR_PROFILE_RUNTIME_CACHE },
        },
      ],
    },
  };
}
