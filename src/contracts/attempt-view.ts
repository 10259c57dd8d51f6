// What the server answers about an assessment attempt (GET/PUT /api/v1/attempts/:id): its
// grading of each submitted step and, at the end, the official result. One type for both sides:
// the grader builds it (server/grading/attempt-view.ts), the browser keeps and shows it.
import type { StepResult } from '../engine/responses.ts';

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
