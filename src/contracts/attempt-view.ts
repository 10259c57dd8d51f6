// What the server answers about an assessment attempt (GET/PUT /api/v1/attempts/:id): while it
// runs, only how much the server holds; once it has ended, its grading of each step and the
// official result. One type for both sides:
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
  /** `expired`: left open past the server's time limit; it counts as failed. */
  readonly status: 'in-progress' | 'finished' | 'expired';
  /**
   * Every graded step with its feedback, in the order graded: empty while the attempt is in
   * progress (an assessment gives no feedback until it ends).
   */
  readonly steps: readonly GradedStep[];
  /** Null until the attempt ends (finished, or expired and failed). */
  readonly official: OfficialResult | null;
}

/**
 * GET /api/v1/courses/:id/assessment-allowance: how many assessments of the course the signed-in
 * learner may still start in the policy's rolling period, and what taking one asks of them.
 */
export interface AssessmentAllowance {
  readonly courseId: string;
  /** Starts allowed per `periodDays` days; every start counts, finished or not. */
  readonly max: number;
  readonly periodDays: number;
  readonly used: number;
  readonly remaining: number;
  /** When the next start is allowed again, ISO 8601; null while starts remain. */
  readonly nextStartAt: string | null;
  /** An attempt left open longer than this counts as failed (`expired`). */
  readonly maxAttemptMinutes: number;
  /** The course has timed steps: they are timed on the server's clock and need the network. */
  readonly timedSteps: boolean;
}
