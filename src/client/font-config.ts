// Where the self-hosted CJK font is served from. Shared by the font build and browser code,
// so it must stay free of Node imports.

/** URL of the subset font for drei `<Text font={FONT_URL}>` (troika reads WOFF, not WOFF2). */
export const FONT_URL = '/fonts/shixun-sc.woff';

/** URL of the characters the font was built for, one string, code point order. */
export const FONT_CHARSET_URL = '/fonts/charset.txt';

/** docs/performance.md: the CJK font shipped is at most 400 KB. */
export const FONT_BUDGET_BYTES = 400 * 1000;
