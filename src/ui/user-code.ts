// A headset's device code as people type it: any case, with or without the dash, stray spaces.
// The server's codes are 8 characters shown as XXXX-XXXX.

/** The code in the server's form (`BCDF-2345`), or null when it cannot be one. */
export function normalizeUserCode(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{8}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}
