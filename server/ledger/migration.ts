// The ledger tables (server/ledger/tables.ts), the first part of migration 0006; server/migrations.ts
// runs grading's result_adjustments right after, in the same migration. Released: never edit, add a new migration.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/dialect.ts';

export function ledgerMigration(_dialect: Dialect): Migration {
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
    },
  };
}

/**
 * Migration 0011: the signed checkpoints, one per size the log has had. Released: never edit.
 * The first start after it signs a checkpoint of the log as it stands (docs/ledger.md, "Upgrading").
 */
export const ledgerCheckpointsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('ledger_checkpoints')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('root', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * Migration 0015: the Merkle frontier of the log at its head (ledger_head.frontier), which appends
 * extend instead of re-reading the log. Released: never edit. Empty until the first start after it
 * fills it in after the full check (docs/ledger.md, "Checking the log").
 */
export const ledgerFrontierMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('ledger_head').addColumn('frontier', 'text').execute();
  },
};

/**
 * Migration 0016: key rotations (docs/ledger.md, "Key rotation"), one per retired key, written by
 * `npm run ledger:rotate-key`. Released: never edit.
 */
export const ledgerRotationsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('ledger_rotations')
      .addColumn('old_key_id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('root', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('old_public_key', 'text', (c) => c.notNull())
      .addColumn('new_key_id', 'text', (c) => c.notNull())
      .addColumn('new_public_key', 'text', (c) => c.notNull())
      .addColumn('old_signature', 'text', (c) => c.notNull())
      .addColumn('new_signature', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .execute();
  },
};
