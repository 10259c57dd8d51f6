// The accounts tables (server/accounts/tables.ts), migration 0003. Released: never edit, add a new migration.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Users, their sessions, device-code sign-ins and the rate-limit log (server/accounts/). */
export const accountsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('employee_id', 'text', (c) => c.unique())
      .addColumn('department', 'text')
      .addColumn('rank', 'text')
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('users_role').on('users').column('role').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('expires', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema.createIndex('sessions_expires').on('sessions').column('expires').execute();

    await db.schema
      .createTable('device_codes')
      .addColumn('device_code', 'text', (c) => c.primaryKey())
      .addColumn('user_code', 'text', (c) => c.notNull().unique())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('expires', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('approved_at', 'text')
      .addColumn('consumed_at', 'text')
      .addColumn('last_poll', 'text')
      .execute();
    await db.schema.createIndex('device_codes_expires').on('device_codes').column('expires').execute();

    await db.schema
      .createTable('rate_limit_events')
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('occurred', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rate_limit_events_bucket').on('rate_limit_events').columns(['bucket', 'occurred']).execute();
    await db.schema.createIndex('rate_limit_events_occurred').on('rate_limit_events').column('occurred').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['rate_limit_events', 'device_codes', 'sessions', 'users']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
