// The grading tables (server/grading/tables.ts): attempts (0004), result_adjustments (the second
// part of 0006, after the ledger's tables), the narrow attempt_results (0010) and the server's
// arrival time of each action (0011), the learner's extra time (0023) and the attempt tickets
// (0025). Released: never edit, add a new migration.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/dialect.ts';

/** Assessment attempts graded by the server: the learner's action log and the official result (server/grading/). */
export function attemptsMigration(dialect: Dialect): Migration {
  // Scores are fractional (partial credit); PostgreSQL's `real` would round them to 6 digits.
  const number = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('attempts')
        .addColumn('attempt_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('course_id', 'text', (c) => c.notNull())
        .addColumn('course_version', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('log', 'text', (c) => c.notNull())
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('statement_seed', 'text', (c) => c.notNull())
        .addColumn('score', number)
        .addColumn('max', number)
        .addColumn('scaled', number)
        .addColumn('passed', 'integer')
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('started', 'text', (c) => c.notNull())
        .addColumn('updated', 'text', (c) => c.notNull())
        .addColumn('finished', 'text')
        .execute();
      await db.schema.createIndex('attempts_user').on('attempts').columns(['user_id', 'started']).execute();
      await db.schema.createIndex('attempts_username').on('attempts').columns(['username', 'started']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('attempts').execute();
    },
  };
}

/** Admins' corrections of official results, each recorded in the ledger too: part of migration 0006. */
export function resultAdjustmentsMigration(dialect: Dialect): Migration {
  // Scores are fractional; PostgreSQL's `real` would round them to 6 digits.
  const number = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('result_adjustments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('attempt_id', 'text', (c) => c.notNull().references('attempts.attempt_id'))
        .addColumn('scaled', number, (c) => c.notNull())
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('adjusted_by', 'text', (c) => c.notNull())
        .addColumn('adjusted_by_username', 'text', (c) => c.notNull())
        .addColumn('adjusted_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('result_adjustments_attempt')
        .on('result_adjustments')
        .columns(['attempt_id', 'adjusted_at'])
        .execute();
    },
  };
}

/**
 * `attempt_results`: each finished attempt's official result without the large `log` and `result`
 * text (reports read it; server/grading/attempt-rows.ts writes it as an attempt finishes).
 * Backfilled from the finished attempts already held, in one statement on either dialect.
 */
export function attemptResultsMigration(dialect: Dialect): Migration {
  const number = dialect === 'postgres' ? 'double precision' : 'real';
  const dimensions =
    dialect === 'postgres'
      ? sql`coalesce((result::json -> 'dimensions')::text, '[]')`
      : sql`coalesce(json_extract(result, '$.dimensions'), '[]')`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('attempt_results')
        .addColumn('attempt_id', 'text', (c) => c.primaryKey().references('attempts.attempt_id'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('course_id', 'text', (c) => c.notNull())
        .addColumn('course_version', 'text', (c) => c.notNull())
        .addColumn('score', number, (c) => c.notNull())
        .addColumn('max', number, (c) => c.notNull())
        .addColumn('scaled', number, (c) => c.notNull())
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('finished', 'text', (c) => c.notNull())
        .addColumn('dimensions', 'text', (c) => c.notNull())
        .execute();
      // Reports read one period's results: a range of finish times.
      await db.schema.createIndex('attempt_results_finished').on('attempt_results').column('finished').execute();
      await sql`insert into attempt_results (attempt_id, user_id, username, course_id, course_version, score, "max", scaled, passed, finished, dimensions)
        select attempt_id, user_id, username, course_id, course_version, score, "max", scaled, passed, finished, ${dimensions}
        from attempts
        where status = 'finished' and finished is not null and score is not null and "max" is not null and scaled is not null and passed is not null`.execute(
        db,
      );
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('attempt_results').execute();
    },
  };
}

/**
 * `attempts.arrivals`: when the server received each action of the log (JSON array of ms). Rows
 * from before it hold `[]`: their actions' arrival times are unknown and their timed steps keep the
 * times the browser claimed.
 */
/**
 * Extra time: the factor an admin grants a learner (users), and the one an attempt was started
 * with (attempts), both in percent (100: none; 125, 150, 200).
 */
export const extraTimeMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('users')
      .addColumn('extra_time_percent', 'integer', (c) => c.notNull().defaultTo(100))
      .execute();
    await db.schema
      .alterTable('attempts')
      .addColumn('extra_time_percent', 'integer', (c) => c.notNull().defaultTo(100))
      .execute();
  },
};

export const attemptArrivalsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('attempts')
      .addColumn('arrivals', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};

/**
 * `attempt_tickets` (0025): the id the server issued for a learner's next assessment attempt of a
 * course, one per learner and course, until an attempt starts with it (./attempt-tickets.ts).
 */
export const attemptTicketsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('attempt_tickets')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('course_id', 'text', (c) => c.notNull())
      .addColumn('attempt_id', 'text', (c) => c.notNull().unique())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('attempt_tickets_pk', ['user_id', 'course_id'])
      .execute();
  },
};
