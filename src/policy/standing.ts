// A learner's standing for one period under one policy version: which courses count, the credit
// hours earned, and whether the learner meets the requirement — and if not, every reason why.
// Pure and deterministic: the same policy, period and results always give the same standing.
import type { Localized } from '../course/schema.ts';
import { describeKnown } from '../course/problems.ts';
import { minimumScoreFor, reachesMinimum } from './pass-mark.ts';
import { isWithin, periodWindow } from './period.ts';
import { courseValidity, type CourseValidity, type RenewalDue } from './validity.ts';
import type { Policy, PolicyRole } from './schema.ts';

export { DEFAULT_EXPIRING_WITHIN_DAYS, type CourseValidity, type RenewalDue, type ValidityState } from './validity.ts';

/**
 * One finished official attempt, flattened from the server's AttemptView (attemptId, courseId,
 * courseVersion; scaled, passed, finishedAt from `official`) plus the course's creditHours at that
 * version. `passed` is the course's own pass mark (masteryScore); the policy's minimum is extra.
 */
export interface OfficialResult {
  readonly attemptId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly creditHours: number;
  /** Score over maximum, 0–1. */
  readonly scaled: number;
  readonly passed: boolean;
  /** When the server accepted the finishing action, ISO 8601. */
  readonly finishedAt: string;
  /** The learner's department and rank when the result was made, as recorded with it (absent: not known). */
  readonly department?: string | null;
  readonly rank?: string | null;
}

/**
 * One finished joint-exercise session the learner took part in (server/exercise-records): its
 * result id, which exercise, the role played and when the session ended.
 */
export interface ExerciseParticipation {
  readonly resultId: string;
  readonly courseId: string;
  readonly exerciseId: string;
  readonly roleId: string;
  /** When the session ended, ISO 8601. */
  readonly finishedAt: string;
  /** The learner's department when the session ended, as recorded with the result (absent: not known). */
  readonly department?: string | null;
}

/** One joint-exercise rule that applies to the learner, and how far the learner got. */
export interface ExerciseRequirement {
  readonly label: Localized;
  /** Sessions required in the period. */
  readonly count: number;
  /** The exercises whose sessions count; null: any joint exercise. */
  readonly exercises: readonly string[] | null;
  /** Sessions in the period that count for this rule. */
  readonly done: number;
  readonly met: boolean;
}

export interface ExerciseStanding {
  /** Finished joint-exercise sessions the learner took part in during the period. */
  readonly count: number;
  /** The rules that apply to the learner, in policy order (empty: none required). */
  readonly required: readonly ExerciseRequirement[];
  /** Every applying rule is met (true when none applies). */
  readonly met: boolean;
}

/**
 * The account fields a policy selects on (a subset of SessionUser). `department` and `rank` are
 * the ones in force when the standing is judged (`asOf`: now, at most the period's end); the
 * requirement follows them, while every result of the period counts whatever the learner held
 * when it was made (docs/policy.md, "Department and rank").
 */
export interface StandingLearner {
  readonly username: string;
  readonly name: string;
  readonly department: string | null;
  readonly rank: string | null;
  readonly role: PolicyRole;
}

export interface ResultSummary {
  readonly attemptId: string;
  readonly courseVersion: string;
  readonly scaled: number;
  readonly passed: boolean;
  readonly finishedAt: string;
  /** The department and rank recorded with the result, where known. */
  readonly department?: string | null;
  readonly rank?: string | null;
}

export interface CourseStanding {
  readonly courseId: string;
  /** Whether a rule of the policy requires this course of the learner. */
  readonly required: boolean;
  /** The scaled score the counted result must reach (the course's override or the default). */
  readonly minimumScore: number;
  /** Finished official attempts inside the period. */
  readonly attempts: number;
  readonly best: ResultSummary | null;
  readonly latest: ResultSummary | null;
  /** The result the retake rule picks: `best` or `latest`. */
  readonly counted: ResultSummary | null;
  /** The counted result passed the course and reached the policy's minimum score. */
  readonly completed: boolean;
  /** Course version and finish time of the counted result (null with no attempts). */
  readonly courseVersion: string | null;
  readonly finishedAt: string | null;
  /** The course's credit hours when completed, else 0: counted once however often retaken. */
  readonly hoursEarned: number;
  /** How long the latest completing pass stays valid, for a course the policy's `recertification` lists; else null. */
  readonly validity: CourseValidity | null;
}

export type StandingStatus =
  | { readonly kind: 'meets' }
  | { readonly kind: 'short-hours'; readonly hours: number }
  | { readonly kind: 'missing-course'; readonly courseId: string }
  /** A required course whose pass has expired (policy `recertification`): it must be taken again. */
  | { readonly kind: 'expired-course'; readonly courseId: string; readonly expiredOn: string }
  | { readonly kind: 'missing-exercises'; readonly label: Localized; readonly required: number; readonly done: number }
  | {
      readonly kind: 'below-minimum-score';
      readonly courseId: string;
      readonly scaled: number;
      readonly minimum: number;
      readonly passed: boolean;
    };

