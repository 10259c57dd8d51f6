// Basic-auth credentials for xAPI clients: secrets hashed with scrypt (server/accounts/secrets.ts),
// scopes per credential, and a short-lived cache so a busy client does not pay for scrypt on every
// request.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashSecret, sameDigest, secretDigest, verifyAgainstDummy, verifySecret } from '../accounts/secrets.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { XAPI_CREDENTIAL_SCOPES, type XapiCredentialScope } from '../../src/contracts/account-lifecycle.ts';

/** The scopes, as the request schema the admin console is typed by lists them. */
export const XAPI_SCOPES = XAPI_CREDENTIAL_SCOPES;
export type XapiScope = XapiCredentialScope;

export interface Credential {
  readonly key: string;
  readonly label: string;
  readonly scopes: ReadonlySet<XapiScope>;
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
    if (input.key === '' || input.key.includes(':'))
      throw new Error('An xAPI credential key must be non-empty and must not contain ":".');
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
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({ secret_hash: row.secret_hash, scopes: row.scopes, label: row.label }),
      )
      .execute();
  }

  /** Every credential, without its secret's hash, by key. */
  async list(): Promise<Array<{ key: string; label: string; scopes: XapiScope[]; created: string }>> {
    const rows = await this.#db
      .selectFrom('xapi_credentials')
      .select(['key', 'label', 'scopes', 'created'])
      .orderBy('key')
      .execute();
    return rows.map((row) => ({ key: row.key, label: row.label, scopes: [...parseScopes(row.scopes)], created: row.created }));
  }

  /** Deletes the credential `key`: it stops working at once. False when there was none. */
  async revoke(key: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('xapi_credentials').where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Whether a credential named `key` exists. */
  async has(key: string): Promise<boolean> {
    return (await this.#db.selectFrom('xapi_credentials').select('key').where('key', '=', key).executeTakeFirst()) !== undefined;
  }

  /** The credential when `secret` is its secret; undefined for an unknown key or a wrong secret. */
  async verify(key: string, secret: string): Promise<Credential | undefined> {
    const row = await this.#db
      .selectFrom('xapi_credentials')
      .select(['key', 'secret_hash', 'scopes', 'label'])
      .where('key', '=', key)
      .executeTakeFirst();
    // An unknown key costs the same scrypt as a wrong secret: timing does not tell keys apart.
    if (row === undefined) return verifyAgainstDummy(secret).then(() => undefined);
    const cacheKey = `${row.key}\u0000${row.secret_hash}`;
    const digest = secretDigest(this.#cacheKey, secret);
    const cached = this.#verified.get(cacheKey);
    const now = Date.now();
    let ok = cached !== undefined && cached.expires > now && sameDigest(cached.digest, digest);
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
