// Honours proposed from a period's results (policy `honours`): who meets every condition of an
// honour, with the reasons, in a fixed order per department, and who falls within its limit.
// The system only proposes; an admin decides (server/honours). Pure and deterministic.
import type { Localized } from '../course/schema.ts';
import type { Honour, Policy } from './schema.ts';
import type { Standing, StandingLearner } from './standing.ts';

/** One joint-exercise session the learner took part in, with the team's result. */
export interface TeamResult {
  readonly resultId: string;
  readonly exerciseId: string;
  readonly teamScore: number;
  readonly teamMax: number;
  /** When the session ended, ISO 8601. */
  readonly finishedAt: string;
}

/** What an honour is judged on: the learner, their standing in the period, and what the standing does not hold. */
export interface HonourCandidate {
  readonly learner: StandingLearner;
  /** evaluateStanding for the same period and policy version. */
  readonly standing: Standing;
  /** The learner's joint-exercise sessions that ended in the period. */
  readonly teamResults: readonly TeamResult[];
  /** Attempt ids of the learner's results finished in the period that an admin has corrected. */
  readonly correctedResults: readonly string[];
}

/** Why a person is proposed: one reason per condition, with the figures, in both languages. */
export type HonourReason =
  | {
      readonly kind: 'course';
      readonly courseId: string;
      readonly scaled: number;
      readonly minimum: number;
      readonly finishedAt: string;
      readonly text: Localized;
    }
  | {
      readonly kind: 'joint-exercises';
      readonly sessions: number;
      readonly required: number;
      readonly minTeamScore: number;
      readonly text: Localized;
    }
  | { readonly kind: 'no-corrections'; readonly text: Localized };

export type HonourJudgement =
  | {
      readonly eligible: true;
      readonly reasons: readonly HonourReason[];
      /** Mean counted score over the required courses: the first tie-break (higher first). */
      readonly meanScore: number;
      /** When the last required course was completed (ISO 8601): the second tie-break (earlier first). */
      readonly completedAt: string;
    }
  | { readonly eligible: false; readonly failures: readonly string[] };

export interface HonourProposal {
  readonly username: string;
  readonly name: string;
  readonly department: string | null;
  readonly reasons: readonly HonourReason[];
  readonly meanScore: number;
  readonly completedAt: string;
  /** 1-based place within the department, in the tie-break order. */
  readonly place: number;
  /** place ≤ the honour's perDepartment limit. */
  readonly withinLimit: boolean;
}

export interface HonourProposals {
  readonly honourId: string;
  readonly label: Localized;
  readonly perDepartment: number;
  /** By department (no department last), then place. */
  readonly proposals: readonly HonourProposal[];
}

/** Scores are ratios computed elsewhere; this keeps 0.9 from failing a 0.9 minimum on rounding. */
const SCORE_EPSILON = 1e-9;

/** Departments in the order the promotion report lists them (by pinyin). */
const DEPARTMENTS = new Intl.Collator('zh-CN', { numeric: true });

const pct = (scaled: number): number => Math.round(scaled * 1000) / 10;

