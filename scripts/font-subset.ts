// Cuts the Noto Sans SC subset for a charset and checks glyph coverage with HarfBuzz; shared
// by the font build, its test and the bench.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import * as hb from 'harfbuzzjs';
import subsetFont from 'subset-font';

/** The static Regular TTF; a variable font would need instancing and WOFF2 would not load in troika. */
export const SOURCE_FONT = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

// troika shapes only with kerning and simple ligatures; keeping every OpenType feature would
// pull in vertical and regional (JP/KR/TW) variants of each glyph and nearly double the size.
const KEEP_FEATURES = ['kern', 'liga'] as const;

export function resolveSourceFont(): string {
  try {
    return createRequire(import.meta.url).resolve(SOURCE_FONT);
  } catch {
    throw new Error(`Source font ${SOURCE_FONT} not found: run \`npm install\` (it is a devDependency).`);
  }
}

/** A WOFF subset of `source` (a TTF) with exactly the glyphs for `charset`. */
export async function subsetForCharset(source: Uint8Array, charset: string): Promise<Buffer> {
  return subsetFont(source, charset, { targetFormat: 'woff', keepFeatures: KEEP_FEATURES });
}

export async function readSourceFont(): Promise<Buffer> {
  return readFile(resolveSourceFont());
}

/** Unwraps WOFF 1.0 to a plain sfnt (TTF/OTF) so HarfBuzz, which reads no WOFF, can check it. */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const input = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.byteLength < 44 || input.getUint32(0) !== 0x774f4646) throw new Error('Not a WOFF 1.0 file (no wOFF signature).');
  const flavor = input.getUint32(4);
  const numTables = input.getUint16(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    return {
      tag: input.getUint32(at),
      offset: input.getUint32(at + 4),
      compLength: input.getUint32(at + 8),
      origLength: input.getUint32(at + 12),
      checksum: input.getUint32(at + 16),
    };
  });
  const padded = (n: number): number => (n + 3) & ~3;
  const headerSize = 12 + numTables * 16;
  const out = new Uint8Array(headerSize + tables.reduce((sum, t) => sum + padded(t.origLength), 0));
  const view = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(Math.max(1, numTables)));
  const searchRange = 2 ** entrySelector * 16;
  view.setUint32(0, flavor);
  view.setUint16(4, numTables);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, numTables * 16 - searchRange);
  let offset = headerSize;
  tables.forEach((table, i) => {
    const raw = woff.subarray(table.offset, table.offset + table.compLength);
    const data = table.compLength < table.origLength ? inflateSync(raw) : raw;
    if (data.byteLength !== table.origLength) throw new Error('Corrupt WOFF: a table does not inflate to its declared length.');
    const at = 12 + i * 16;
    view.setUint32(at, table.tag);
    view.setUint32(at + 4, table.checksum);
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, table.origLength);
    out.set(data, offset);
    offset += padded(table.origLength);
  });
  return out;
}

function openFont(fontBytes: Uint8Array): { face: hb.Face; font: hb.Font } {
  const isWoff = fontBytes.byteLength >= 4 && new DataView(fontBytes.buffer, fontBytes.byteOffset).getUint32(0) === 0x774f4646;
  const face = new hb.Face(new hb.Blob(isWoff ? woffToSfnt(fontBytes) : fontBytes), 0);
  return { face, font: new hb.Font(face) };
}

/** The characters of `charset` that `fontBytes` (TTF, OTF or WOFF) has no glyph for, in order. */
export function missingGlyphs(fontBytes: Uint8Array, charset: string): string[] {
  const { font } = openFont(fontBytes);
  return [...charset].filter((char) => font.nominalGlyph(char.codePointAt(0) ?? 0) === undefined);
}

/** Number of glyphs in the font, .notdef included (the `maxp` table's count). */
export function glyphCount(fontBytes: Uint8Array): number {
  const maxp = openFont(fontBytes).face.referenceTable('maxp');
  if (!maxp || maxp.byteLength < 6) throw new Error('Font has no valid maxp table.');
  return new DataView(maxp.buffer, maxp.byteOffset, maxp.byteLength).getUint16(4);
}

/** `'中' U+4E2D` style label for error messages. */
export function describeChar(char: string): string {
  return `'${char}' U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
