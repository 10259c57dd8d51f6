// GET /api/v1/me/standing: the signed-in learner's own standing for the period running now, under
// the policy in force, computed by the same code as the promotion report, with the pass mark and
// the assessment starts left of every course. The pages show these; they never compute a standing.
import { z } from 'zod';
import { reportLedgerIssueSchema, standingSchema } from './report-types.ts';

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });

/** The counted result of a course: the one the policy's retake rule picks. */
const countedResultSchema = z.object({
  attemptId: z.string(),
  scaled: z.number(),
  passed: z.boolean(),
  finishedAt: z.string(),
});

export const myCourseStandingSchema = z.object({
  courseId: z.string(),
  title: localized,
  /** A rule of the policy requires this course of the learner. */
  required: z.boolean(),
  /** The labels of the rules that require it. */
  requiredBy: z.array(localized).readonly(),
  /** The one pass mark (src/policy/pass-mark.ts): scaled score a result must reach to count. */
  passMark: z.number(),
  /** `policy`: the training policy's minimum; `course`: the course's own mark (higher, or no policy in force). */
  passMarkFrom: z.enum(['policy', 'course']),
  creditHours: z.number(),
  /** Official results of the course finished in the period. */
  attempts: z.number(),
  counted: countedResultSchema.nullable(),
  /** The counted result reached the pass mark: the course counts towards the requirement. */
  completed: z.boolean(),
  hoursEarned: z.number(),
  /** Assessment starts left in the rolling window (server/grading's limit), and when the next one opens if none is left. */
  attemptsLeft: z.object({
    remaining: z.number(),
    max: z.number(),
    periodDays: z.number(),
    nextStartAt: z.string().nullable(),
  }),
});
export type MyCourseStanding = Readonly<z.infer<typeof myCourseStandingSchema>>;

/** One official result finished in the period, and whether it counts towards the requirement. */
export const myPeriodResultSchema = z.object({
  attemptId: z.string(),
  courseId: z.string(),
  scaled: z.number(),
  finishedAt: z.string(),
  /** The course's pass mark (the same as in `courses`). */
  passMark: z.number(),
  /** Passed the course and reached the pass mark. */
  reachesPassMark: z.boolean(),
  /** An official assessment in the period at or above the pass mark: it counts towards the requirement. */
  counts: z.boolean(),
});
export type MyPeriodResult = Readonly<z.infer<typeof myPeriodResultSchema>>;

export const myStandingSchema = z.object({
  policy: z.object({ version: z.string() }),
  period: z.object({ id: z.string(), label: localized, start: z.string(), end: z.string() }),
  /** The learner's rank with the policy's label for it (null: no rank, or one the policy does not list). */
  rank: z.object({ name: z.string(), label: localized.nullable() }).nullable(),
  department: z.string().nullable(),
  /** The policy's names for the department (null: no department, or one the policy does not list). */
  departmentLabel: localized.nullable(),
  /** src/policy/standing.ts, with every adjustment applied, exactly as the promotion report has it. */
  standing: standingSchema,
  /** Every course on the server, required ones first (in the policy's order), then the catalog's order. */
  courses: z.array(myCourseStandingSchema).readonly(),
  /** The period's official results, newest first. */
  results: z.array(myPeriodResultSchema).readonly(),
  /** Required courses not yet completed, those with starts left first: what to take next. */
  dueNext: z.array(z.string()).readonly(),
  /** Counted results the ledger does not back (as in the report); empty when every one matches. */
  ledgerIssues: z.array(reportLedgerIssueSchema).readonly(),
});
export type MyStanding = Readonly<z.infer<typeof myStandingSchema>>;
