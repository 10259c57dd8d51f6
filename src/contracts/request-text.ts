// Text fields of request bodies, with the reasons the server gives when one is missing or too
// long: "username is required and must be non-empty text.", "password may have at most 1024
// characters.". The reasons are part of the contract: people read them on the sign-in pages.
import { z } from 'zod';

/** Required, not only spaces, at most `max` characters (counted as people count them, not UTF-16 units). */
export function requiredText(name: string, max: number) {
  const required = `${name} is required and must be non-empty text.`;
  return z
    .string({ error: required })
    .refine((value) => value.trim() !== '', { error: required, abort: true })
    .refine((value) => [...value].length <= max, { error: `${name} may have at most ${max} characters.` });
}
