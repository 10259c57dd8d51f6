// Writes a Brotli (.br) and a gzip (.gz) copy beside every compressible file of a build, so the
// server sends a headset on a weak training-room network about a quarter of the bytes: the static
// plugin serves the copy the browser accepts (preCompressed) and the original otherwise. Done once
// at build time, at the strongest settings, instead of on every request.
//   npx tsx scripts/compress-build.ts [buildDir]   (default dist; `npm run build` runs it)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text and uncompressed binary formats; fonts (woff) and images (png) are compressed already. */
export const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.webmanifest',
  '.csv',
  '.txt',
  '.glb',
  '.wasm',
]);
/**
 * Served only as written: the service worker script is what the browser byte-compares on every
 * update check, so no copy that could go stale may ever stand in for it (5 kB; not worth the risk).
 */
export const NEVER_COMPRESSED = new Set(['sw.js']);
/** Smaller files gain nothing worth a second request header's bytes. */
export const MIN_BYTES = 1024;
/** Binary models compress well enough at a middle setting; quality 11 on them takes minutes. */
const TEXT_QUALITY = 11;
const BINARY_QUALITY = 6;

export interface CompressedFile {
  readonly file: string;
  readonly bytes: number;
  readonly br: number;
  readonly gz: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Compresses every compressible file under `dir` (in place, beside it); a copy not smaller than the file is not written. */
export async function compressBuild(dir: string): Promise<CompressedFile[]> {
  const files = filesUnder(dir).filter(
    (file) =>
      COMPRESSIBLE.has(path.extname(file).toLowerCase()) &&
      !NEVER_COMPRESSED.has(path.relative(dir, file)) &&
      statSync(file).size >= MIN_BYTES &&
      !file.endsWith('.map'),
  );
  return Promise.all(
    files.map(async (file) => {
      const data = readFileSync(file);
      const binary = ['.glb', '.wasm'].includes(path.extname(file).toLowerCase());
      const [br, gz] = await Promise.all([
        brotli(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: binary ? BINARY_QUALITY : TEXT_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
        gzipAsync(data, { level: 9 }),
      ]);
      if (br.length < data.length) writeFileSync(`${file}.br`, br);
      if (gz.length < data.length) writeFileSync(`${file}.gz`, gz);
      return { file: path.relative(dir, file), bytes: data.length, br: br.length, gz: gz.length };
    }),
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = path.resolve(process.argv[2] ?? 'dist');
  const started = Date.now();
  compressBuild(dir).then(
    (done) => {
      const total = (key: 'bytes' | 'br' | 'gz') => done.reduce((sum, f) => sum + f[key], 0);
      const mb = (n: number) => (n / 1e6).toFixed(1);
      process.stdout.write(
        `compressed ${done.length} files in ${path.relative(process.cwd(), dir) || dir}: ${mb(total('bytes'))} MB → ${mb(total('br'))} MB brotli, ${mb(total('gz'))} MB gzip (${Date.now() - started} ms)\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`Compressing ${dir} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
