// `honour_decisions` (./tables.ts): migration 0022. Released: never edit, add a new migration.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const honoursMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('honour_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('period_id', 'text', (c) => c.notNull())
      .addColumn('honour_id', 'text', (c) => c.notNull())
      .addColumn('policy_version', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('department', 'text')
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.notNull())
      .addColumn('decided_by_username', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('ledger_seq', 'bigint', (c) => c.notNull())
      .execute();
    // One decision per person, honour and period: a second one (even sent at once) cannot be stored.
    await db.schema
      .createIndex('honour_decisions_once')
      .on('honour_decisions')
      .columns(['period_id', 'honour_id', 'user_id'])
      .unique()
      .execute();
  },
};
