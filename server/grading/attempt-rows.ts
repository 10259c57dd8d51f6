// Reads and writes of the attempts table. Appends go through `lockAttempt` inside a write
// transaction and a compare-and-set on `received`, so two batches for one attempt never interleave.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import type { AttemptRow } from './attempt-view.ts';

/** The row, locked until the transaction ends (SQLite's BEGIN IMMEDIATE already locks the file). */
export async function lockAttempt(trx: Kysely<DatabaseSchema>, dialect: Database['dialect'], attemptId: string): Promise<AttemptRow | undefined> {
  const query = trx.selectFrom('attempts').selectAll().where('attempt_id', '=', attemptId);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function findAttempt(db: Kysely<DatabaseSchema>, attemptId: string): Promise<AttemptRow | undefined> {
  return db.selectFrom('attempts').selectAll().where('attempt_id', '=', attemptId).executeTakeFirst();
}

/** A user's attempts, newest first. */
export async function attemptsOf(db: Kysely<DatabaseSchema>, username: string, limit: number): Promise<AttemptRow[]> {
  return db.selectFrom('attempts').selectAll().where('username', '=', username).orderBy('started', 'desc').orderBy('attempt_id').limit(limit).execute();
}

export interface NewAttempt {
  readonly attemptId: string;
  readonly userId: string;
  readonly username: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly seed: string;
  readonly now: string;
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
  readonly received: number;
  readonly status: 'in-progress' | 'finished';
  readonly result: string;
  readonly totals?: { readonly score: number; readonly max: number; readonly scaled: number; readonly passed: boolean };
  readonly now: string;
}

/** Appends, if the row still holds `expectedReceived` actions; returns the new row, or undefined if it had moved on. */
export async function appendToAttempt(trx: Kysely<DatabaseSchema>, attemptId: string, expectedReceived: number, append: AttemptAppend): Promise<AttemptRow | undefined> {
  const totals = append.totals;
  return trx
    .updateTable('attempts')
    .set({
      log: append.log,
      received: append.received,
      status: append.status,
      result: append.result,
      updated: append.now,
      ...(totals === undefined ? {} : { score: totals.score, max: totals.max, scaled: totals.scaled, passed: totals.passed ? 1 : 0, finished: append.now }),
    })
    .where('attempt_id', '=', attemptId)
    .where('received', '=', expectedReceived)
    .returningAll()
    .executeTakeFirst();
}
