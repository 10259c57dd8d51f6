// Basic-auth credentials for xAPI clients: secrets hashed with scrypt (node:crypto), scopes per
// credential, and a short-lived cache so a busy client does not pay for scrypt on every request.
import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';

export const XAPI_SCOPES = ['all', 'statements/read', 'statements/write'] as const;
export type XapiScope = (typeof XAPI_SCOPES)[number];

export interface Credential {
  readonly key: string;
  readonly label: string;
  readonly scopes: ReadonlySet<XapiScope>;
}

// N = 2^15, r = 8: 32 MiB and tens of milliseconds per hash, so guessing stolen hashes is slow.
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash so they can be raised later. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function parseScopes(text: string): Set<XapiScope> {
  return new Set(text.split(' ').filter((scope): scope is XapiScope => (XAPI_SCOPES as readonly string[]).includes(scope)));
}

const CACHE_TTL_MS = 5 * 60_000;
const CACHE_LIMIT = 1000;

export class CredentialStore {
  readonly #db: Kysely<DatabaseSchema>;
  /** Keyed by credential key and stored hash, so a changed secret misses the cache at once. */
  readonly #verified = new Map<string, { digest: Buffer; expires: number }>();
  /** Per-process key: the cache holds HMACs of secrets, never the secrets. */
  readonly #cacheKey = randomBytes(32);

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  /** Creates or replaces the credential `key`. */
  async save(input: { key: string; secret: string; scopes: readonly XapiScope[]; label?: string }): Promise<void> {
    if (input.key === '' || input.key.includes(':')) throw new Error('An xAPI credential key must be non-empty and must not contain ":".');
    if (input.secret.length < 12) throw new Error('An xAPI credential secret must be at least 12 characters long.');
    const row = {
      key: input.key,
      secret_hash: await hashSecret(input.secret),
      scopes: [...new Set(input.scopes)].join(' '),
      label: input.label ?? input.key,
      created: new Date().toISOString(),
    };
    await this.#db
      .insertInto('xapi_credentials')
      .values(row)
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ secret_hash: row.secret_hash, scopes: row.scopes, label: row.label }))
      .execute();
  }

  /** The credential when `secret` is its secret; undefined for an unknown key or a wrong secret. */
  async verify(key: string, secret: string): Promise<Credential | undefined> {
    const row = await this.#db.selectFrom('xapi_credentials').select(['key', 'secret_hash', 'scopes', 'label']).where('key', '=', key).executeTakeFirst();
    if (row === undefined) return undefined;
    const cacheKey = `${row.key}\u0000${row.secret_hash}`;
    const digest = createHmac('sha256', this.#cacheKey).update(secret).digest();
    const cached = this.#verified.get(cacheKey);
    const now = Date.now();
    let ok = cached !== undefined && cached.expires > now && timingSafeEqual(cached.digest, digest);
    if (!ok) {
      ok = await verifySecret(secret, row.secret_hash);
      if (ok) {
        if (this.#verified.size >= CACHE_LIMIT) this.#verified.clear();
        this.#verified.set(cacheKey, { digest, expires: now + CACHE_TTL_MS });
      }
    }
    return ok ? { key: row.key, label: row.label, scopes: parseScopes(row.scopes) } : undefined;
  }
}
