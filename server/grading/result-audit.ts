// The audit: every finished attempt's result and corrections, as the attempts, attempt_results
// and result_adjustments tables hold them now, compared with what the ledger recorded at the time.
// A score changed directly in the database shows up here (in `attempts` or in the narrow
// `attempt_results` the reports read, as `attempt_results <field>`); a changed ledger fails verification.
// Joint-exercise results (`exercise_results`) are compared with their `exercise-result` entries too,
// named by their result id, with fields `exercise_results <field>`.
import type { LedgerAudit, LedgerAuditMismatch } from '../../src/contracts/report-types.ts';
import type { Database } from '../db/database.ts';
import { entryOfRow } from '../ledger/ledger.ts';
import { canonicalJson } from '../xapi/canonical-json.ts';
import type { StoredResult } from './attempt-view.ts';

type Value = LedgerAuditMismatch['table'];

interface LedgerFacts {
  result?: Readonly<Record<string, unknown>>;
  results: number;
  adjustments: Map<string, Readonly<Record<string, unknown>>>;
  /** The latest entry's scaled and passed: the ledger's effective result. */
  effective?: { readonly scaled: unknown; readonly passed: unknown };
}

/** Mismatch fields about the narrow results table start with its name. */
const NARROW_ROW = 'attempt_results';
const EXERCISE_ROW = 'exercise_results';

/** The dimensions column as stored; text that is not JSON is compared as the text itself. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function asValue(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return canonicalJson(value);
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/**
 * The department and rank a result row holds, to compare with its ledger entry: only where the
 * entry records them (entries made before migration 0027 do not, and their rows were backfilled).
 */
function assignmentOf(
  row: { readonly department: string | null; readonly rank: string | null },
  recorded: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.hasOwn(recorded, 'department') || Object.hasOwn(recorded, 'rank')
    ? { department: row.department, rank: row.rank }
    : {};
}

