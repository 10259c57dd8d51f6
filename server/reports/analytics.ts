// The admin console's charts (GET /api/v1/reports/analytics): completion by department, score
// distribution per course, the monthly trend and item analysis per graded step. Same population
// and effective results as the promotion report; item analysis reads the grader's step scores.
import type { Localized } from '../../src/course/schema.ts';
import { periodWindow } from '../../src/policy/period.ts';
import type { Period } from '../../src/policy/schema.ts';
import type { ReportAnalytics } from '../../src/contracts/report-types.ts';
import type { ReportDeps } from './promotion-report.ts';
import { loadReportData, type ReportAttempt } from './report-data.ts';
import type { ReportCourses } from './report-courses.ts';
import type { ReportRequest } from './report-query.ts';
import { localTime, offsetMinutes } from './report-table.ts';
import { COLLATOR, evaluateLearners } from './standing-rows.ts';

/** Item analysis compares the top and bottom 27 % of attempts, and only from this many attempts. */
export const EXTREME_GROUP_SHARE = 0.27;
export const MIN_ATTEMPTS_FOR_DISCRIMINATION = 10;

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

export async function reportAnalytics(
  deps: Pick<ReportDeps, 'database' | 'courses'> & { readonly now?: () => number },
  request: ReportRequest,
): Promise<ReportAnalytics> {
  const { policy } = request.stored;
  const { period, filters } = request;
  const data = await loadReportData(deps.database, periodWindow(period, policy.utcOffset), { steps: true });
  const evaluated = evaluateLearners(policy, period.id, data, deps.courses, deps.now?.()).filter(
    ({ learner }) =>
      (filters.department === null || learner.department === filters.department) &&
      (filters.rank === null || learner.rank === filters.rank),
  );
  const learners = evaluated.map((e) => e.learner);
  const attempts = evaluated.flatMap((e) => e.attempts);

  const byDepartment = new Map<string, { learners: number; meets: number }>();
  for (const learner of learners) {
    const key = learner.department ?? '';
    const entry = byDepartment.get(key) ?? { learners: 0, meets: 0 };
    entry.learners += 1;
    if (learner.standing.meets) entry.meets += 1;
    byDepartment.set(key, entry);
  }
  const completionByDepartment = [...byDepartment]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : COLLATOR.compare(a, b)))
    .map(([department, counts]) => ({ department, ...counts }));

  const bins = new Map<string, number[]>(deps.courses.ids.map((id) => [id, new Array<number>(10).fill(0)]));
  for (const learner of learners) {
    for (const course of learner.standing.courses) {
      if (course.counted === null) continue;
      const list = bins.get(course.courseId) ?? new Array<number>(10).fill(0);
      list[scoreBin(course.counted.scaled)]! += 1;
      bins.set(course.courseId, list);
    }
  }
  const scoreDistribution = [...bins]
    .sort(([a], [b]) => deps.courses.order(a) - deps.courses.order(b) || (a < b ? -1 : 1))
    .map(([courseId, counts]) => ({ courseId, bins: counts }));

  return {
    period: { id: period.id, label: period.label },
    policyVersion: policy.version,
    completionByDepartment,
    scoreDistribution,
    trend: monthlyTrend(period, policy.utcOffset, attempts),
    items: itemAnalysis(attempts, deps.courses),
  };
}

/** Ten bins of 0.1; the last includes 1.0. */
export function scoreBin(scaled: number): number {
  return Math.min(9, Math.max(0, Math.floor(scaled * 10 + 1e-9)));
}

/** Every month of the period (in the policy's offset), empty months included. */
export function monthlyTrend(period: Period, utcOffset: string, attempts: readonly ReportAttempt[]): ReportAnalytics['trend'] {
  const offset = offsetMinutes(utcOffset);
  const months = new Map<string, { attempts: number; passed: number; scaledSum: number }>();
  let [year, month] = period.start.split('-').map(Number) as [number, number];
  const last = period.end.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.set(key, { attempts: 0, passed: 0, scaledSum: 0 });
    if (key >= last) break;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  for (const attempt of attempts) {
    const entry = months.get(localTime(attempt.finishedAt, offset).slice(0, 7));
    if (entry === undefined) continue;
    entry.attempts += 1;
    if (attempt.passed) entry.passed += 1;
    entry.scaledSum += attempt.scaled;
  }
  return [...months].map(([key, entry]) => ({
    month: key,
    attempts: entry.attempts,
    passed: entry.passed,
    meanScaled: entry.attempts === 0 ? null : round4(entry.scaledSum / entry.attempts),
  }));
}

