// Every secret the server keeps, hashed one way, in one place:
// - passwords and xAPI client secrets: scrypt, with the cost parameters stored in each hash so
//   they can be raised without breaking old hashes;
// - bearer secrets (session tokens, device codes, API tokens): random bytes handed out once,
//   and their SHA-256, which is all the database keeps, so a copied database signs no one in;
// - a keyed digest (HMAC) for remembering a verified secret in memory without keeping it.
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

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

function scryptAsync(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
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
  if (
    !Number.isInteger(cost.N) ||
    cost.N < 2 ||
    cost.N > 2 ** 20 ||
    !(cost.r >= 1 && cost.r <= 32) ||
    !(cost.p >= 1 && cost.p <= 16)
  )
    return false;
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

/**
 * verifySecret at no less than the standard cost: a cheaply hashed secret (an imported user who
 * has not signed in yet) is padded with a verification against the throwaway hash, so such
 * accounts cannot be told from others, or from unknown ones, by how long a wrong guess takes.
 */
export async function verifyAtStandardCost(secret: string, stored: string): Promise<boolean> {
  const ok = await verifySecret(secret, stored);
  if (needsRehash(stored)) await verifyAgainstDummy(secret);
  return ok;
}

/** A keyed SHA-256 of `secret`: what an in-memory cache of verified secrets keeps instead of the secret. */
export function secretDigest(key: Buffer, secret: string): Buffer {
  return createHmac('sha256', key).update(secret).digest();
}

/** Compares two digests in constant time. */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 32 bytes in base64url, as newToken makes them; anything else is not worth a query. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
