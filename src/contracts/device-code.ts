// The short user code of device-code sign-in, as the server issues it and people type it on the
// approving browser: 8 characters shown as XXXX-XXXX. One rule for both sides, so the browser never
// sends a code the server would refuse, nor refuses one the server would take.

/** RFC 8628 §6.1: consonants only (no words), and digits that cannot be mistaken for letters. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ23456789';
export const USER_CODE_LENGTH = 8;

/** A code as shown: `BCDF-2345`. */
export function formatUserCode(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/**
 * The code in the server's form (`BCDF-2345`), or null when it cannot be one. Any case, with or
 * without the dash, with stray spaces: `bcdf 2345`, `BCDF2345` and ` BCDF-2345 ` are one code.
 */
export function normalizeUserCode(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (compact.length !== USER_CODE_LENGTH || [...compact].some((char) => !USER_CODE_ALPHABET.includes(char))) return null;
  return formatUserCode(compact);
}