/** Whether one learner meets every condition of the honour, and why (or why not, in English, for tests and logs). */
export function judgeHonour(honour: Honour, candidate: HonourCandidate): HonourJudgement {
  const { conditions } = honour;
  const failures: string[] = [];
  const reasons: HonourReason[] = [];
  const { standing } = candidate;
  const required = standing.courses.filter((course) => course.required);
  if (required.length === 0) failures.push('no course is required of the learner, so there is nothing to judge');
  let total = 0;
  let completedAt = '';
  for (const course of required) {
    const counted = course.counted;
    if (counted === null || !course.completed) {
      failures.push(`${course.courseId}: not completed`);
      continue;
    }
    if (course.validity?.state === 'expired') {
      failures.push(`${course.courseId}: the pass expired on ${course.validity.expiresOn ?? ''}`);
      continue;
    }
    if (counted.scaled + SCORE_EPSILON < conditions.requiredCoursesMinimum) {
      failures.push(`${course.courseId}: ${pct(counted.scaled)} % is below ${pct(conditions.requiredCoursesMinimum)} %`);
      continue;
    }
    total += counted.scaled;
    if (counted.finishedAt > completedAt) completedAt = counted.finishedAt;
    reasons.push({
      kind: 'course',
      courseId: course.courseId,
      scaled: counted.scaled,
      minimum: conditions.requiredCoursesMinimum,
      finishedAt: counted.finishedAt,
      text: {
        'zh-CN': `必修课 ${course.courseId} 成绩 ${pct(counted.scaled)}%（要求 ≥ ${pct(conditions.requiredCoursesMinimum)}%）`,
        en: `Required course ${course.courseId}: ${pct(counted.scaled)} % (at least ${pct(conditions.requiredCoursesMinimum)} %)`,
      },
    });
  }
  if (conditions.jointExercises !== undefined) {
    const { count, minTeamScore } = conditions.jointExercises;
    const good = candidate.teamResults.filter(
      (r) => r.teamMax > 0 && r.teamScore / r.teamMax + SCORE_EPSILON >= minTeamScore,
    ).length;
    if (good < count)
      failures.push(`joint exercises: ${good} of ${count} sessions with a team score of at least ${pct(minTeamScore)} %`);
    else
      reasons.push({
        kind: 'joint-exercises',
        sessions: good,
        required: count,
        minTeamScore,
        text: {
          'zh-CN': `联合演练团队得分 ≥ ${pct(minTeamScore)}% 的场次：${good}（要求 ≥ ${count}）`,
          en: `Joint exercises with a team score of at least ${pct(minTeamScore)} %: ${good} (at least ${count})`,
        },
      });
  }
  if (conditions.noCorrectedResults === true) {
    if (candidate.correctedResults.length > 0)
      failures.push(`corrected results in the period: ${[...candidate.correctedResults].sort().join(', ')}`);
    else
      reasons.push({
        kind: 'no-corrections',
        text: { 'zh-CN': '本期无更正过的成绩', en: 'No corrected result in the period' },
      });
  }
  if (failures.length > 0) return { eligible: false, failures };
  return { eligible: true, reasons, meanScore: total / required.length, completedAt };
}

/** Whether the honour is given for the period: listed in its `periods`, or it lists none. */
export function honourApplies(honour: Honour, periodId: string): boolean {
  return honour.periods === undefined || honour.periods.includes(periodId);
}

/**
 * The tie-break order within a department: higher mean score over the required courses, then the
 * earlier completion of the last of them, then the username (so the order never depends on input).
 */
export function compareProposals(
  a: Pick<HonourProposal, 'meanScore' | 'completedAt' | 'username'>,
  b: Pick<HonourProposal, 'meanScore' | 'completedAt' | 'username'>,
): number {
  if (Math.abs(a.meanScore - b.meanScore) > SCORE_EPSILON) return b.meanScore - a.meanScore;
  if (a.completedAt !== b.completedAt) return a.completedAt < b.completedAt ? -1 : 1;
  return a.username < b.username ? -1 : a.username > b.username ? 1 : 0;
}

/** Everyone eligible for one honour, placed per department; the first perDepartment of each are within the limit. */
export function proposeHonour(honour: Honour, candidates: readonly HonourCandidate[]): HonourProposals {
  const byDepartment = new Map<string | null, HonourProposal[]>();
  for (const candidate of candidates) {
    const judged = judgeHonour(honour, candidate);
    if (!judged.eligible) continue;
    const { username, name, department } = candidate.learner;
    const list = byDepartment.get(department) ?? [];
    list.push({
      username,
      name,
      department,
      reasons: judged.reasons,
      meanScore: judged.meanScore,
      completedAt: judged.completedAt,
      place: 0,
      withinLimit: false,
    });
    byDepartment.set(department, list);
  }
  const departments = [...byDepartment.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : DEPARTMENTS.compare(a, b)));
  const proposals = departments.flatMap((department) =>
    (byDepartment.get(department) ?? [])
      .sort(compareProposals)
      .map((p, i) => ({ ...p, place: i + 1, withinLimit: i < honour.limit.perDepartment })),
  );
  return { honourId: honour.id, label: honour.label, perDepartment: honour.limit.perDepartment, proposals };
}

/** Every honour of the policy given for the period, in policy order. */
export function proposeHonours(policy: Policy, periodId: string, candidates: readonly HonourCandidate[]): HonourProposals[] {
  return (policy.honours ?? []).filter((h) => honourApplies(h, periodId)).map((h) => proposeHonour(h, candidates));
}
