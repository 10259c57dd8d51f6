// The numbers that keep assessments honest: how many a learner may start per course and period,
// how long one may stay open before it counts as failed, and how much a timed step's claimed
// duration may fall short of what the server saw. One typed object, so a deployment or a test can
// change them without touching the code that applies them (docs/policy.md, "Assessment limits").

export interface AssessmentPolicy {
  /**
   * Starts allowed per learner and course within a rolling window of `periodDays` days. Every
   * start counts: finished, abandoned, expired or still open.
   */
  readonly assessmentAttempts: { readonly max: number; readonly periodDays: number };
  /**
   * Minutes an attempt may stay open after the server received its start. Past it the attempt is
   * `expired`: it takes no more actions and counts as failed.
   */
  readonly maxAttemptMinutes: number;
  /**
   * Milliseconds a timed step's claimed duration may fall short of the time the server saw between
   * releasing the step and receiving its answer (clock drift, network) before the server's time is used.
   */
  readonly timedToleranceMs: number;
}

export const DEFAULT_ASSESSMENT_POLICY: AssessmentPolicy = {
  assessmentAttempts: { max: 3, periodDays: 30 },
  maxAttemptMinutes: 180,
  timedToleranceMs: 2_000,
};

const DAY_MS = 24 * 60 * 60_000;

export const periodMs = (policy: AssessmentPolicy): number => policy.assessmentAttempts.periodDays * DAY_MS;
export const maxAttemptMs = (policy: AssessmentPolicy): number => policy.maxAttemptMinutes * 60_000;
