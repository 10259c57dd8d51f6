// Class join codes: six digits, typed by people in any spacing. One reading for the browser's
// check before sending and the server's before looking the code up.

/**
 * `482 913`, `482-913` and `482913` are one code, and so is `４８２９１３` typed with a Chinese
 * input method in full-width mode; undefined when the text cannot be one.
 */
export function normalizeClassCode(input: string): string | undefined {
  const digits = input.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0)).replace(/[\s\-－]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/** `482913` → `482 913`: two groups of three, easier to read out and to type. */
export function spacedClassCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
