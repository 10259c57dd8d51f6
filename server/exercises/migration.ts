// The joint-exercise tables (server/exercises/tables.ts): sessions, their participants and roles,
// and each session's log. Unreleased until committed: afterwards never edit, add a new migration.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const exerciseSessionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('exercise_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('exercise_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('class_id', 'text', (c) => c.references('classes.id').onDelete('set null'))
      .addColumn('trainer_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('trainer_name', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('open_code', 'text', (c) => c.unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('seed', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('room_id', 'text')
      .addColumn('room_epoch', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('log_length', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('ended', 'text')
      .execute();
    await db.schema.createIndex('exercise_sessions_trainer').on('exercise_sessions').columns(['trainer_id', 'created']).execute();

    await db.schema
      .createTable('exercise_participants')
      .addColumn('session_id', 'text', (c) => c.notNull().references('exercise_sessions.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text')
      .addColumn('joined', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('exercise_participants_pk', ['session_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('exercise_participants_user')
      .on('exercise_participants')
      .columns(['user_id', 'joined'])
      .execute();

    await db.schema
      .createTable('exercise_log')
      .addColumn('session_id', 'text', (c) => c.notNull().references('exercise_sessions.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor_user_id', 'text')
      .addColumn('actor_role', 'text')
      .addColumn('command', 'text')
      .addColumn('accepted', 'integer', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('reason', 'text')
      .addColumn('state_hash', 'text')
      .addPrimaryKeyConstraint('exercise_log_pk', ['session_id', 'seq'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('exercise_log').execute();
    await db.schema.dropTable('exercise_participants').execute();
    await db.schema.dropTable('exercise_sessions').execute();
  },
};

/**
 * 0024: a session started from a moment of another (POST …/fork) names its source and the last
 * entry of the source's log it copied; null for every session started afresh.
 */
export const exerciseForksMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('exercise_sessions').addColumn('forked_from', 'text').execute();
    await db.schema.alterTable('exercise_sessions').addColumn('forked_at_seq', 'integer').execute();
  },
};
