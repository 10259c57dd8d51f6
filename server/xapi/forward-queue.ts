// The forward queue in the database (table xapi_forward_queue): statements enter it in the
// transaction that stores them, a forwarder claims due rows for a while (a lease; on PostgreSQL
// with FOR UPDATE SKIP LOCKED, so several instances never take the same rows), and a row leaves
// only once the remote LRS has it. Statements the remote refuses stay as dead letters.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import type { ReceivedAttachment } from './attachments.ts';
import type { StoredStatement } from './types.ts';

/** Rows per statement: well under both databases' bound-parameter limits. */
const CHUNK = 100;

export interface QueuedStatement {
  readonly statementId: string;
  /** Failed tries so far. */
  readonly attempts: number;
  readonly statement: StoredStatement;
}

export interface DeadLetter {
  readonly statementId: string;
  readonly attempts: number;
  readonly reason: string;
  readonly at: string | null;
}

export interface ForwardQueueStatus {
  /** Statements still to be sent (retrying ones included). */
  readonly pending: number;
  /** Statements the remote refused for good; they wait for the operator. */
  readonly dead: number;
  /** When the oldest statement still to be sent was stored. */
  readonly oldestPending: string | null;
  /** The latest failure among statements still to be sent, which are being retried. */
  readonly lastError: { readonly statementId: string; readonly message: string; readonly at: string | null } | null;
  /** The most recent dead letters, newest first. */
  readonly deadLetters: readonly DeadLetter[];
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}

/** Adds statements to the queue inside the caller's (storing) transaction. */
export async function enqueueForForwarding(
  trx: Kysely<DatabaseSchema>,
  statementIds: readonly string[],
  now: number = Date.now(),
): Promise<void> {
  const at = iso(now);
  for (const chunk of chunks(statementIds)) {
    const rows = chunk.map((id) => ({
      statement_id: id,
      attempts: 0,
      next_attempt_at: at,
      lease_until: null,
      last_attempt_at: null,
      last_error: null,
      dead: 0,
      enqueued: at,
    }));
    await trx
      .insertInto('xapi_forward_queue')
      .values(rows)
      .onConflict((conflict) => conflict.column('statement_id').doNothing())
      .execute();
  }
}

export class ForwardQueue {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  /**
   * Takes up to `limit` due rows, oldest statement first, for `leaseMs`: until then no other
   * forwarder (in this process or another) claims them. Rows whose lease ran out (a forwarder
   * that died mid-send) are due again.
   */
  async claim(limit: number, leaseMs: number, now: number = Date.now()): Promise<QueuedStatement[]> {
    const at = iso(now);
    return writeTransaction(this.#database, async (trx) => {
      let due = trx
        .selectFrom('xapi_forward_queue as q')
        .innerJoin('xapi_statements as s', 's.id', 'q.statement_id')
        .select(['q.statement_id', 'q.attempts', 's.statement'])
        .where('q.dead', '=', 0)
        .where('q.next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('q.lease_until', 'is', null), eb('q.lease_until', '<=', at)]))
        .orderBy('s.seq')
        .limit(limit);
      // SQLite's BEGIN IMMEDIATE already keeps every other writer out; PostgreSQL instances
      // skip the rows another one is claiming instead of waiting for them.
      if (this.#database.dialect === 'postgres') due = due.forUpdate('q').skipLocked();
      const rows = await due.execute();
      if (rows.length === 0) return [];
      await trx
        .updateTable('xapi_forward_queue')
        .set({ lease_until: iso(now + leaseMs) })
        .where(
          'statement_id',
          'in',
          rows.map((row) => row.statement_id),
        )
        .execute();
      return rows.map((row) => ({
        statementId: row.statement_id,
        attempts: row.attempts,
        statement: JSON.parse(row.statement) as StoredStatement,
      }));
    });
  }

  /** Keeps claimed rows for another `leaseMs`, e.g. while a refused batch is split and resent. */
  async renew(statementIds: readonly string[], leaseMs: number, now: number = Date.now()): Promise<void> {
    await writeTransaction(this.#database, async (trx) => {
      for (const chunk of chunks(statementIds)) {
        await trx
          .updateTable('xapi_forward_queue')
          .set({ lease_until: iso(now + leaseMs) })
          .where('statement_id', 'in', chunk)
          .execute();
      }
    });
  }

