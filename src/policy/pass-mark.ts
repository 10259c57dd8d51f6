// The one pass mark a learner sees for a course: the score a result must reach to count towards
// the training requirement. The standing completes a course when its result passed the course's
// own mark and reached the policy's minimum, so the mark shown is the higher of the two; a course
// with no policy in force keeps its own mark. Pure: the server, the pages and the tests share it.
import type { Policy } from './schema.ts';

/** Scores are ratios computed elsewhere; this keeps 0.8 from failing a 0.8 mark on rounding. */
export const SCORE_EPSILON = 1e-9;

/** The policy's minimum scaled score for a course: its override, else the default. */
export function minimumScoreFor(policy: Policy, courseId: string): number {
  const byCourse = policy.minimumScore.byCourse ?? {};
  return Object.hasOwn(byCourse, courseId) ? (byCourse[courseId] ?? policy.minimumScore.default) : policy.minimumScore.default;
}

export interface PassMark {
  /** Scaled score (0–1) a result must reach. */
  readonly score: number;
  /** `policy`: the training policy's minimum sets it; `course`: the course's own mark is higher, or no policy is in force. */
  readonly from: 'policy' | 'course';
}

/** The pass mark of a course under a policy (null: no policy in force), given the course's own mastery score. */
export function passMarkFor(policy: Policy | null, courseId: string, courseMastery: number): PassMark {
  if (policy === null) return { score: courseMastery, from: 'course' };
  const minimum = minimumScoreFor(policy, courseId);
  return minimum + SCORE_EPSILON >= courseMastery ? { score: minimum, from: 'policy' } : { score: courseMastery, from: 'course' };
}

/**
 * Whether a result reaches the requirement's mark: it passed the course (as graded, or as adjusted)
 * and its score reaches the policy's minimum. The standing completes a course by this same rule.
 */
export function reachesMinimum(result: { readonly scaled: number; readonly passed: boolean }, minimum: number): boolean {
  return result.passed && result.scaled + SCORE_EPSILON >= minimum;
}
