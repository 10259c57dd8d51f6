// Checks the self-hosted controller profiles resolve the way @pmndrs/xr resolves them.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyXrProfiles } from './copy-xr-profiles.ts';
import { XR_PROFILE_IDS, xrProfilesBaseAssetPath } from '../src/client/xr-profiles-config.ts';

interface Profile {
  layouts: Record<string, { assetPath: string }>;
}

describe('copyXrProfiles', () => {
  let outDir: string;
  let copied: readonly string[];

  // Serves a URL from outDir, as the app server does for /xr-profiles/.
  const fileFor = (url: string): string => path.join(outDir, new URL(url).pathname.replace(/^\/xr-profiles\//, ''));

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'shixun-xr-profiles-'));
    ({ copied } = await copyXrProfiles(outDir));
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('ships the Quest controllers, the generic fallbacks and the hand model', () => {
    for (const id of [
      'meta-quest-touch-plus',
      'oculus-touch-v3',
      'generic-trigger',
      'generic-trigger-squeeze-thumbstick',
      'generic-hand',
    ]) {
      expect(copied).toContain(id);
    }
    expect(copied.every((id) => (XR_PROFILE_IDS as readonly string[]).includes(id))).toBe(true);
  });

  it('lists only shipped profiles, and every layout model exists at the URL @pmndrs/xr builds', async () => {
    const base = xrProfilesBaseAssetPath('http://localhost:4317/course/ds');
    expect(base).toBe('http://localhost:4317/xr-profiles/');
    const list = JSON.parse(await readFile(fileFor(new URL('profilesList.json', base).href), 'utf8')) as Record<
      string,
      { path: string }
    >;
    expect(Object.keys(list).sort()).toEqual([...copied].sort());
    for (const { path: profilePath } of Object.values(list)) {
      const profileUrl = new URL(profilePath, base).href;
      const profile = JSON.parse(await readFile(fileFor(profileUrl), 'utf8')) as Profile;
      for (const layout of Object.values(profile.layouts)) {
        const model = await stat(fileFor(new URL(layout.assetPath, profileUrl).href));
        expect(model.size).toBeGreaterThan(0);
      }
    }
    const hand = await stat(fileFor(new URL('generic-hand/left.glb', base).href));
    expect(hand.size).toBeGreaterThan(0);
  });

  it('needs an absolute base: a bare path is what @pmndrs/xr cannot join', () => {
    expect(() => new URL('profilesList.json', '/xr-profiles/')).toThrow();
  });
});
