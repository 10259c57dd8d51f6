// The privacy tables (server/privacy/tables.ts). Unreleased until committed: afterwards never edit, add a new migration.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/dialect.ts';

export function privacyMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('privacy_acknowledgements')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('notice_version', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('privacy_acknowledgements_pk', ['user_id', 'notice_version'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('privacy_acknowledgements').execute();
    },
  };
}