  /** The remote holds them: they leave the queue. */
  async delivered(statementIds: readonly string[]): Promise<void> {
    await writeTransaction(this.#database, async (trx) => {
      for (const chunk of chunks(statementIds))
        await trx.deleteFrom('xapi_forward_queue').where('statement_id', 'in', chunk).execute();
    });
  }

  /** A try failed for a reason that may pass (network, 5xx, 429): try again at `nextAttemptAt`. */
  async failed(statementIds: readonly string[], reason: string, nextAttemptAt: number, now: number = Date.now()): Promise<void> {
    await writeTransaction(this.#database, async (trx) => {
      for (const chunk of chunks(statementIds)) {
        await trx
          .updateTable('xapi_forward_queue')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            next_attempt_at: iso(nextAttemptAt),
            lease_until: null,
            last_attempt_at: iso(now),
            last_error: reason,
          }))
          .where('statement_id', 'in', chunk)
          .execute();
      }
    });
  }

  /** Gives claimed rows back untried (the forwarder stopped, or the rest of a split batch waits). */
  async release(statementIds: readonly string[], nextAttemptAt: number): Promise<void> {
    await writeTransaction(this.#database, async (trx) => {
      for (const chunk of chunks(statementIds)) {
        await trx
          .updateTable('xapi_forward_queue')
          .set({ lease_until: null, next_attempt_at: iso(nextAttemptAt) })
          .where('statement_id', 'in', chunk)
          .execute();
      }
    });
  }

  /** The remote refused the statement itself (400): keep it, with the reason, and stop trying. */
  async deadLetter(statementId: string, reason: string, now: number = Date.now()): Promise<void> {
    await this.#database.db
      .updateTable('xapi_forward_queue')
      .set((eb) => ({
        dead: 1,
        attempts: eb('attempts', '+', 1),
        lease_until: null,
        last_attempt_at: iso(now),
        last_error: reason,
      }))
      .where('statement_id', '=', statementId)
      .execute();
  }

  /** Puts dead letters (all, or those named) back in line, e.g. after the remote was fixed; returns how many. */
  async requeueDead(statementIds?: readonly string[], now: number = Date.now()): Promise<number> {
    let update = this.#database.db
      .updateTable('xapi_forward_queue')
      .set({ dead: 0, attempts: 0, next_attempt_at: iso(now), lease_until: null })
      .where('dead', '=', 1);
    if (statementIds !== undefined) {
      if (statementIds.length === 0) return 0;
      update = update.where('statement_id', 'in', [...statementIds]);
    }
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** When the next row not claimed by anyone is due, if any. */
  async nextDue(now: number = Date.now()): Promise<number | undefined> {
    const at = iso(now);
    const row = await this.#database.db
      .selectFrom('xapi_forward_queue')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('dead', '=', 0)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
      .executeTakeFirst();
    return typeof row?.next === 'string' ? Date.parse(row.next) : undefined;
  }

  async status(deadLetters = 20): Promise<ForwardQueueStatus> {
    const db = this.#database.db;
    const counts = await db
      .selectFrom('xapi_forward_queue')
      .select((eb) => ['dead', eb.fn.countAll<number | string>().as('n'), eb.fn.min('enqueued').as('oldest')])
      .groupBy('dead')
      .execute();
    const pending = counts.find((row) => Number(row.dead) === 0);
    const dead = counts.find((row) => Number(row.dead) === 1);
    const last = await db
      .selectFrom('xapi_forward_queue')
      .select(['statement_id', 'last_error', 'last_attempt_at'])
      .where('dead', '=', 0)
      .where('last_error', 'is not', null)
      .orderBy('last_attempt_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const letters = await db
      .selectFrom('xapi_forward_queue')
      .select(['statement_id', 'attempts', 'last_error', 'last_attempt_at'])
      .where('dead', '=', 1)
      .orderBy('last_attempt_at', 'desc')
      .limit(deadLetters)
      .execute();
    return {
      pending: Number(pending?.n ?? 0),
      dead: Number(dead?.n ?? 0),
      oldestPending: pending?.oldest ?? null,
      lastError:
        last === undefined ? null : { statementId: last.statement_id, message: last.last_error ?? '', at: last.last_attempt_at },
      deadLetters: letters.map((row) => ({
        statementId: row.statement_id,
        attempts: row.attempts,
        reason: row.last_error ?? '',
        at: row.last_attempt_at,
      })),
    };
  }

  /** Attachment contents the statements name, by hash, for a multipart POST. */
  async attachmentContents(sha2s: readonly string[]): Promise<ReceivedAttachment[]> {
    const found: ReceivedAttachment[] = [];
    for (const chunk of chunks([...new Set(sha2s)])) {
      const rows = await this.#database.db
        .selectFrom('xapi_attachments')
        .select(['sha2', 'content_type', 'content'])
        .where('sha2', 'in', chunk)
        .execute();
      for (const row of rows) found.push({ sha2: row.sha2, contentType: row.content_type, content: Buffer.from(row.content) });
    }
    return found;
  }
}