export interface RequiredCourse {
  readonly courseId: string;
  /** Labels of the rules that require it, for the report. */
  readonly requiredBy: readonly Localized[];
}

export interface Standing {
  readonly policyVersion: string;
  readonly periodId: string;
  readonly username: string;
  readonly requiredHours: number;
  readonly earnedHours: number;
  readonly requiredCourses: readonly RequiredCourse[];
  /** Required courses first (in rule order), then any other course attempted, by id. */
  readonly courses: readonly CourseStanding[];
  /** Joint-exercise participation in the period and the rules that require it. */
  readonly exercises: ExerciseStanding;
  /** `[{kind: 'meets'}]`, or every shortfall: missing, below-minimum and expired courses, then hours, then joint exercises. */
  readonly statuses: readonly StandingStatus[];
  readonly meets: boolean;
  /** The instant validity was judged at (ISO 8601): the time asked for, at most the period's last millisecond. */
  readonly asOf: string;
  /** Courses with a validity that are expiring, expired, or required and not yet passed: what is due. */
  readonly due: readonly RenewalDue[];
  /**
   * The departments recorded with the period's results (courses and joint exercises), sorted:
   * where the results were earned. A result reports under the department in force when it was made.
   */
  readonly earnedIn: readonly string[];
}

export interface StandingOptions {
  /**
   * When validity is judged (epoch ms), normally now; capped at the period's last millisecond, so a
   * past period's standing never changes. Default: the period's last millisecond.
   */
  readonly asOf?: number;
}

export { minimumScoreFor } from './pass-mark.ts';

export function evaluateStanding(
  policy: Policy,
  periodId: string,
  learner: StandingLearner,
  results: readonly OfficialResult[],
  exercises: readonly ExerciseParticipation[] = [],
  options: StandingOptions = {},
): Standing {
  const period = policy.periods.find((p) => p.id === periodId);
  if (!period) {
    throw new RangeError(
      `no period "${periodId}" in training policy ${policy.version} (known: ${describeKnown(policy.periods.map((p) => p.id))})`,
    );
  }
  const window = periodWindow(period, policy.utcOffset);
  const byCourse = new Map<string, OfficialResult[]>();
  for (const result of results) {
    if (!isWithin(window, result.finishedAt)) continue;
    const list = byCourse.get(result.courseId) ?? [];
    list.push(result);
    byCourse.set(result.courseId, list);
  }

  const requiredCourses = requiredCoursesFor(policy, learner);
  const requiredIds = new Set(requiredCourses.map((r) => r.courseId));
  const courseIds = [...requiredIds, ...[...byCourse.keys()].filter((id) => !requiredIds.has(id)).sort()];
  const asOf = Math.min(options.asOf ?? window.endsBefore - 1, window.endsBefore - 1);
  const courses = courseIds.map((id) => courseStanding(policy, id, requiredIds.has(id), byCourse.get(id) ?? [], asOf));

  const earnedHours = roundHours(courses.reduce((sum, c) => sum + c.hoursEarned, 0));
  const requiredHours = requiredHoursFor(policy, learner.rank);
  const statuses: StandingStatus[] = [];
  for (const course of courses) {
    if (!course.required || course.completed) continue;
    if (!course.counted) statuses.push({ kind: 'missing-course', courseId: course.courseId });
    else
      statuses.push({
        kind: 'below-minimum-score',
        courseId: course.courseId,
        scaled: course.counted.scaled,
        minimum: course.minimumScore,
        passed: course.counted.passed,
      });
  }
  for (const course of courses) {
    if (course.required && course.completed && course.validity?.state === 'expired')
      statuses.push({ kind: 'expired-course', courseId: course.courseId, expiredOn: course.validity.expiresOn ?? '' });
  }
  if (earnedHours < requiredHours) statuses.push({ kind: 'short-hours', hours: roundHours(requiredHours - earnedHours) });
  const exercise = exerciseStanding(
    policy,
    learner,
    exercises.filter((e) => isWithin(window, e.finishedAt)),
  );
  for (const rule of exercise.required)
    if (!rule.met) statuses.push({ kind: 'missing-exercises', label: rule.label, required: rule.count, done: rule.done });
  const meets = statuses.length === 0;
  const earnedIn = new Set<string>();
  for (const list of byCourse.values())
    for (const result of list) if (typeof result.department === 'string') earnedIn.add(result.department);
  for (const e of exercises) if (typeof e.department === 'string' && isWithin(window, e.finishedAt)) earnedIn.add(e.department);
  return {
    policyVersion: policy.version,
    periodId,
    username: learner.username,
    requiredHours,
    earnedHours,
    requiredCourses,
    courses,
    exercises: exercise,
    statuses: meets ? [{ kind: 'meets' }] : statuses,
    meets,
    asOf: new Date(asOf).toISOString(),
    due: courses.flatMap((course): RenewalDue[] => {
      const v = course.validity;
      if (v === null || v.state === 'valid' || (v.state === 'missing' && !course.required)) return [];
      const { state, validUntil, expiresOn, daysLeft } = v;
      return [{ courseId: course.courseId, required: course.required, state, validUntil, expiresOn, daysLeft }];
    }),
    earnedIn: [...earnedIn].sort(),
  };
}

