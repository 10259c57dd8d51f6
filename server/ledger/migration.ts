// The ledger tables (server/ledger/tables.ts). Unreleased until committed: afterwards never edit, add a new migration.
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../db/database.ts';

export function ledgerMigration(dialect: Dialect): Migration {
  // Scores are fractional; PostgreSQL's `real` would round them to 6 digits.
  const number = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
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
        .execute();
      await db.schema.createIndex('result_adjustments_attempt').on('result_adjustments').columns(['attempt_id', 'adjusted_at']).execute();
    },
  };
}
