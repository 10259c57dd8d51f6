// Proves the shipped font covers every character the app shows and stays in budget
// (docs/performance.md), with HarfBuzz reading the real subset.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_CHARACTERS, collectCharsetSources } from './font-charset.ts';
import { FONT_BUDGET_BYTES } from '../src/client/font-config.ts';
import { describeChar, glyphCount, missingGlyphs, readSourceFont, subsetForCharset } from './font-subset.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('CJK font subset', () => {
  let source: Buffer;
  let charset: string;
  let firstSeenIn: ReadonlyMap<string, string>;
  let font: Buffer;

  beforeAll(async () => {
    source = await readSourceFont();
    ({ charset, firstSeenIn } = await collectCharsetSources(ROOT));
    font = await subsetForCharset(source, charset);
  });

  it('has a glyph for every character in courses and UI source', () => {
    expect(charset.length).toBeGreaterThanOrEqual(BASE_CHARACTERS.length);
    // Noto Sans SC lacks emoji and many dingbats (☐ ☑ ✗ ✔): use □ ▣ ○ ● ✓ × instead.
    const missing = missingGlyphs(font, charset).map(
      (char) => `${describeChar(char)} in ${firstSeenIn.get(char) ?? 'the built-in set'}`,
    );
    expect(missing).toEqual([]);
    expect(glyphCount(font)).toBeGreaterThanOrEqual([...charset].length);
  });

  it(`is at most ${FONT_BUDGET_BYTES / 1000} KB`, () => {
    expect(font.byteLength).toBeLessThanOrEqual(FONT_BUDGET_BYTES);
  });

  it('is WOFF 1.0, which troika reads (it cannot read WOFF2)', () => {
    expect(font.subarray(0, 4).toString('latin1')).toBe('wOFF');
  });

  it('detects a missing glyph, so the coverage check can fail', async () => {
    const without = await subsetForCharset(source, 'abc');
    expect(missingGlyphs(without, 'a中')).toEqual(['中']);
  });
});
