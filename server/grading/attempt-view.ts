// AttemptView: what the API answers about an assessment attempt, built from its row alone (no
// replay, no course needed), so results stay readable after the course moves on. While the
// attempt is in progress the view carries no grading at all: per-step results, verdicts and
// scores would let a learner mine the answer keys by submitting and abandoning attempts.
import type { Selectable } from 'kysely';
import type { AttemptView, GradedStep, OfficialResult } from '../../src/contracts/attempt-view.ts';
import type { StepDraw } from '../../src/engine/draw.ts';
import type { AttemptsTable } from './tables.ts';

export type { AttemptView, GradedStep, OfficialResult } from '../../src/contracts/attempt-view.ts';

/** The `result` column: kept current with each batch; scenes and dimensions filled at the finish. */
export interface StoredResult {
  readonly steps: readonly GradedStep[];
  /** What the attempt drew of the steps with variants or a pool (src/engine/draw.ts); absent where none has. */
  readonly draws?: readonly StepDraw[];
  readonly scenes: OfficialResult['scenes'];
  readonly dimensions: OfficialResult['dimensions'];
  /** The learner's extra time on timed steps when the attempt started (1.25, 1.5, 2); absent: none. */
  readonly extraTime?: number;
}

export type AttemptRow = Selectable<AttemptsTable>;

function officialOf(row: AttemptRow, result: StoredResult): OfficialResult | null {
  const { score, max, scaled, passed, finished } = row;
  if (row.status === 'in-progress' || score === null || max === null || scaled === null || finished === null) return null;
  return {
    score: Number(score),
    max: Number(max),
    scaled: Number(scaled),
    passed: Number(passed) === 1,
    scenes: result.scenes,
    dimensions: result.dimensions,
    finishedAt: finished,
  };
}

export function attemptView(row: AttemptRow): AttemptView {
  const result = JSON.parse(row.result) as StoredResult;
  return {
    attemptId: row.attempt_id,
    courseId: row.course_id,
    courseVersion: row.course_version,
    mode: 'assessment',
    username: row.username,
    received: Number(row.received),
    status: row.status,
    steps: row.status === 'in-progress' ? [] : result.steps,
    official: officialOf(row, result),
  };
}
