// Reads and writes of the attempts table. Appends go through `lockAttempt` inside a write
// transaction and a compare-and-set on `received`, so two batches for one attempt never interleave.
// The append that finishes an attempt also writes its narrow `attempt_results` row, in the same
// transaction, so reports never read the large log and result columns.
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import type { AttemptResultsTable } from './tables.ts';
import type { AttemptRow, StoredResult } from './attempt-view.ts';

/** The row, locked until the transaction ends (SQLite's BEGIN IMMEDIATE already locks the file). */
export async function lockAttempt(
  trx: Kysely<DatabaseSchema>,
  dialect: Database['dialect'],
  attemptId: string,
): Promise<AttemptRow | undefined> {
  const query = trx.selectFrom('attempts').selectAll().where('attempt_id', '=', attemptId);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * Holds this learner's starts until the transaction ends, so the caps on starts per period and on
 * attempts open at once are checked and the new attempt inserted by one start at a time. On
 * PostgreSQL a transaction-scoped advisory lock keyed by the learner (concurrent starts at READ
 * COMMITTED would otherwise all count the same rows); SQLite's BEGIN IMMEDIATE already makes every
 * write transaction wait for the one before.
 */
export async function lockLearnerStarts(
  trx: Kysely<DatabaseSchema>,
  dialect: Database['dialect'],
  userId: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`shixun.assessment-starts:${userId}`}, 0))`.execute(trx);
}

export async function findAttempt(db: Kysely<DatabaseSchema>, attemptId: string): Promise<AttemptRow | undefined> {
  return db.selectFrom('attempts').selectAll().where('attempt_id', '=', attemptId).executeTakeFirst();
}

/** A user's attempts, newest first. */
export async function attemptsOf(db: Kysely<DatabaseSchema>, username: string, limit: number): Promise<AttemptRow[]> {
  return db
    .selectFrom('attempts')
    .selectAll()
    .where('username', '=', username)
    .orderBy('started', 'desc')
    .orderBy('attempt_id')
    .limit(limit)
    .execute();
}

export interface NewAttempt {
  readonly attemptId: string;
  readonly userId: string;
  readonly username: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly seed: string;
  readonly now: string;
  /** The learner's extra time at the start, in percent (100: none, the default). */
  readonly extraTimePercent?: number;
}

/**
 * Creates the empty row unless one exists. Within the caller's transaction: if the batch is
 * refused the row goes with it. A concurrent creator of the same id waits here and then finds the row.
 */
export async function insertEmptyAttempt(trx: Kysely<DatabaseSchema>, attempt: NewAttempt): Promise<void> {
  await trx
    .insertInto('attempts')
    .values({
      attempt_id: attempt.attemptId,
      user_id: attempt.userId,
      username: attempt.username,
      course_id: attempt.courseId,
      course_version: attempt.courseVersion,
      mode: 'assessment',
      log: '[]',
      received: 0,
      status: 'in-progress',
      statement_seed: attempt.seed,
      extra_time_percent: attempt.extraTimePercent ?? 100,
      score: null,
      max: null,
      scaled: null,
      passed: null,
      result: JSON.stringify({ steps: [], scenes: [], dimensions: [] }),
      started: attempt.now,
      updated: attempt.now,
      finished: null,
    })
    .onConflict((conflict) => conflict.column('attempt_id').doNothing())
    .execute();
}

export interface AttemptAppend {
  readonly log: string;
  /** JSON: when the server received each action of `log` (left as it is when not given). */
  readonly arrivals?: string;
  readonly received: number;
  readonly status: 'in-progress' | 'finished';
  readonly result: string;
  readonly totals?: { readonly score: number; readonly max: number; readonly scaled: number; readonly passed: boolean };
  readonly now: string;
}

/** Appends, if the row still holds `expectedReceived` actions; returns the new row, or undefined if it had moved on. */
export async function appendToAttempt(
  trx: Kysely<DatabaseSchema>,
  attemptId: string,
  expectedReceived: number,
  append: AttemptAppend,
): Promise<AttemptRow | undefined> {
  const totals = append.totals;
  // The department and rank in force as the result is made are recorded with it.
  const held =
    totals === undefined
      ? undefined
      : await trx
          .selectFrom('attempts as a')
          .innerJoin('users as u', 'u.id', 'a.user_id')
          .select(['u.department', 'u.rank'])
          .where('a.attempt_id', '=', attemptId)
          .executeTakeFirst();
  const row = await trx
    .updateTable('attempts')
    .set({
      log: append.log,
      ...(append.arrivals === undefined ? {} : { arrivals: append.arrivals }),
      received: append.received,
      status: append.status,
      result: append.result,
      updated: append.now,
      ...(totals === undefined
        ? {}
        : {
            score: totals.score,
            max: totals.max,
            scaled: totals.scaled,
            passed: totals.passed ? 1 : 0,
            finished: append.now,
            department: held?.department ?? null,
            rank: held?.rank ?? null,
          }),
    })
    .where('attempt_id', '=', attemptId)
    .where('received', '=', expectedReceived)
    .returningAll()
    .executeTakeFirst();
  if (row !== undefined && totals !== undefined && row.status === 'finished') await writeAttemptResult(trx, row);
  return row;
}

/** The `attempt_results` row of a finished attempt row, or undefined while it has no official result. */
export function attemptResultOf(
  row: Omit<AttemptRow, 'arrivals' | 'department' | 'rank'> & Partial<Pick<AttemptRow, 'department' | 'rank'>>,
): Insertable<AttemptResultsTable> | undefined {
  const { score, max, scaled, passed, finished } = row;
  if (row.status !== 'finished' || score === null || max === null || scaled === null || passed === null || finished === null)
    return undefined;
  const dimensions = (JSON.parse(row.result) as Partial<StoredResult>).dimensions ?? [];
  return {
    attempt_id: row.attempt_id,
    user_id: row.user_id,
    username: row.username,
    course_id: row.course_id,
    course_version: row.course_version,
    score: Number(score),
    max: Number(max),
    scaled: Number(scaled),
    passed: Number(passed),
    finished,
    dimensions: JSON.stringify(dimensions),
    department: row.department ?? null,
    rank: row.rank ?? null,
  };
}

/** Writes (or rewrites) the narrow result row of a finished attempt, within the caller's transaction. */
export async function writeAttemptResult(trx: Kysely<DatabaseSchema>, row: AttemptRow): Promise<void> {
  const values = attemptResultOf(row);
  if (values === undefined) return;
  const { attempt_id: _id, ...rest } = values;
  await trx
    .insertInto('attempt_results')
    .values(values)
    .onConflict((conflict) => conflict.column('attempt_id').doUpdateSet(rest))
    .execute();
}

/** How many attempts of a course a user started (by the server's clock) at or after `since`, ISO 8601. */
export async function startsSince(
  db: Kysely<DatabaseSchema>,
  userId: string,
  courseId: string,
  since: string,
): Promise<{ count: number; earliest: string | null }> {
  const row = await db
    .selectFrom('attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('started').as('earliest')])
    .where('user_id', '=', userId)
    .where('course_id', '=', courseId)
    .where('started', '>=', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), earliest: row.earliest ?? null };
}

/** A user's in-progress attempts, oldest first. */
export async function openAttemptsOf(
  db: Kysely<DatabaseSchema>,
  userId: string,
): Promise<{ attemptId: string; courseId: string }[]> {
  const rows = await db
    .selectFrom('attempts')
    .select(['attempt_id', 'course_id'])
    .where('user_id', '=', userId)
    .where('status', '=', 'in-progress')
    .orderBy('started')
    .execute();
  return rows.map((row) => ({ attemptId: row.attempt_id, courseId: row.course_id }));
}

/** Ids of in-progress attempts started before `startedBefore` (ISO 8601), optionally one user's. */
export async function overdueAttempts(
  db: Kysely<DatabaseSchema>,
  startedBefore: string,
  filter: { readonly userId?: string; readonly username?: string; readonly attemptId?: string } = {},
): Promise<string[]> {
  let query = db
    .selectFrom('attempts')
    .select('attempt_id')
    .where('status', '=', 'in-progress')
    .where('started', '<', startedBefore);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.username !== undefined) query = query.where('username', '=', filter.username);
  if (filter.attemptId !== undefined) query = query.where('attempt_id', '=', filter.attemptId);
  const rows = await query.execute();
  return rows.map((row) => row.attempt_id);
}

export interface ExpiredTotals {
  readonly score: number;
  readonly max: number;
  readonly scaled: number;
  readonly result: string;
}

/**
 * Marks a locked in-progress attempt expired: failed, with the score its graded steps earned
 * (null totals where its course version is no longer loaded). Its log stays as it was.
 */
export async function expireAttempt(
  trx: Kysely<DatabaseSchema>,
  attemptId: string,
  totals: ExpiredTotals | undefined,
  now: string,
): Promise<AttemptRow | undefined> {
  return trx
    .updateTable('attempts')
    .set({
      status: 'expired',
      updated: now,
      finished: now,
      passed: 0,
      ...(totals === undefined ? {} : { score: totals.score, max: totals.max, scaled: totals.scaled, result: totals.result }),
    })
    .where('attempt_id', '=', attemptId)
    .where('status', '=', 'in-progress')
    .returningAll()
    .executeTakeFirst();
}
