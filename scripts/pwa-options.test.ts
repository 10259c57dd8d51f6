// The offline settings, checked with Workbox itself: what a build folder's precache holds, and
// which paths the service worker must leave to the network.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getManifest } from 'workbox-build';
import { NETWORK_ONLY_PATHS, PRECACHED_XR_PROFILE_IDS, precacheGlobs, pwaOptions } from './pwa-options.ts';
import { XR_PROFILE_IDS } from '../src/client/xr-profiles-config.ts';

const isNetworkOnly = (pathAndSearch: string) => NETWORK_ONLY_PATHS.some((pattern) => pattern.test(pathAndSearch));

describe('paths left to the network', () => {
  it.each(['/api', '/api/v1/auth/me', '/api?x=1', '/xapi/statements', '/xapi/about?y', '/healthz', '/healthz?probe=1'])(
    '%s is never answered by the worker',
    (path) => {
      expect(isNetworkOnly(path)).toBe(true);
    },
  );

  it.each([
    '/',
    '/?course=data-security&lang=en',
    '/?page=sign-in&next=/api',
    '/device?code=BCDF-2345',
    '/apis',
    '/healthzz',
    '/courses/api/assets/a.glb',
  ])('%s opens the app shell', (path) => {
    expect(isNetworkOnly(path)).toBe(false);
  });

  it('names PNG icons of 192 and 512 px and a maskable one that exist in public/', () => {
    const manifest = pwaOptions().manifest;
    const icons = manifest === false || manifest === undefined ? [] : (manifest.icons ?? []);
    const pngs = icons.filter((icon) => icon.type === 'image/png');
    expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of pngs) {
      const file = readFileSync(new URL(`../public${icon.src}`, import.meta.url));
      // PNG signature, then the IHDR width (bytes 16–19) matching the declared size.
      expect(file.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(`${file.readUInt32BE(16)}x${file.readUInt32BE(20)}`).toBe(icon.sizes);
    }
  });

  it('is the navigation fallback denylist, and nothing skips waiting', () => {
    const { workbox } = pwaOptions();
    expect(workbox?.navigateFallback).toBe('index.html');
    expect(workbox?.navigateFallbackDenylist).toEqual(NETWORK_ONLY_PATHS);
    expect(workbox?.skipWaiting).toBe(false);
  });
});

describe('what a build precaches', () => {
  const build = mkdtempSync(join(tmpdir(), 'shixun-pwa-'));
  afterAll(() => rmSync(build, { recursive: true, force: true }));
  const files = [
    'index.html',
    'favicon.svg',
    'icons/icon-192.png',
    'icons/icon-512.png',
    'assets/index-abc123.js',
    'assets/index-abc123.js.map',
    'assets/index-abc123.css',
    'assets/course-full-data-security-def456.js',
    'courses/data-security/assets/visitor-kiosk.glb',
    'courses/algorithm-ethics/assets/tables/housing-subsidy.csv',
    'fonts/shixun-sc.woff',
    'fonts/charset.txt',
    'xr-profiles/profilesList.json',
    ...XR_PROFILE_IDS.flatMap((id) => [
      `xr-profiles/${id}/profile.json`,
      `xr-profiles/${id}/left.glb`,
      `xr-profiles/${id}/right.glb`,
    ]),
    'sw.js',
    'workbox-0123abcd.js',
  ];
  for (const file of files) {
    mkdirSync(dirname(join(build, file)), { recursive: true });
    writeFileSync(join(build, file), `contents of ${file}`);
  }

  it('holds the shell, every chunk and course asset, the font and the Quest controller models', async () => {
    const { manifestEntries, warnings } = await getManifest({ globDirectory: build, ...precacheGlobs() });
    expect(warnings).toEqual([]);
    const urls = (manifestEntries ?? []).map((entry) => entry.url).sort();
    const precachedModels = PRECACHED_XR_PROFILE_IDS.flatMap((id) => [
      `xr-profiles/${id}/left.glb`,
      `xr-profiles/${id}/right.glb`,
    ]);
    expect(urls).toEqual(
      [
        'index.html',
        'favicon.svg',
        'icons/icon-192.png',
        'icons/icon-512.png',
        'assets/index-abc123.js',
        'assets/index-abc123.css',
        'assets/course-full-data-security-def456.js',
        'courses/data-security/assets/visitor-kiosk.glb',
        'courses/algorithm-ethics/assets/tables/housing-subsidy.csv',
        'fonts/shixun-sc.woff',
        'xr-profiles/profilesList.json',
        ...XR_PROFILE_IDS.map((id) => `xr-profiles/${id}/profile.json`),
        ...precachedModels,
      ].sort(),
    );
  });

  it('ships every precached profile', () => {
    for (const id of PRECACHED_XR_PROFILE_IDS) expect(XR_PROFILE_IDS).toContain(id);
  });
});
