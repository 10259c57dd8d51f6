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

export async function writeTransaction<T>(database: Database, work: (trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
  if (database.dialect === 'sqlite') {
    // BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout); a plain BEGIN
    // that reads first could fail with SQLITE_BUSY when it later tries to write.
    return database.db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw error;
      }
    });
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await database.db.transaction().execute(work);
    } catch (error) {
      const code = pgCode(error);
      if (attempt >= PG_ATTEMPTS || code === undefined || !RETRYABLE_PG_CODES.has(code)) throw error;
    }
  }
}
