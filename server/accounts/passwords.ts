// What makes a usable password, and the random initial passwords an admin hands out. Hashing
// them (and every other secret) is ./secrets.ts.
// The rule follows OWASP ASVS v4 2.1: a minimum length by role, no composition rules, and no
// password from a list of common ones (the list of @zxcvbn-ts/language-common, bundled, about
// 49,000 passwords seen in breaches; no network).
import { randomInt } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { Role } from './session-user.ts';

/** Learners' minimum. */
export const MIN_PASSWORD_LENGTH = 10;
/** Admins, department admins and trainers read other people's records: a longer minimum. */
export const MIN_STAFF_PASSWORD_LENGTH = 12;

export function minPasswordLength(role: Role): number {
  return role === 'learner' ? MIN_PASSWORD_LENGTH : MIN_STAFF_PASSWORD_LENGTH;
}

let common: Set<string> | undefined;

/** Whether `password` (ignoring case) is on the list of common passwords. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  return common.has(password.toLowerCase());
}

/** Why `password` cannot be used by someone with `role`, or undefined when it can. */
export function passwordProblem(password: string, role: Role = 'learner'): string | undefined {
  const min = minPasswordLength(role);
  if ([...password].length < min)
    return `A password needs at least ${min} characters${role === 'learner' ? '' : ` for ${role === 'admin' ? 'an' : 'a'} ${role} account`}.`;
  if (password.length > 1024) return 'A password may have at most 1024 characters.';
  if (isCommonPassword(password)) return 'This password is on a list of common passwords; choose another.';
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
