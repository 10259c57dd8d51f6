// Sessions in the database, keyed by the hash of the cookie's token: created at sign-in, slid
// forward as a browser uses them, ended by sign-out, expiry or a disabled user.
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';
import { iso } from './policy.ts';
import type { AccountsPolicy, Clock } from './policy.ts';
import type { SessionUser } from './session-user.ts';
import { newToken, tokenHash } from './secrets.ts';
import { toSessionUser } from './user-store.ts';

export type SessionKind = 'browser' | 'device';

/** Sliding a session writes a row; once a minute is enough for a 12-hour window. */
const TOUCH_EVERY_MS = 60_000;

export interface ResolvedSession {
  readonly user: SessionUser;
  readonly kind: SessionKind;
  /** An admin set the password: only changing it (and signing out) is allowed. */
  readonly mustChangePassword: boolean;
}

export class SessionStore {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #now: Clock;
  readonly #policy: AccountsPolicy;

  constructor(db: Kysely<DatabaseSchema>, now: Clock, policy: AccountsPolicy) {
    this.#db = db;
    this.#now = now;
    this.#policy = policy;
  }

  lifetimeMs(kind: SessionKind): number {
    return kind === 'browser' ? this.#policy.browserSessionMs : this.#policy.deviceSessionMs;
  }

  /** Starts a session; the token goes into the cookie and is not kept anywhere. */
  async create(userId: string, kind: SessionKind): Promise<string> {
    const now = this.#now();
    const token = newToken();
    await this.#db
      .insertInto('sessions')
      .values({
        id: tokenHash(token),
        user_id: userId,
        kind,
        created: iso(now),
        expires: iso(now + this.lifetimeMs(kind)),
        last_seen: iso(now),
      })
      .execute();
    await this.#db.deleteFrom('sessions').where('expires', '<=', iso(now)).execute();
    return token;
  }

  /** The session's user, or undefined when it is unknown, expired or its user is disabled. */
  async resolve(token: string): Promise<ResolvedSession | undefined> {
    const now = this.#now();
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.kind', 'sessions.expires', 'sessions.last_seen'])
      .where('sessions.id', '=', tokenHash(token))
      .executeTakeFirst();
    if (row === undefined || row.expires <= iso(now) || row.disabled === 1) return undefined;
    // Browser sessions slide; a device session keeps its fixed end, so a shared headset does not
    // stay signed in as one person for ever.
    if (row.kind === 'browser' && Date.parse(row.last_seen) + TOUCH_EVERY_MS <= now) {
      await this.#db
        .updateTable('sessions')
        .set({ last_seen: iso(now), expires: iso(now + this.#policy.browserSessionMs) })
        .where('id', '=', row.session_id)
        .execute();
    }
    return { user: toSessionUser(row), kind: row.kind, mustChangePassword: row.must_change_password === 1 };
  }

  async delete(token: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id', '=', tokenHash(token)).execute();
  }

  /**
   * Ends every session of `userId`, browser and headset, except the one of `keepToken`; also
   * drops device codes they approved that no headset has exchanged yet. Answers how many ended.
   */
  async endAllFor(userId: string, keepToken?: string): Promise<number> {
    let query = this.#db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepToken !== undefined) query = query.where('id', '!=', tokenHash(keepToken));
    const result = await query.executeTakeFirst();
    await this.#db.deleteFrom('device_codes').where('approved_by', '=', userId).where('consumed_at', 'is', null).execute();
    return Number(result.numDeletedRows);
  }
}
