// The payload of the ledger's `result` entry for a finished attempt row (docs/ledger.md lists the
// fields): one function for the grader and the demo seeder, so a seeded result is recorded exactly
// as a graded one and the ledger audit finds no difference.
import type { LedgerPayload } from '../ledger/ledger.ts';
import { attemptView } from './attempt-view.ts';
import type { AttemptRow, StoredResult } from './attempt-view.ts';

function drawsOfRow(row: AttemptRow): { draws?: StoredResult['draws'] } {
  const { draws } = JSON.parse(row.result) as StoredResult;
  return draws !== undefined && draws.length > 0 ? { draws } : {};
}

export function resultEntryPayload(row: AttemptRow): LedgerPayload {
  const official = attemptView(row).official;
  if (official === null) throw new Error(`attempt ${row.attempt_id} has no official result to record`);
  return {
    attemptId: row.attempt_id,
    userId: row.user_id,
    username: row.username,
    courseId: row.course_id,
    courseVersion: row.course_version,
    score: official.score,
    max: official.max,
    scaled: official.scaled,
    passed: official.passed,
    finishedAt: official.finishedAt,
    dimensions: official.dimensions,
    // The department and rank the learner held when the result was made (entries since migration 0027).
    department: row.department,
    rank: row.rank,
    // Which versions of the steps with variants or a pool the attempt drew, so a reviewer can reproduce it.
    ...drawsOfRow(row),
    // The extra time the learner had on timed steps, where an admin granted some.
    ...(Number(row.extra_time_percent) !== 100 && { extraTime: Number(row.extra_time_percent) / 100 }),
  };
}
