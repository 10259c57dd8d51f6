// `npm run xr-profiles`: copies the WebXR controller profiles and models the app needs into
// public/xr-profiles/, so @react-three/xr loads them from the app instead of a CDN.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XR_PROFILE_IDS, XR_PROFILES_PATH } from '../src/client/xr-profiles-config.ts';

interface ProfilesList {
  [profileId: string]: { path: string; deprecated?: boolean } | undefined;
}

interface CopyResult {
  readonly copied: readonly string[];
  readonly absent: readonly string[];
  readonly bytes: number;
}

function sourceDir(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('@webxr-input-profiles/assets/package.json');
    return path.join(path.dirname(manifest), 'dist', 'profiles');
  } catch {
    throw new Error('@webxr-input-profiles/assets is not installed: run `npm install` (it is a devDependency).');
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(full) : (await stat(full)).size;
  }
  return total;
}

/**
 * Replaces `outDir` with the chosen profiles and a profilesList.json that names only them,
 * so an unknown controller falls back to a generic profile that is present instead of a 404.
 */
export async function copyXrProfiles(outDir: string): Promise<CopyResult> {
  const from = sourceDir();
  const list = JSON.parse(await readFile(path.join(from, 'profilesList.json'), 'utf8')) as ProfilesList;
  const copied: string[] = [];
  const absent: string[] = [];
  const shippedList: ProfilesList = {};

  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  for (const id of XR_PROFILE_IDS) {
    const entry = list[id];
    if (!entry || !(await exists(path.join(from, id)))) {
      absent.push(id);
      continue;
    }
    if (path.dirname(entry.path) !== id)
      throw new Error(`Profile ${id} lives in ${entry.path}; expected ${id}/profile.json. Update scripts/copy-xr-profiles.ts.`);
    await cp(path.join(from, id), path.join(outDir, id), { recursive: true });
    shippedList[id] = entry;
    copied.push(id);
  }
  await writeFile(path.join(outDir, 'profilesList.json'), `${JSON.stringify(shippedList, null, 2)}\n`);
  return { copied, absent, bytes: await folderBytes(outDir) };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = path.join(root, 'public', ...XR_PROFILES_PATH.split('/').filter(Boolean));
  copyXrProfiles(outDir).then(
    ({ copied, absent, bytes }) => {
      console.log(
        `XR profiles: ${copied.length} copied to ${path.relative(root, outDir)}/, ${bytes} bytes (${(bytes / 1e6).toFixed(1)} MB).`,
      );
      if (absent.length > 0) console.log(`  not in this @webxr-input-profiles/assets version, skipped: ${absent.join(', ')}`);
    },
    (error: unknown) => {
      console.error(`npm run xr-profiles failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