interface ItemAnswer {
  readonly attemptId: string;
  /** The attempt's total as graded (score over maximum). */
  readonly total: number;
  /** Share of the step's points earned, 0–1 (a net-negative step counts as 0). */
  readonly share: number;
}

interface ItemGroup {
  readonly courseId: string;
  readonly courseVersion: string;
  readonly sceneId: string;
  readonly stepId: string;
  readonly answers: ItemAnswer[];
}

function gradedSteps(json: string | null): { sceneId: string; stepId: string; score: number; max: number }[] {
  if (json === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (!Array.isArray(item)) return [];
    const [sceneId, stepId, score, max] = item as unknown[];
    return typeof sceneId === 'string' && typeof stepId === 'string' && typeof score === 'number' && typeof max === 'number'
      ? [{ sceneId, stepId, score, max }]
      : [];
  });
}

/**
 * Difficulty: the mean share of a step's points earned (1 = everyone got it). Discrimination:
 * among the attempts that reached the step, ranked by total score (ties by attempt id), the
 * difficulty in the top 27 % minus that in the bottom 27 % (each group round(0.27 n) attempts);
 * null under 10 attempts. Steps worth no points are left out.
 */
export function itemAnalysis(attempts: readonly ReportAttempt[], courses: ReportCourses): ReportAnalytics['items'] {
  const groups = new Map<string, ItemGroup>();
  for (const attempt of attempts) {
    for (const step of gradedSteps(attempt.stepsJson)) {
      if (step.max <= 0) continue;
      const key = JSON.stringify([attempt.courseId, attempt.courseVersion, step.sceneId, step.stepId]);
      let group = groups.get(key);
      if (group === undefined) {
        group = {
          courseId: attempt.courseId,
          courseVersion: attempt.courseVersion,
          sceneId: step.sceneId,
          stepId: step.stepId,
          answers: [],
        };
        groups.set(key, group);
      }
      group.answers.push({
        attemptId: attempt.attemptId,
        total: attempt.gradedScaled,
        share: Math.min(1, Math.max(0, step.score / step.max)),
      });
    }
  }
  const stepOf = (group: ItemGroup) => courses.get(group.courseId)?.steps.get(`${group.sceneId}/${group.stepId}`);
  const mean = (answers: readonly ItemAnswer[]) => answers.reduce((sum, answer) => sum + answer.share, 0) / answers.length;
  return [...groups.values()]
    .sort(
      (a, b) =>
        courses.order(a.courseId) - courses.order(b.courseId) ||
        COLLATOR.compare(a.courseId, b.courseId) ||
        COLLATOR.compare(a.courseVersion, b.courseVersion) ||
        (stepOf(a)?.order ?? Number.MAX_SAFE_INTEGER) - (stepOf(b)?.order ?? Number.MAX_SAFE_INTEGER) ||
        COLLATOR.compare(`${a.sceneId}/${a.stepId}`, `${b.sceneId}/${b.stepId}`),
    )
    .map((group) => {
      const n = group.answers.length;
      let discrimination: number | null = null;
      if (n >= MIN_ATTEMPTS_FOR_DISCRIMINATION) {
        const ranked = [...group.answers].sort((a, b) => b.total - a.total || (a.attemptId < b.attemptId ? -1 : 1));
        const size = Math.max(1, Math.round(EXTREME_GROUP_SHARE * n));
        discrimination = round4(mean(ranked.slice(0, size)) - mean(ranked.slice(n - size)));
      }
      const title: Localized = stepOf(group)?.title ?? { 'zh-CN': group.stepId, en: group.stepId };
      return {
        courseId: group.courseId,
        courseVersion: group.courseVersion,
        sceneId: group.sceneId,
        stepId: group.stepId,
        title,
        attempts: n,
        difficulty: round4(mean(group.answers)),
        discrimination,
      };
    });
}
