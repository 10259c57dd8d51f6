// The standing of everyone a promotion report covers, from the rows report-data.ts read: learners
// and trainers always, admins and department admins only when they have results in the period
// (an admin account is usually a console login, not a person in training). Joint-exercise
// results count towards the policy's joint-exercise rules. Grouping happens
// here, in memory.
import type { Policy } from '../../src/policy/schema.ts';
import { evaluateStanding, type OfficialResult, type Standing } from '../../src/policy/standing.ts';
import type { CompetencyScore, ReportLearner } from '../../src/contracts/report-types.ts';
import type { ReportAccount, ReportAttempt, ReportData } from './report-data.ts';
import type { ReportCourses } from './report-courses.ts';

/** Sorts Chinese names the way officials expect (by pinyin), and E2 before E10. */
export const COLLATOR = new Intl.Collator('zh-CN', { numeric: true });

/** Whether the report covers this account (see the file comment). */
export function coversAccount(account: ReportAccount, data: ReportData): boolean {
  const isAdmin = account.role === 'admin' || account.role === 'department-admin';
  return (
    !isAdmin || (data.attemptsByUser.get(account.id)?.length ?? 0) > 0 || (data.exercisesByUser.get(account.id)?.length ?? 0) > 0
  );
}

type SortFields = Pick<ReportLearner, 'department' | 'employeeId' | 'username'>;

/** Sorts by department (accounts without one last), then employee id, else username. */
export function sortLearners<T>(items: readonly T[], fields: (item: T) => SortFields): T[] {
  // Departments are few: collate them once, then compare their ranks.
  const departments = [...new Set(items.map((item) => fields(item).department).filter((d): d is string => d !== null))].sort(
    COLLATOR.compare,
  );
  const rank = new Map(departments.map((department, index) => [department, index]));
  const keyed = items.map((item) => {
    const f = fields(item);
    return {
      item,
      rank: f.department === null ? departments.length : (rank.get(f.department) ?? 0),
      id: f.employeeId ?? f.username,
      username: f.username,
    };
  });
  keyed.sort((a, b) => a.rank - b.rank || COLLATOR.compare(a.id, b.id) || COLLATOR.compare(a.username, b.username));
  return keyed.map((entry) => entry.item);
}

export interface EvaluatedLearner {
  /** users.id */
  readonly userId: string;
  readonly learner: ReportLearner;
  readonly attempts: readonly ReportAttempt[];
}

/** Every covered account's standing and competency profile, sorted for the report. */
/** `asOf` (epoch ms): when passes with a validity are judged (src/policy/standing.ts StandingOptions); default the period's end. */
export function evaluateLearners(
  policy: Policy,
  periodId: string,
  data: ReportData,
  courses: ReportCourses,
  asOf?: number,
): EvaluatedLearner[] {
  const out: EvaluatedLearner[] = [];
  for (const account of data.accounts) {
    if (!coversAccount(account, data)) continue;
    out.push(evaluateAccount(policy, periodId, account, data, courses, asOf));
  }
  return sortLearners(out, (evaluated) => evaluated.learner);
}

/** One account's standing and competency profile, as its report row has them (the learner's own page uses it too). */
export function evaluateAccount(
  policy: Policy,
  periodId: string,
  account: ReportAccount,
  data: ReportData,
  courses: ReportCourses,
  asOf?: number,
): EvaluatedLearner {
  const attempts = data.attemptsByUser.get(account.id) ?? [];
  const results: OfficialResult[] = attempts.map((attempt) => ({
    attemptId: attempt.attemptId,
    courseId: attempt.courseId,
    courseVersion: attempt.courseVersion,
    creditHours: courses.creditHours(attempt.courseId),
    scaled: attempt.scaled,
    passed: attempt.passed,
    finishedAt: attempt.finishedAt,
    department: attempt.department,
    rank: attempt.rank,
  }));
  // The training policy's requirements know admins; a department admin trains as one.
  const policyRole = account.role === 'department-admin' ? 'admin' : account.role;
  const exercises = data.exercisesByUser.get(account.id) ?? [];
  const standing = evaluateStanding(
    policy,
    periodId,
    { ...account, role: policyRole },
    results,
    exercises,
    asOf === undefined ? {} : { asOf },
  );
  const learner: ReportLearner = {
    username: account.username,
    name: account.name,
    employeeId: account.employeeId,
    department: account.department,
    rank: account.rank,
    role: account.role,
    standing,
    competency: competencyProfile(standing, attempts, courses),
    // Filled by the promotion report from the ledger (server/reports/ledger-rows.ts).
    ledgerIssues: [],
  };
  return { userId: account.id, learner, attempts };
}

interface DimensionTotal {
  readonly dimensionId: string;
  score: number;
  max: number;
  readonly courseId: string;
}

/**
 * Dimension scores summed over the counted result of each course (the result the retake rule
 * picks). An adjustment corrects a result's total; the dimension scores stay the grader's own.
 * Runs once per learner in every report (10,000 learners in the bench), so it avoids spare
 * allocations: plain loops, one parse per counted result.
 */
export function competencyProfile(
  standing: Standing,
  attempts: readonly ReportAttempt[],
  courses: ReportCourses,
): CompetencyScore[] {
  const totals = new Map<string, DimensionTotal>();
  for (const course of standing.courses) {
    const countedId = course.counted?.attemptId;
    if (countedId === undefined) continue;
    let attempt: ReportAttempt | undefined;
    for (const candidate of attempts) {
      if (candidate.attemptId === countedId) {
        attempt = candidate;
        break;
      }
    }
    if (attempt === undefined || attempt.dimensionsJson === null) continue;
    addDimensions(totals, attempt.dimensionsJson, attempt.courseId);
  }
  const out: CompetencyScore[] = [];
  for (const total of totals.values()) {
    out.push({
      dimensionId: total.dimensionId,
      label: courses.dimensionLabel(total.dimensionId, total.courseId),
      score: round(total.score),
      max: round(total.max),
      scaled: total.max > 0 ? round(total.score / total.max, 4) : 0,
    });
  }
  if (out.length > 1)
    out.sort(
      (a, b) =>
        courses.dimensionOrder(a.dimensionId) - courses.dimensionOrder(b.dimensionId) || (a.dimensionId < b.dimensionId ? -1 : 1),
    );
  return out;
}

/** Adds one result's `[{ dimensionId, score, max }]` JSON to the totals; malformed text or items are skipped. */
function addDimensions(totals: Map<string, DimensionTotal>, json: string, courseId: string): void {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return;
  }
  if (!Array.isArray(value)) return;
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { dimensionId, score, max } = item as Record<string, unknown>;
    if (typeof dimensionId !== 'string' || typeof score !== 'number' || typeof max !== 'number') continue;
    const total = totals.get(dimensionId);
    if (total === undefined) totals.set(dimensionId, { dimensionId, score, max, courseId });
    else {
      total.score += score;
      total.max += max;
    }
  }
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
