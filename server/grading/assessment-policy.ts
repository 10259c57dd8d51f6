// The numbers that keep assessments honest: how many a learner may start per course and period,
// how many may be open at once, how often a learner may send a batch of actions, how long one may
// stay open before it counts as failed, and how much a timed step's claimed duration may fall
// short of what the server saw. One typed object, so a deployment or a test can
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
  /**
   * In-progress assessment attempts one learner may hold at once, over all courses. Starting
   * another is refused with 409 until one finishes or expires.
   */
  readonly maxOpenAttempts: number;
  /**
   * Batches of attempt actions one learner may send: `burst` at once, refilled at `perSecond`
   * (a token bucket per learner). Beyond it: 429 with Retry-After, which the browser's outbox waits out.
   */
  readonly actionBatches: { readonly perSecond: number; readonly burst: number };
  /**
   * The server's time one learner's batches may take: `burstMs` at once, refilled at `msPerSecond`
   * (the time each batch held the write transaction is charged to its learner). A batch on a long
   * attempt costs more; this bounds what any learner can take from everyone else. Beyond it: 429.
   */
  readonly batchWork: { readonly msPerSecond: number; readonly burstMs: number };
}

export const DEFAULT_ASSESSMENT_POLICY: AssessmentPolicy = {
  assessmentAttempts: { max: 3, periodDays: 30 },
  maxAttemptMinutes: 180,
  timedToleranceMs: 2_000,
  maxOpenAttempts: 2,
  actionBatches: { perSecond: 10, burst: 20 },
  batchWork: { msPerSecond: 25, burstMs: 100 },
};

const DAY_MS = 24 * 60 * 60_000;

export const periodMs = (policy: AssessmentPolicy): number => policy.assessmentAttempts.periodDays * DAY_MS;
export const maxAttemptMs = (policy: AssessmentPolicy): number => policy.maxAttemptMinutes * 60_000;

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got "${text}".`);
  return value;
}

/**
 * The policy from the environment, each setting optional: `SHIXUN_ASSESSMENT_ATTEMPTS` as
 * `max/periodDays` (e.g. `3/30`), `SHIXUN_ASSESSMENT_MAX_MINUTES`, `SHIXUN_TIMED_TOLERANCE_MS`,
 * `SHIXUN_ASSESSMENT_MAX_OPEN`, `SHIXUN_ACTION_BATCHES` as `perSecond/burst` (e.g. `10/20`),
 * `SHIXUN_BATCH_WORK_MS` as `msPerSecond/burstMs` (e.g. `25/100`).
 */
export function assessmentPolicyFromEnv(env: NodeJS.ProcessEnv): AssessmentPolicy {
  const policy: { -readonly [K in keyof AssessmentPolicy]: AssessmentPolicy[K] } = { ...DEFAULT_ASSESSMENT_POLICY };
  const attempts = env.SHIXUN_ASSESSMENT_ATTEMPTS;
  if (attempts !== undefined && attempts !== '') {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(attempts);
    if (!match) throw new Error(`SHIXUN_ASSESSMENT_ATTEMPTS must be "max/periodDays", e.g. "3/30", got "${attempts}".`);
    policy.assessmentAttempts = {
      max: positiveInteger('SHIXUN_ASSESSMENT_ATTEMPTS max', match[1]!),
      periodDays: positiveInteger('SHIXUN_ASSESSMENT_ATTEMPTS periodDays', match[2]!),
    };
  }
  const minutes = env.SHIXUN_ASSESSMENT_MAX_MINUTES;
  if (minutes !== undefined && minutes !== '')
    policy.maxAttemptMinutes = positiveInteger('SHIXUN_ASSESSMENT_MAX_MINUTES', minutes);
  const tolerance = env.SHIXUN_TIMED_TOLERANCE_MS;
  if (tolerance !== undefined && tolerance !== '')
    policy.timedToleranceMs = positiveInteger('SHIXUN_TIMED_TOLERANCE_MS', tolerance);
  const open = env.SHIXUN_ASSESSMENT_MAX_OPEN;
  if (open !== undefined && open !== '') policy.maxOpenAttempts = positiveInteger('SHIXUN_ASSESSMENT_MAX_OPEN', open);
  const batches = env.SHIXUN_ACTION_BATCHES;
  if (batches !== undefined && batches !== '') {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(batches);
    if (!match) throw new Error(`SHIXUN_ACTION_BATCHES must be "perSecond/burst", e.g. "10/20", got "${batches}".`);
    policy.actionBatches = {
      perSecond: positiveInteger('SHIXUN_ACTION_BATCHES perSecond', match[1]!),
      burst: positiveInteger('SHIXUN_ACTION_BATCHES burst', match[2]!),
    };
  }
  const work = env.SHIXUN_BATCH_WORK_MS;
  if (work !== undefined && work !== '') {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(work);
    if (!match) throw new Error(`SHIXUN_BATCH_WORK_MS must be "msPerSecond/burstMs", e.g. "25/100", got "${work}".`);
    policy.batchWork = {
      msPerSecond: positiveInteger('SHIXUN_BATCH_WORK_MS msPerSecond', match[1]!),
      burstMs: positiveInteger('SHIXUN_BATCH_WORK_MS burstMs', match[2]!),
    };
  }
  return policy;
}
