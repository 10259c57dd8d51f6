// Corrections of official results by an admin: a new row in result_adjustments and a ledger
// entry, in one write transaction. The attempt's own grading is never changed, so a review sees
// the original, every correction with its reason, and who made it.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { adjustmentRequestSchema } from '../../src/contracts/report-types.ts';
import type { AttemptAdjustments, ResultAdjustment } from '../../src/contracts/report-types.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { findAttempt, lockAttempt } from './attempt-rows.ts';
import type { AttemptRow } from './attempt-view.ts';
import type { ResultAdjustmentsTable } from './tables.ts';

export type AdjustmentInput = z.output<typeof adjustmentRequestSchema>;

/** The POST body, checked with its schema (src/contracts/report-types.ts); every refusal says what to send instead. */
export function parseAdjustmentBody(body: unknown): AdjustmentInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(
      400,
      'Send a JSON object { "scaled": 0–1, "passed": true|false, "reason": "…" } (Content-Type: application/json).',
    );
  }
  const fields = Object.keys(adjustmentRequestSchema.shape);
  const unknown = Object.keys(body).filter((key) => !fields.includes(key));
  if (unknown.length > 0)
    throw new RequestError(400, `Unknown field(s) ${unknown.join(', ')}; an adjustment takes scaled, passed and reason.`);
  return parseBody(adjustmentRequestSchema, body);
}

function adjustmentOf(row: Selectable<ResultAdjustmentsTable>): ResultAdjustment {
  return {
    id: row.id,
    attemptId: row.attempt_id,
    scaled: Number(row.scaled),
    passed: Number(row.passed) === 1,
    reason: row.reason,
    adjustedBy: row.adjusted_by_username,
    adjustedAt: row.adjusted_at,
    ledgerSeq: Number(row.ledger_seq),
  };
}

/** Oldest first: ledger order, which is also adjusted_at order (each one is later than the one before). */
async function adjustmentRows(db: Kysely<DatabaseSchema>, attemptId: string): Promise<Selectable<ResultAdjustmentsTable>[]> {
  return db.selectFrom('result_adjustments').selectAll().where('attempt_id', '=', attemptId).orderBy('ledger_seq').execute();
}

function original(row: AttemptRow): AttemptAdjustments['original'] {
  if (row.status !== 'finished' || row.score === null || row.max === null || row.scaled === null || row.finished === null)
    return null;
  return {
    score: Number(row.score),
    max: Number(row.max),
    scaled: Number(row.scaled),
    passed: Number(row.passed) === 1,
    finishedAt: row.finished,
  };
}

export async function createAdjustment(
  database: Database,
  ledger: Ledger,
  admin: SessionUser,
  attemptId: string,
  input: AdjustmentInput,
): Promise<ResultAdjustment> {
  return writeTransaction(database, async (trx) => {
    // Locked so two corrections of one attempt take turns and each sees the one before it.
    const row = await lockAttempt(trx, database.dialect, attemptId);
    if (row === undefined) throw new RequestError(404, `The server holds no attempt ${attemptId}.`);
    const graded = original(row);
    if (graded === null)
      throw new RequestError(409, `Attempt ${attemptId} has not finished, so it has no official result to adjust yet.`);
    const earlier = await adjustmentRows(trx, attemptId);
    const last = earlier[earlier.length - 1];
    const before =
      last === undefined
        ? { scaled: graded.scaled, passed: graded.passed }
        : { scaled: Number(last.scaled), passed: Number(last.passed) === 1 };
    // Strictly after the previous correction, so "latest by adjusted_at" and ledger order agree.
    const now = Date.now();
    const adjustedAt = new Date(last === undefined ? now : Math.max(now, Date.parse(last.adjusted_at) + 1)).toISOString();
    const id = randomUUID();
    const entry = await ledger.appendWithin(trx, 'adjustment', {
      adjustmentId: id,
      attemptId,
      username: row.username,
      courseId: row.course_id,
      courseVersion: row.course_version,
      previous: before,
      scaled: input.scaled,
      passed: input.passed,
      reason: input.reason,
      adjustedBy: admin.username,
      adjustedAt,
    });
    const values = {
      id,
      attempt_id: attemptId,
      scaled: input.scaled,
      passed: input.passed ? 1 : 0,
      reason: input.reason,
      adjusted_by: admin.id,
      adjusted_by_username: admin.username,
      adjusted_at: adjustedAt,
      ledger_seq: entry.seq,
    };
    await trx.insertInto('result_adjustments').values(values).execute();
    return adjustmentOf(values);
  });
}

/** The attempt's grading, its corrections and its ledger entries; undefined when there is no such attempt. */
export async function attemptAdjustments(
  database: Database,
  ledger: Ledger,
  attemptId: string,
): Promise<{ row: AttemptRow; body: AttemptAdjustments } | undefined> {
  const row = await findAttempt(database.db, attemptId);
  if (row === undefined) return undefined;
  const [rows, entries] = await Promise.all([
    adjustmentRows(database.db, attemptId),
    ledger.entriesForAttempt(database.db, attemptId),
  ]);
  return {
    row,
    body: {
      attemptId,
      username: row.username,
      courseId: row.course_id,
      courseVersion: row.course_version,
      original: original(row),
      adjustments: rows.map(adjustmentOf),
      ledger: entries,
    },
  };
}
