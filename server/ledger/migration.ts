// The ledger tables (server/ledger/tables.ts). Unreleased until committed: afterwards never edit, add a new migration.
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../db/dialect.ts';

export function ledgerMigration(dialect: Dialect): Migration {
  // Scores are fractional; PostgreSQL's `real` would round them to 6 digits.
  const number = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ledger_entries')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('prev', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('attempt_id', 'text')
        .execute();
      await db.schema.createIndex('ledger_entries_attempt').on('ledger_entries').columns(['attempt_id', 'seq']).execute();

      await db.schema
        .createTable('ledger_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text')
        .execute();
      // The one row every append locks; it exists from the start so there is always something to lock.
      await sql`insert into ledger_head (id, seq, hash, key_id) values (1, 0, ${'0'.repeat(64)}, null)`.execute(db);

      await db.schema
        .createTable('ledger_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('first_used', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('result_adjustments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('attempt_id', 'text', (c) => c.notNull().references('attempts.attempt_id'))
        .addColumn('scaled', number, (c) => c.notNull())
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('adjusted_by', 'text', (c) => c.notNull())
        .addColumn('adjusted_by_username', 'text', (c) => c.notNull())
        .addColumn('adjusted_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('result_adjustments_attempt').on('result_adjustments').columns(['attempt_id', 'adjusted_at']).execute();
    },
  };
}
