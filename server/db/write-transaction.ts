// Runs a write as one transaction that either commits whole or leaves nothing behind, with the
// locking each dialect needs for concurrent writers.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DatabaseSchema } from './schema.ts';

/** PostgreSQL's "try again" errors: serialization failure and deadlock. */
const RETRYABLE_PG_CODES = new Set(['40001', '40P01']);
const PG_ATTEMPTS = 4;

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** What runs once the transaction of a writeTransaction has committed (never after a rollback). */
const afterCommit = new WeakMap<object, (() => void)[]>();

/**
 * Runs `action` after `trx` (a writeTransaction's) commits; a rolled-back or retried try drops it.
 * Throws for a transaction that writeTransaction did not open: nobody would run the action.
 */
export function onCommit(trx: Kysely<DatabaseSchema>, action: () => void): void {
  const actions = afterCommit.get(trx);
  if (actions === undefined)
    throw new Error('onCommit needs a transaction opened by writeTransaction (server/db/write-transaction.ts).');
  actions.push(action);
}

function runAfterCommit(actions: readonly (() => void)[]): void {
  for (const action of actions) action();
}

export async function writeTransaction<T>(database: Database, work: (trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
  const tracked = (trx: Kysely<DatabaseSchema>, actions: (() => void)[]): Promise<T> => {
    afterCommit.set(trx, actions);
    return work(trx);
  };
  if (database.dialect === 'sqlite') {
    // BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout); a plain BEGIN
    // that reads first could fail with SQLITE_BUSY when it later tries to write.
    return database.db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      const actions: (() => void)[] = [];
      try {
        const result = await tracked(connection, actions);
        await sql`commit`.execute(connection);
        runAfterCommit(actions);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw error;
      }
    });
  }
  for (let attempt = 1; ; attempt += 1) {
    const actions: (() => void)[] = [];
    try {
      const result = await database.db.transaction().execute((trx) => tracked(trx, actions));
      runAfterCommit(actions);
      return result;
    } catch (error) {
      const code = pgCode(error);
      if (attempt >= PG_ATTEMPTS || code === undefined || !RETRYABLE_PG_CODES.has(code)) throw error;
    }
  }
}
