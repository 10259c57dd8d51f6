// Static measurements of a build folder: start-up chunks from index.html and their static
// imports, per-course chunks, emulator markers, and the font — each chunk gzipped at level 9.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ChunkSize {
  /** Path under the build folder, e.g. `assets/index-abc.js`. */
  readonly file: string;
  readonly bytes: number;
  readonly gzip: number;
}

export function gzipSize(data: Buffer | string): number {
  return gzipSync(data, { level: 9 }).length;
}

export function chunkSize(distDir: string, file: string): ChunkSize {
  const data = readFileSync(join(distDir, file));
  return { file, bytes: data.length, gzip: gzipSize(data) };
}

export function sumGzip(chunks: readonly ChunkSize[]): number {
  return chunks.reduce((sum, c) => sum + c.gzip, 0);
}

/** `/assets/x.js` or `./x.js` (relative to `from`) → `assets/x.js`. */
function resolveRef(ref: string, from: string): string {
  const path = ref.startsWith('/') ? ref.slice(1) : posix.join(posix.dirname(from), ref);
  return posix.normalize(path);
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag);
  return m?.[1] ?? null;
}

/** Static imports of a built ES module (`from"./x.js"`, `import"./x.js"`); dynamic `import()` excluded. */
export function staticImports(code: string, from: string): string[] {
  const refs = new Set<string>();
  const patterns = [/\bfrom\s*["'`](\.{1,2}\/[^"'`]+?\.js)["'`]/g, /\bimport\s*["'`](\.{1,2}\/[^"'`]+?\.js)["'`]/g];
  for (const re of patterns) for (const m of code.matchAll(re)) if (m[1]) refs.add(resolveRef(m[1], from));
  return [...refs];
}

export interface StartupStatic {
  readonly entry: string;
  readonly modulepreload: readonly string[];
  /** Chunks reached only by following static imports (not listed in index.html). */
  readonly unlisted: readonly string[];
  readonly chunks: readonly ChunkSize[];
  readonly gzip: number;
}

/** The entry script, every modulepreload link, and their static imports, recursively. */
export function startupStatic(distDir: string): StartupStatic {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const tags = [...html.matchAll(/<(script|link)\b[^>]*>/gi)].map((m) => m[0]);
  const entryTag = tags.find((t) => /^<script/i.test(t) && /type\s*=\s*["']module["']/i.test(t) && attr(t, 'src'));
  const entrySrc = entryTag ? attr(entryTag, 'src') : null;
  if (!entrySrc) throw new Error(`${distDir}/index.html has no <script type=module src>`);
  const entry = resolveRef(entrySrc, 'index.html');
  const modulepreload = tags
    .filter((t) => /^<link/i.test(t) && /rel\s*=\s*["']modulepreload["']/i.test(t))
    .map((t) => attr(t, 'href'))
    .filter((h): h is string => h !== null)
    .map((h) => resolveRef(h, 'index.html'));
  const listed = new Set([entry, ...modulepreload]);
  const seen = new Set<string>();
  const queue = [...listed];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const dep of staticImports(readFileSync(join(distDir, file), 'utf8'), file)) if (!seen.has(dep)) queue.push(dep);
  }
  const chunks = [...seen].sort().map((f) => chunkSize(distDir, f));
  return { entry, modulepreload, unlisted: [...seen].filter((f) => !listed.has(f)).sort(), chunks, gzip: sumGzip(chunks) };
}

function assetFiles(distDir: string): string[] {
  const dir = join(distDir, 'assets');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => statSync(join(dir, f)).isFile())
        .map((f) => `assets/${f}`)
        .sort()
    : [];
}

/** The chunk(s) named after a course: its public view and its full course (`course-public-<id>-<hash>.js`, `course-full-<id>-<hash>.js`). */
export function courseChunksStatic(distDir: string, courseId: string): ChunkSize[] {
  const escaped = courseId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^assets/(course-(public|full)-)?${escaped}-[\\w-]{6,}\\.js$`);
  return assetFiles(distDir)
    .filter((f) => re.test(f))
    .map((f) => chunkSize(distDir, f));
}

/**
 * Strings only IWER (the emulated headset), its dev UI and synthetic-environment module, or
 * @pmndrs/xr's emulate() with its sample rooms contain. `@iwer/` names IWER's internal symbols;
 * the room names are the emulator's default synthetic environments.
 */
export const EMULATOR_MARKERS: readonly string[] = [
  '@iwer/',
  'installRuntime',
  'installSEM',
  'installDevUI',
  'SyntheticEnvironmentModule',
  'office_small',
  'meeting_room',
];

export interface EmulatorHit {
  readonly file: string;
  readonly bytes: number;
  readonly markers: readonly string[];
}

/** Every file under assets/ (source maps included) that contains an emulator marker. */
export function emulatorChunks(distDir: string): EmulatorHit[] {
  const hits: EmulatorHit[] = [];
  for (const file of assetFiles(distDir)) {
    const data = readFileSync(join(distDir, file));
    const text = data.toString('latin1');
    const markers = EMULATOR_MARKERS.filter((m) => text.includes(m));
    if (markers.length > 0) hits.push({ file, bytes: data.length, markers });
  }
  return hits;
}

export function fileBytes(path: string): number | null {
  return existsSync(path) ? statSync(path).size : null;
}
