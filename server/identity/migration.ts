// The identity tables (./tables.ts), migration 0018. Released: never edit, add a new migration.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Links from outside identities to accounts, sign-ins in progress and their sessions, and the sign-in settings. */
export const identityLinksMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('identity_links')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('employee_id', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('disabled_by_source', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('identity_links_pk', ['provider', 'subject'])
      .execute();
    // One subject per provider and account: a second person at the provider cannot take it over.
    await db.schema.createIndex('identity_links_user').on('identity_links').columns(['user_id', 'provider']).unique().execute();

    await db.schema
      .createTable('oidc_states')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('browser_hash', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('return_to', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('expires', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oidc_states_expires').on('oidc_states').column('expires').execute();

    await db.schema
      .createTable('sso_sessions')
      .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('id_token', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sign_in_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
  },
};
