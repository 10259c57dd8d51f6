// Migration 0027: the department and rank in force on a result's date. `user_assignments` keeps
// every change of an account's department and rank; the official results carry the department and
// rank the learner held when each was made. Released: never edit, add a new migration.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/dialect.ts';

export function userAssignmentsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user_assignments')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('department', 'text')
        .addColumn('rank', 'text')
        .addColumn('effective_at', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .execute();
      await db.schema
        .createIndex('user_assignments_user')
        .on('user_assignments')
        .columns(['user_id', 'effective_at', 'seq'])
        .execute();
      // History starts here: each account's values now are taken as in force since it was created.
      await sql`insert into user_assignments (user_id, department, "rank", effective_at, source, actor)
        select id, department, "rank", created, 'initial', null from users order by created, id`.execute(db);

      // Results made before this migration: the learner's values at the migration (see docs/policy.md).
      for (const table of ['attempts', 'attempt_results', 'exercise_results'] as const) {
        await db.schema.alterTable(table).addColumn('department', 'text').execute();
        await db.schema.alterTable(table).addColumn('rank', 'text').execute();
      }
      await sql`update attempts set department = (select u.department from users u where u.id = attempts.user_id),
        "rank" = (select u."rank" from users u where u.id = attempts.user_id) where status = 'finished'`.execute(db);
      await sql`update attempt_results set department = (select u.department from users u where u.id = attempt_results.user_id),
        "rank" = (select u."rank" from users u where u.id = attempt_results.user_id)`.execute(db);
      await sql`update exercise_results set department = (select u.department from users u where u.id = exercise_results.user_id),
        "rank" = (select u."rank" from users u where u.id = exercise_results.user_id)`.execute(db);
    },
  };
}
