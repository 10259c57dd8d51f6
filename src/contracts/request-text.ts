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

/**
 * Optional text: absent, null and empty all read as null; anything else is held to requiredText's
 * rules (not only spaces, at most `max` characters).
 */
export function optionalText(name: string, max: number) {
  const required = `${name} is required and must be non-empty text.`;
  return z
    .string({ error: required })
    .nullish()
    .refine((value) => value === null || value === undefined || value === '' || value.trim() !== '', {
      error: required,
      abort: true,
    })
    .refine((value) => value === null || value === undefined || [...value].length <= max, {
      error: `${name} may have at most ${max} characters.`,
    })
    .transform((value) => (value === undefined || value === '' ? null : value));
}