export async function auditLedger(database: Database): Promise<LedgerAudit> {
  const { db } = database;
  const head = await db.selectFrom('ledger_head').select(['seq']).where('id', '=', 1).executeTakeFirstOrThrow();
  const entries = await db.selectFrom('ledger_entries').selectAll().orderBy('seq').execute();
  const facts = new Map<string, LedgerFacts>();
  const exerciseFacts = new Map<string, Readonly<Record<string, unknown>>>();
  for (const row of entries) {
    const entry = entryOfRow(row);
    // An honour decision is about a person, not a result: nothing of it is in the result tables.
    if (entry.kind === 'honour-decision') continue;
    if (entry.kind === 'exercise-result') {
      if (typeof entry.payload.resultId === 'string' && !exerciseFacts.has(entry.payload.resultId))
        exerciseFacts.set(entry.payload.resultId, entry.payload);
      continue;
    }
    const attemptId = typeof entry.payload.attemptId === 'string' ? entry.payload.attemptId : row.attempt_id;
    if (attemptId === null) continue;
    let fact = facts.get(attemptId);
    if (fact === undefined) facts.set(attemptId, (fact = { results: 0, adjustments: new Map() }));
    if (entry.kind === 'result') {
      fact.results += 1;
      fact.result ??= entry.payload;
    } else if (typeof entry.payload.adjustmentId === 'string') {
      fact.adjustments.set(entry.payload.adjustmentId, entry.payload);
    }
    fact.effective = { scaled: entry.payload.scaled, passed: entry.payload.passed };
  }

  const attempts = await db
    .selectFrom('attempts')
    .select([
      'attempt_id',
      'username',
      'course_id',
      'course_version',
      'score',
      'max',
      'scaled',
      'passed',
      'finished',
      'result',
      'department',
      'rank',
    ])
    .where('status', '=', 'finished')
    .orderBy('attempt_id')
    .execute();
  const narrowRows = await db.selectFrom('attempt_results').selectAll().orderBy('attempt_id').execute();
  const narrow = new Map(narrowRows.map((row) => [row.attempt_id, row]));
  const adjustments = await db.selectFrom('result_adjustments').selectAll().orderBy('attempt_id').orderBy('ledger_seq').execute();
  const adjustmentsByAttempt = new Map<string, typeof adjustments>();
  for (const row of adjustments) {
    const list = adjustmentsByAttempt.get(row.attempt_id);
    if (list === undefined) adjustmentsByAttempt.set(row.attempt_id, [row]);
    else list.push(row);
  }

  const mismatches: LedgerAuditMismatch[] = [];
  const missingFromLedger: string[] = [];
  const differ = (attemptId: string, field: string, table: unknown, ledger: unknown): void => {
    if (!same(table, ledger)) mismatches.push({ attemptId, field, table: asValue(table), ledger: asValue(ledger) });
  };
  const finished = new Set<string>();

  for (const attempt of attempts) {
    const attemptId = attempt.attempt_id;
    finished.add(attemptId);
    const fact = facts.get(attemptId);
    if (fact?.result === undefined) {
      missingFromLedger.push(attemptId);
      continue;
    }
    const recorded = fact.result;
    if (fact.results > 1) differ(attemptId, 'result entries', 1, fact.results);
    const dimensions = (JSON.parse(attempt.result) as StoredResult).dimensions;
    const table: Record<string, unknown> = {
      username: attempt.username,
      courseId: attempt.course_id,
      courseVersion: attempt.course_version,
      score: attempt.score === null ? null : Number(attempt.score),
      max: attempt.max === null ? null : Number(attempt.max),
      scaled: attempt.scaled === null ? null : Number(attempt.scaled),
      passed: attempt.passed === null ? null : Number(attempt.passed) === 1,
      finishedAt: attempt.finished,
      dimensions,
      ...assignmentOf(attempt, recorded),
    };
    for (const [field, value] of Object.entries(table)) differ(attemptId, field, value, recorded[field]);
    if (!narrow.has(attemptId)) differ(attemptId, NARROW_ROW, null, 'present');

    const rows = adjustmentsByAttempt.get(attemptId) ?? [];
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const logged = fact.adjustments.get(row.id);
      if (logged === undefined) {
        differ(attemptId, `adjustment ${row.id}`, 'present', null);
        continue;
      }
      differ(attemptId, `adjustment ${row.id} scaled`, Number(row.scaled), logged.scaled);
      differ(attemptId, `adjustment ${row.id} passed`, Number(row.passed) === 1, logged.passed);
      differ(attemptId, `adjustment ${row.id} reason`, row.reason, logged.reason);
    }
    for (const adjustmentId of fact.adjustments.keys()) {
      if (!seen.has(adjustmentId)) differ(attemptId, `adjustment ${adjustmentId}`, null, 'present');
    }
    const last = rows[rows.length - 1];
    const effective =
      last === undefined
        ? { scaled: table.scaled, passed: table.passed }
        : { scaled: Number(last.scaled), passed: Number(last.passed) === 1 };
    differ(attemptId, 'effective scaled', effective.scaled, fact.effective?.scaled);
    differ(attemptId, 'effective passed', effective.passed, fact.effective?.passed);
  }
  // Recorded results whose attempt is gone from the table or no longer finished.
  for (const [attemptId, fact] of facts) {
    if (fact.result !== undefined && !finished.has(attemptId)) differ(attemptId, 'attempt', null, 'finished');
  }
  // The narrow results the reports count, each against the ledger's result entry.
  for (const row of narrowRows) {
    const recorded = facts.get(row.attempt_id)?.result;
    if (recorded === undefined) {
      // A finished attempt the ledger lacks is named in missingFromLedger already.
      if (!finished.has(row.attempt_id)) differ(row.attempt_id, NARROW_ROW, 'present', null);
      continue;
    }
    const table: Record<string, unknown> = {
      username: row.username,
      courseId: row.course_id,
      courseVersion: row.course_version,
      score: Number(row.score),
      max: Number(row.max),
      scaled: Number(row.scaled),
      passed: Number(row.passed) === 1,
      finishedAt: row.finished,
      dimensions: parseJson(row.dimensions),
      ...assignmentOf(row, recorded),
    };
    for (const [field, value] of Object.entries(table)) differ(row.attempt_id, `${NARROW_ROW} ${field}`, value, recorded[field]);
  }
  // The joint-exercise results the reports count, each against its ledger entry.
  const exerciseRows = await db.selectFrom('exercise_results').selectAll().orderBy('result_id').execute();
  const exerciseIds = new Set<string>();
  for (const row of exerciseRows) {
    exerciseIds.add(row.result_id);
    const recorded = exerciseFacts.get(row.result_id);
    if (recorded === undefined) {
      differ(row.result_id, EXERCISE_ROW, 'present', null);
      continue;
    }
    const table: Record<string, unknown> = {
      sessionId: row.session_id,
      userId: row.user_id,
      username: row.username,
      exerciseId: row.exercise_id,
      courseId: row.course_id,
      courseVersion: row.course_version,
      roleId: row.role_id,
      roleScore: Number(row.role_score),
      roleMax: Number(row.role_max),
      teamScore: Number(row.team_score),
      teamMax: Number(row.team_max),
      variables: parseJson(row.variables),
      finishedAt: row.finished,
      ...assignmentOf(row, recorded),
    };
    for (const [field, value] of Object.entries(table)) differ(row.result_id, `${EXERCISE_ROW} ${field}`, value, recorded[field]);
  }
  for (const resultId of exerciseFacts.keys()) if (!exerciseIds.has(resultId)) differ(resultId, EXERCISE_ROW, null, 'present');
  return {
    checkedAt: new Date().toISOString(),
    headSeq: Number(head.seq),
    attempts: attempts.length,
    ok: mismatches.length === 0 && missingFromLedger.length === 0,
    mismatches,
    missingFromLedger,
  };
}
