// API tokens for HR systems: an admin issues one with scopes (`reports:read`, `ledger:read`), the
// system sends `Authorization: Bearer shx_…`. Only the SHA-256 of a token is stored. A token is
// never a user session: it opens only the routes that ask for one of its scopes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokenCreated, ApiTokenInfo, ApiTokenScope } from '../../src/contracts/report-types.ts';
import { tokenHash } from '../accounts/secrets.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { bearerToken } from '../http/bearer-token.ts';
import type { ApiTokensTable } from './tables.ts';

export const API_TOKEN_SCOPES: readonly ApiTokenScope[] = ['reports:read', 'ledger:read'];
const TOKEN_PREFIX = 'shx_';
/** `shx_` and 32 random bytes in base64url. */
const TOKEN_PATTERN = /^shx_[A-Za-z0-9_-]{43}$/;
/** How much of the token lists show: `shx_` and four characters. */
const SHOWN_CHARS = 8;
const LAST_USED_EVERY_MS = 60_000;

export function isApiTokenScope(value: unknown): value is ApiTokenScope {
  return typeof value === 'string' && (API_TOKEN_SCOPES as readonly string[]).includes(value);
}

/** What a request's Authorization header says about a scope. */
export type TokenCheck =
  /** No bearer token: the route may look for a session instead. */
  | { readonly kind: 'absent' }
  | { readonly kind: 'granted'; readonly token: ApiTokenInfo }
  | { readonly kind: 'refused'; readonly statusCode: 401 | 403; readonly message: string };

type Row = Selectable<ApiTokensTable>;

function infoOf(row: Row): ApiTokenInfo {
  return {
    id: row.id,
    label: row.label,
    scopes: row.scopes.split(' ').filter(isApiTokenScope),
    prefix: `${row.prefix}…`,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export class ApiTokenStore {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #now: () => number;

  constructor(db: Kysely<DatabaseSchema>, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async create(label: string, scopes: readonly ApiTokenScope[], createdBy: string): Promise<ApiTokenCreated> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row: Row = {
      id: randomUUID(),
      label,
      scopes: [...new Set(scopes)].join(' '),
      prefix: token.slice(0, SHOWN_CHARS),
      token_hash: tokenHash(token),
      created_by: createdBy,
      created_at: new Date(this.#now()).toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.#db.insertInto('api_tokens').values(row).execute();
    return { ...infoOf(row), token };
  }

  /** Every token ever issued, revoked ones too, newest first. */
  async list(): Promise<ApiTokenInfo[]> {
    const rows = await this.#db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(infoOf);
  }

  /** Revokes the token (kept listed); undefined when there is no such token. Revoking twice keeps the first time. */
  async revoke(id: string): Promise<ApiTokenInfo | undefined> {
    await this.#db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date(this.#now()).toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    const row = await this.#db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : infoOf(row);
  }

  /** Revokes every live token `username` issued (when that admin is disabled); answers how many. */
  async revokeIssuedBy(username: string): Promise<number> {
    const result = await this.#db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date(this.#now()).toISOString() })
      .where('created_by', '=', username)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Checks the request's bearer token for `scope`, and notes when a granted token was used. */
  async check(request: FastifyRequest, scope: ApiTokenScope): Promise<TokenCheck> {
    const token = bearerToken(request);
    if (token === undefined) return { kind: 'absent' };
    if (!TOKEN_PATTERN.test(token)) {
      return {
        kind: 'refused',
        statusCode: 401,
        message:
          'The Authorization header holds no Shixun API token: send "Authorization: Bearer shx_…" with a token an admin issued.',
      };
    }
    const row = await this.#db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash(token)).executeTakeFirst();
    if (row === undefined)
      return {
        kind: 'refused',
        statusCode: 401,
        message: 'This API token is not known to the server: ask an admin for a new one.',
      };
    if (row.revoked_at !== null)
      return {
        kind: 'refused',
        statusCode: 401,
        message: `This API token (${row.prefix}…) was revoked on ${row.revoked_at}: ask an admin for a new one.`,
      };
    const info = infoOf(row);
    if (!info.scopes.includes(scope)) {
      return {
        kind: 'refused',
        statusCode: 403,
        message: `This API token (${row.prefix}…) has scopes ${info.scopes.join(', ')}; this request needs ${scope}. Ask an admin for a token with that scope.`,
      };
    }
    // Noted at most once a minute: a busy HR feed should not write on every request.
    const now = this.#now();
    if (row.last_used_at === null || Date.parse(row.last_used_at) <= now - LAST_USED_EVERY_MS) {
      const lastUsedAt = new Date(now).toISOString();
      await this.#db.updateTable('api_tokens').set({ last_used_at: lastUsedAt }).where('id', '=', row.id).execute();
      return { kind: 'granted', token: { ...info, lastUsedAt } };
    }
    return { kind: 'granted', token: info };
  }
}
