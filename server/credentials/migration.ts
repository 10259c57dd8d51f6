// The credentials tables (server/credentials/tables.ts): migration 0021 in server/migrations.ts.
// Released: never edit, add a new migration.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const credentialsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('credentials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('achievement_id', 'text', (c) => c.notNull())
      .addColumn('achievement_name', 'text', (c) => c.notNull())
      .addColumn('ledger_seq', 'bigint', (c) => c.notNull())
      .addColumn('status_list', 'integer', (c) => c.notNull())
      .addColumn('status_index', 'integer', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .addColumn('credential', 'text', (c) => c.notNull())
      .addColumn('jwt', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_reason', 'text')
      .addColumn('revoked_by', 'text')
      .addColumn('revocation_seq', 'bigint')
      .execute();
    await db.schema.createIndex('credentials_source').unique().on('credentials').columns(['kind', 'ledger_seq']).execute();
    await db.schema
      .createIndex('credentials_status')
      .unique()
      .on('credentials')
      .columns(['status_list', 'status_index'])
      .execute();
    await db.schema.createIndex('credentials_user').on('credentials').columns(['user_id', 'issued_at']).execute();
    await db.schema
      .createTable('credential_status_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('next_index', 'integer', (c) => c.notNull())
      .execute();
    await sql`insert into credential_status_head (id, next_index) values (1, 0)`.execute(db);
  },
};
