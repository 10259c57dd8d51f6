// Collects every character the app can show (course files and UI strings in source), so the
// font subset covers all of it and troika never asks a CDN for a missing glyph.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const COURSE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx']);
// Test files hold deliberately odd input (emoji, bad text) that the app never shows.
const TEST_FILE = /\.(test|spec)\.tsx?$/;
// Control characters and the byte-order mark are never drawn, so they need no glyph.
const NOT_DRAWN = /[\p{Cc}\uFEFF]/u;

const PRINTABLE_ASCII = String.fromCharCode(...Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => 0x20 + i));
const CJK_PUNCTUATION = '，。、：；！？“”‘’（）《》【】—…·\u3000';
const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

/** Characters the font always carries, whatever the course text: typed input and numbers. */
export const BASE_CHARACTERS = PRINTABLE_ASCII + CJK_PUNCTUATION + FULL_WIDTH_DIGITS;

export interface CharsetSources {
  /** Every character, once, in code point order. */
  readonly charset: string;
  /** For each character, the first file (relative to the root, `/`-separated) that uses it; base characters have none. */
  readonly firstSeenIn: ReadonlyMap<string, string>;
}

const codePoint = (char: string): number => char.codePointAt(0) ?? 0;

async function listFiles(dir: string, extensions: ReadonlySet<string>): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full, extensions)));
    else if (entry.isFile() && extensions.has(path.extname(entry.name))) files.push(full);
  }
  return files;
}

/** Scans `courses/**` (all text) and `src/**`, `config/**` and `server/demo/**` (non-ASCII only) under `rootDir` and records where each character first appears. */
export async function collectCharsetSources(rootDir: string): Promise<CharsetSources> {
  const firstSeenIn = new Map<string, string>();
  const seen = new Set<string>(BASE_CHARACTERS);

  const scan = async (files: readonly string[], keep: (char: string) => boolean): Promise<void> => {
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const relative = path.relative(rootDir, file).split(path.sep).join('/');
      for (const char of text) {
        if (seen.has(char) || NOT_DRAWN.test(char) || !keep(char)) continue;
        seen.add(char);
        firstSeenIn.set(char, relative);
      }
    }
  };

  await scan(await listFiles(path.join(rootDir, 'courses'), COURSE_EXTENSIONS), () => true);
  const sources = (await listFiles(path.join(rootDir, 'src'), SOURCE_EXTENSIONS)).filter((file) => !TEST_FILE.test(file));
  await scan(sources, (char) => codePoint(char) > 0x7e);
  // The training policy's labels and notes (the admin console shows them) and the demo
  // organisation's names and departments (what a new user sees first in every report).
  await scan(await listFiles(path.join(rootDir, 'config'), new Set(['.yaml', '.yml'])), (char) => codePoint(char) > 0x7e);
  await scan(
    (await listFiles(path.join(rootDir, 'server', 'demo'), SOURCE_EXTENSIONS)).filter((file) => !TEST_FILE.test(file)),
    (char) => codePoint(char) > 0x7e,
  );

  const charset = [...seen].sort((a, b) => codePoint(a) - codePoint(b)).join('');
  return { charset, firstSeenIn };
}

/** Every character the app can show under `rootDir`, once, in code point order. */
export async function collectCharset(rootDir: string): Promise<string> {
  return (await collectCharsetSources(rootDir)).charset;
}
