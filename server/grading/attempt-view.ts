// AttemptView: what the API answers about an assessment attempt, built from its row alone (no
// replay, no course needed), so results stay readable after the course moves on.
import type { Selectable } from 'kysely';
import type { StepResult } from '../../src/engine/responses.ts';
import type { AttemptsTable } from '../db/schema.ts';

export interface GradedStep {
  readonly sceneId: string;
  readonly stepId: string;
  readonly result: StepResult;
}

export interface OfficialResult {
  readonly score: number;
  readonly max: number;
  readonly scaled: number;
  readonly passed: boolean;
  readonly scenes: readonly { readonly sceneId: string; readonly score: number; readonly max: number }[];
  readonly dimensions: readonly { readonly dimensionId: string; readonly score: number; readonly max: number }[];
  /** When the server accepted the finishing action, ISO 8601. */
  readonly finishedAt: string;
}

export interface AttemptView {
  readonly attemptId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly mode: 'assessment';
  readonly username: string;
  /** How many actions the server holds: the `from` of the client's next batch. */
  readonly received: number;
  readonly status: 'in-progress' | 'finished';
  /** Every graded step with its feedback, in the order graded. */
  readonly steps: readonly GradedStep[];
  /** Null until the attempt finishes. */
  readonly official: OfficialResult | null;
}

/** The `result` column: kept current with each batch; scenes and dimensions filled at the finish. */
export interface StoredResult {
  readonly steps: readonly GradedStep[];
  readonly scenes: OfficialResult['scenes'];
  readonly dimensions: OfficialResult['dimensions'];
}

export type AttemptRow = Selectable<AttemptsTable>;

function officialOf(row: AttemptRow, result: StoredResult): OfficialResult | null {
  const { score, max, scaled, passed, finished } = row;
  if (row.status !== 'finished' || score === null || max === null || scaled === null || finished === null) return null;
  return { score: Number(score), max: Number(max), scaled: Number(scaled), passed: Number(passed) === 1, scenes: result.scenes, dimensions: result.dimensions, finishedAt: finished };
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
    steps: result.steps,
    official: officialOf(row, result),
  };
}
