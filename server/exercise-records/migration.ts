// `exercise_results` (./tables.ts): migration 0017. Released: never edit, add a new migration.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/dialect.ts';

export function exerciseResultsMigration(dialect: Dialect): Migration {
  const number = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('exercise_results')
        .addColumn('result_id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('exercise_id', 'text', (c) => c.notNull())
        .addColumn('course_id', 'text', (c) => c.notNull())
        .addColumn('course_version', 'text', (c) => c.notNull())
        .addColumn('role_id', 'text', (c) => c.notNull())
        .addColumn('role_score', number, (c) => c.notNull())
        .addColumn('role_max', number, (c) => c.notNull())
        .addColumn('team_score', number, (c) => c.notNull())
        .addColumn('team_max', number, (c) => c.notNull())
        .addColumn('variables', 'text', (c) => c.notNull())
        .addColumn('finished', 'text', (c) => c.notNull())
        .addColumn('trainer_username', 'text', (c) => c.notNull())
        .execute();
      // One result per participant and session: a second recording of the session cannot add rows.
      await db.schema
        .createIndex('exercise_results_session_user')
        .on('exercise_results')
        .columns(['session_id', 'user_id'])
        .unique()
        .execute();
      // Reports read one period's results: a range of end times.
      await db.schema.createIndex('exercise_results_finished').on('exercise_results').column('finished').execute();
    },
  };
}
