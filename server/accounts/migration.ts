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

/** A user as the lifecycle migration reads them. */
interface UserKeyRow {
  readonly id: string;
  readonly username: string;
  readonly username_key: string | null;
  readonly created: string;
}

/** Usernames that differ only in case or Unicode width (NFKC, then case folded) are one name. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * Gives every user without one their `username_key`. Where several users share a key (made
 * before usernames were compared without regard to case), the first created keeps it and the
 * others keep none: they still sign in with their exact username, and are returned here so an
 * admin can rename or disable them. Never fails on a collision.
 */
export async function assignUsernameKeys(db: Kysely<unknown>): Promise<string[][]> {
  const users = db as unknown as Kysely<{ users: UserKeyRow }>;
  const rows = await users.selectFrom('users').select(['id', 'username', 'username_key', 'created']).execute();
  const byKey = new Map<string, UserKeyRow[]>();
  for (const row of rows) {
    const key = usernameKey(row.username);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const collisions: string[][] = [];
  for (const [key, group] of byKey) {
    group.sort((a, b) => (a.created === b.created ? a.id.localeCompare(b.id) : a.created.localeCompare(b.created)));
    const holder = group.find((row) => row.username_key === key) ?? group[0];
    if (holder !== undefined && holder.username_key !== key)
      await users.updateTable('users').set({ username_key: key }).where('id', '=', holder.id).execute();
    if (group.length > 1) collisions.push(group.map((row) => row.username));
  }
  return collisions;
}

/** The message an operator reads when usernames collide; undefined when none do. */
export function collisionReport(collisions: readonly (readonly string[])[]): string | undefined {
  if (collisions.length === 0) return undefined;
  const groups = collisions.map((group) => group.map((name) => `"${name}"`).join(' = ')).join('; ');
  return (
    `Usernames that differ only in case or width are now one name. ${collisions.length} group(s) collide: ${groups}. ` +
    'The first created of each group keeps signing in as before; the others sign in only with their exact ' +
    'username until an admin renames or disables them.'
  );
}

/**
 * Migration 0011: usernames unique without regard to case and width (`username_key`), the
 * password an admin set that must be changed at the next sign-in, and the admin audit log.
 */
export const accountsLifecycleMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('username_key', 'text').execute();
    await db.schema
      .alterTable('users')
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    const report = collisionReport(await assignUsernameKeys(db));
    // Reported, not fatal: refusing to start would lock every user out over a naming clash.
    if (report !== undefined) console.warn(`[accounts] ${report}`);
    await db.schema.createIndex('users_username_fold').on('users').column('username_key').unique().execute();

    await db.schema
      .createTable('admin_audit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_username', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('user_agent', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_audit_at').on('admin_audit').column('at').execute();
  },
};