export function requiredHoursFor(policy: Policy, rank: string | null): number {
  const byRank = policy.creditHoursByRank.byRank ?? {};
  return rank !== null && Object.hasOwn(byRank, rank)
    ? (byRank[rank] ?? policy.creditHoursByRank.default)
    : policy.creditHoursByRank.default;
}

/** Every course some rule requires of the learner, each once, with the rules' labels. */
export function requiredCoursesFor(policy: Policy, learner: StandingLearner): RequiredCourse[] {
  const found = new Map<string, Localized[]>();
  for (const rule of policy.requiredCourses) {
    const applies =
      (!rule.departments || (learner.department !== null && rule.departments.includes(learner.department))) &&
      (!rule.ranks || (learner.rank !== null && rule.ranks.includes(learner.rank))) &&
      (!rule.roles || rule.roles.includes(learner.role));
    if (!applies) continue;
    for (const id of rule.courses) {
      const labels = found.get(id) ?? [];
      labels.push(rule.label);
      found.set(id, labels);
    }
  }
  return [...found].map(([courseId, requiredBy]) => ({ courseId, requiredBy }));
}

function applies(
  rule: {
    readonly departments?: readonly string[] | undefined;
    readonly ranks?: readonly string[] | undefined;
    readonly roles?: readonly PolicyRole[] | undefined;
  },
  learner: StandingLearner,
): boolean {
  return (
    (!rule.departments || (learner.department !== null && rule.departments.includes(learner.department))) &&
    (!rule.ranks || (learner.rank !== null && rule.ranks.includes(learner.rank))) &&
    (!rule.roles || rule.roles.includes(learner.role))
  );
}

/** The learner's sessions in the period against every joint-exercise rule that applies. Each session counts once per rule. */
export function exerciseStanding(
  policy: Policy,
  learner: StandingLearner,
  inPeriod: readonly ExerciseParticipation[],
): ExerciseStanding {
  const required: ExerciseRequirement[] = [];
  for (const rule of policy.requiredExercises ?? []) {
    if (!applies(rule, learner)) continue;
    const listed = rule.exercises ?? null;
    const done = inPeriod.filter((e) => listed === null || listed.includes(e.exerciseId)).length;
    required.push({ label: rule.label, count: rule.count, exercises: listed, done, met: done >= rule.count });
  }
  return { count: inPeriod.length, required, met: required.every((rule) => rule.met) };
}

function courseStanding(
  policy: Policy,
  courseId: string,
  required: boolean,
  results: readonly OfficialResult[],
  asOf: number,
): CourseStanding {
  const minimumScore = minimumScoreFor(policy, courseId);
  // Best: highest score, the earliest time it was reached. Latest: most recent finish.
  // The attempt id breaks exact ties so the answer never depends on the input order.
  const best = pick(results, (a, b) => b.scaled - a.scaled || time(a) - time(b) || compareIds(a, b));
  const latest = pick(results, (a, b) => time(b) - time(a) || compareIds(b, a));
  const counted = policy.retakes === 'best' ? best : latest;
  const completed = counted !== undefined && reachesMinimum(counted, minimumScore);
  return {
    courseId,
    required,
    minimumScore,
    attempts: results.length,
    best: summary(best),
    latest: summary(latest),
    counted: summary(counted),
    completed,
    courseVersion: counted?.courseVersion ?? null,
    finishedAt: counted?.finishedAt ?? null,
    hoursEarned: completed ? counted.creditHours : 0,
    validity: courseValidity(policy, courseId, results, minimumScore, asOf),
  };
}

function pick(
  results: readonly OfficialResult[],
  order: (a: OfficialResult, b: OfficialResult) => number,
): OfficialResult | undefined {
  return [...results].sort(order)[0];
}

function time(result: OfficialResult): number {
  return Date.parse(result.finishedAt);
}

function compareIds(a: OfficialResult, b: OfficialResult): number {
  return a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0;
}

function summary(result: OfficialResult | undefined): ResultSummary | null {
  if (!result) return null;
  const { attemptId, courseVersion, scaled, passed, finishedAt, department, rank } = result;
  return {
    attemptId,
    courseVersion,
    scaled,
    passed,
    finishedAt,
    ...(department !== undefined && { department }),
    ...(rank !== undefined && { rank }),
  };
}

function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100;
}
