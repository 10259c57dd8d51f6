// What makes a usable password, and the random initial passwords an admin hands out. Hashing
// them (and every other secret) is ./secrets.ts.
import { randomInt } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 10;

/** Why `password` cannot be used, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 1024) return 'A password may have at most 1024 characters.';
  return undefined;
}

// No 0/O, 1/l/I: a trainer reads these aloud or copies them off a printed sheet.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GENERATED_LENGTH = 12;

/** A random initial password: 12 characters from 56, about 70 bits. */
export function generatePassword(): string {
  let password = '';
  for (let i = 0; i < GENERATED_LENGTH; i += 1) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}
