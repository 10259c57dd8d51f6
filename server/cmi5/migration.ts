// `cmi5_launches` (./tables.ts): migration 0026. Released: never edit, add a new migration.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const cmi5LaunchesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cmi5_launches')
      .addColumn('fetch_id', 'text', (c) => c.primaryKey())
      .addColumn('credential_key', 'text', (c) => c.notNull())
      .addColumn('registration', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('course_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('fetched_at', 'text')
      .execute();
  },
};
