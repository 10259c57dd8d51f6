// Password and secret hashing shared by accounts and xAPI credentials: scrypt from node:crypto,
// with the cost parameters stored in each hash so they can be raised without breaking old hashes.
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

// N = 2^15, r = 8: 32 MiB and tens of milliseconds per hash, so guessing stolen hashes is slow.
const STANDARD_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
// For secrets the server generates itself (~70 random bits, see generatePassword): guessing
// them is hopeless at any cost, and a 10,000-row import must not spend 70 ms of CPU per row.
// Such hashes are raised to the standard cost at the first sign-in (needsRehash).
const RANDOM_SECRET_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
const KEY_LENGTH = 32;

export const MIN_PASSWORD_LENGTH = 10;

function scryptAsync(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

async function hashWithCost(secret: string, cost: ScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash so they can be raised later. */
export function hashSecret(secret: string): Promise<string> {
  return hashWithCost(secret, STANDARD_COST);
}

/** A cheaper hash, only for a secret from generatePassword (high entropy). */
export function hashGeneratedSecret(secret: string): Promise<string> {
  return hashWithCost(secret, RANDOM_SECRET_COST);
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  // A corrupt row must not become a crash or an unbounded allocation.
  if (!Number.isInteger(cost.N) || cost.N < 2 || cost.N > 2 ** 20 || !(cost.r >= 1 && cost.r <= 32) || !(cost.p >= 1 && cost.p <= 16)) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True when `stored` was made with less than today's standard cost. */
export function needsRehash(stored: string): boolean {
  const [, n, r] = stored.split('$');
  return Number(n) < STANDARD_COST.N || Number(r) < STANDARD_COST.r;
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so that signing in as a user who does not exist takes as
 * long as a wrong password for one who does (no timing oracle for usernames). Always false.
 */
export async function verifyAgainstDummy(secret: string): Promise<false> {
  dummyHash ??= hashSecret(randomBytes(16).toString('base64'));
  await verifySecret(secret, await dummyHash);
  return false;
}

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
