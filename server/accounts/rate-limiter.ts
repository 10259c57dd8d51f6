// Counts events (failed sign-ins, device codes issued) per bucket in a sliding window, in the
// database, so every server process sharing it sees the same counts.
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';
import { iso } from './policy.ts';
import type { Clock } from './policy.ts';

export interface Limit {
  readonly max: number;
  readonly windowMs: number;
}

/** Rows older than this are deleted as new ones arrive; longer than any window in use. */
const KEEP_MS = 24 * 60 * 60_000;

export class RateLimiter {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #now: Clock;

  constructor(db: Kysely<DatabaseSchema>, now: Clock) {
    this.#db = db;
    this.#now = now;
  }

  /** Seconds until `bucket` is under `limit` again, or 0 when it is under it now. */
  async retryAfter(bucket: string, limit: Limit): Promise<number> {
    const now = this.#now();
    const since = iso(now - limit.windowMs);
    const counted = await this.#db
      .selectFrom('rate_limit_events')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('bucket', '=', bucket)
      .where('occurred', '>', since)
      .executeTakeFirst();
    const count = Number(counted?.count ?? 0);
    if (count < limit.max) return 0;
    // The bucket frees up when all but max - 1 of the events in the window have aged out.
    const freeing = await this.#db
      .selectFrom('rate_limit_events')
      .select('occurred')
      .where('bucket', '=', bucket)
      .where('occurred', '>', since)
      .orderBy('occurred')
      .offset(count - limit.max)
      .limit(1)
      .executeTakeFirst();
    const at = freeing === undefined ? now : Date.parse(freeing.occurred) + limit.windowMs;
    return Math.max(1, Math.ceil((at - now) / 1000));
  }

  /** How many events `bucket` had within the last `windowMs`, and when the latest was (ms). */
  async recent(bucket: string, windowMs: number): Promise<{ count: number; last: number | undefined }> {
    const row = await this.#db
      .selectFrom('rate_limit_events')
      .select((eb) => [eb.fn.countAll<string | number>().as('count'), eb.fn.max('occurred').as('last')])
      .where('bucket', '=', bucket)
      .where('occurred', '>', iso(this.#now() - windowMs))
      .executeTakeFirst();
    const count = Number(row?.count ?? 0);
    const last = row?.last === null || row?.last === undefined ? undefined : Date.parse(String(row.last));
    return { count, last };
  }

  /** Whole seconds from now until `at` (ms), at least 1 when `at` is in the future, else 0. */
  secondsUntil(at: number): number {
    const ms = at - this.#now();
    return ms <= 0 ? 0 : Math.max(1, Math.ceil(ms / 1000));
  }

  async record(bucket: string): Promise<void> {
    const now = this.#now();
    await this.#db
      .insertInto('rate_limit_events')
      .values({ bucket, occurred: iso(now) })
      .execute();
    await this.#db
      .deleteFrom('rate_limit_events')
      .where('occurred', '<', iso(now - KEEP_MS))
      .execute();
  }

  async reset(bucket: string): Promise<void> {
    await this.#db.deleteFrom('rate_limit_events').where('bucket', '=', bucket).execute();
  }
}
