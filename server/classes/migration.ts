// The classes tables (server/classes/tables.ts). Unreleased until committed: afterwards never edit, add a new migration.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/dialect.ts';

export function classesMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('classes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('course_id', 'text')
        .addColumn('trainer_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('trainer_username', 'text', (c) => c.notNull())
        .addColumn('trainer_name', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('open_code', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('ended', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('classes_trainer').on('classes').columns(['trainer_id', 'created']).execute();
      await db.schema.createIndex('classes_created').on('classes').column('created').execute();

      await db.schema
        .createTable('class_members')
        .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('joined', 'text', (c) => c.notNull())
        .addColumn('active_user_id', 'text', (c) => c.unique())
        .addColumn('left_at', 'text')
        .addColumn('last_seen', 'text')
        .addColumn('gone_at', 'text')
        .addColumn('progress', 'text')
        .addColumn('help_requested_at', 'text')
        .addColumn('help_handled_at', 'text')
        .addColumn('updated', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('class_members_pk', ['class_id', 'user_id'])
        .execute();
      await db.schema.createIndex('class_members_user').on('class_members').columns(['user_id', 'joined']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('class_members').execute();
      await db.schema.dropTable('classes').execute();
    },
  };
}
