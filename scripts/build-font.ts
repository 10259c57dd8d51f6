// `npm run font`: writes the Noto Sans SC subset that covers every character in courses and UI
// source (public/fonts/), so drei <Text> never fetches a glyph from a CDN. Skips work when nothing changed.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectCharsetSources } from './font-charset.ts';
import { FONT_BUDGET_BYTES, FONT_CHARSET_URL, FONT_URL } from '../src/client/font-config.ts';
import { describeChar, glyphCount, missingGlyphs, readSourceFont, resolveSourceFont, subsetForCharset } from './font-subset.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const publicPath = (url: string): string => path.join(ROOT, 'public', ...url.split('/').filter(Boolean));
const FONT_FILE = publicPath(FONT_URL);
const CHARSET_FILE = publicPath(FONT_CHARSET_URL);
const STAMP_FILE = path.join(path.dirname(FONT_FILE), '.build-stamp');
// Editing how the subset is cut must rebuild it, so the stamp covers these modules too.
const BUILD_MODULES = ['scripts/font-subset.ts', 'scripts/font-charset.ts', 'src/client/font-config.ts'];

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function inputStamp(charset: string): Promise<string> {
  const hash = createHash('sha256').update(charset);
  const source = await stat(resolveSourceFont());
  hash.update(`${resolveSourceFont()}:${source.size}:${source.mtimeMs}`);
  for (const module of BUILD_MODULES) hash.update(await readFile(path.join(ROOT, module)));
  return hash.digest('hex');
}

async function main(): Promise<void> {
  const started = performance.now();
  const { charset, firstSeenIn } = await collectCharsetSources(ROOT);
  const stamp = await inputStamp(charset);
  const relativeFont = path.relative(ROOT, FONT_FILE);

  if ((await readIfExists(STAMP_FILE)) === stamp && (await readIfExists(CHARSET_FILE)) === charset) {
    const existing = await readFile(FONT_FILE).catch(() => undefined);
    if (existing) {
      console.log(
        `Font up to date: ${relativeFont}, ${glyphCount(existing)} glyphs, ${existing.byteLength} bytes (${kb(existing.byteLength)}).`,
      );
      return;
    }
  }

  const source = await readSourceFont();
  const unsupported = missingGlyphs(source, charset);
  if (unsupported.length > 0) {
    const lines = unsupported.map((char) => `  ${describeChar(char)} first used in ${firstSeenIn.get(char) ?? '(built-in set)'}`);
    throw new Error(
      `${unsupported.length} character(s) have no glyph in Noto Sans SC, so troika would fetch a font for them from a CDN:\n` +
        `${lines.join('\n')}\n` +
        'Replace them with text or a symbol the font has (emoji and rare symbols are not in it). ' +
        'Characters in src/ count even inside comments; *.test.ts files are not scanned.',
    );
  }

  const font = await subsetForCharset(source, charset);
  const uncovered = missingGlyphs(font, charset);
  if (uncovered.length > 0) {
    throw new Error(
      `The subset lost glyphs it should keep: ${uncovered.map(describeChar).join(', ')}. This is a bug in scripts/font-subset.ts.`,
    );
  }
  if (font.byteLength > FONT_BUDGET_BYTES) {
    throw new Error(
      `The font subset is ${kb(font.byteLength)} for ${[...charset].length} characters, over the ${kb(FONT_BUDGET_BYTES)} budget in docs/performance.md. ` +
        'Courses use too many distinct characters: simplify wording, or raise the budget there with a reason.',
    );
  }

  await mkdir(path.dirname(FONT_FILE), { recursive: true });
  await writeFile(FONT_FILE, font);
  await writeFile(CHARSET_FILE, charset);
  await writeFile(STAMP_FILE, stamp);
  const ms = Math.round(performance.now() - started);
  console.log(
    `Font built: ${relativeFont}, ${glyphCount(font)} glyphs for ${[...charset].length} characters, ` +
      `${font.byteLength} bytes (${kb(font.byteLength)} of ${kb(FONT_BUDGET_BYTES)}), in ${ms} ms.`,
  );
}

main().catch((error: unknown) => {
  console.error(`npm run font failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
