// The learners table's sorting and the policy's words for it, apart from React so they are
// unit-tested with plain data: a column and a direction, a stable order (ties keep the server's
// department-then-employee-id order), ranks shown with the policy's label in the page's language,
// and each course's one pass mark (src/policy/pass-mark.ts).
import { parse } from 'yaml';
import type { Locale } from '../../course/schema.ts';
import { passMarkFor } from '../../policy/pass-mark.ts';
import { policySchema, type Policy } from '../../policy/schema.ts';
import type { ReportLearner } from '../../contracts/report-types.ts';

export type LearnerSortKey = 'name' | 'employeeId' | 'department' | 'rank' | 'hours' | 'status' | `course:${string}`;
export interface LearnerSort {
  readonly key: LearnerSortKey;
  readonly direction: 'ascending' | 'descending';
}

const COLLATOR = new Intl.Collator('zh-CN', { numeric: true });

/** The value a column sorts by; null sorts last either way. */
function sortValue(learner: ReportLearner, key: LearnerSortKey): string | number | null {
  switch (key) {
    case 'name':
      return learner.name;
    case 'employeeId':
      return learner.employeeId ?? learner.username;
    case 'department':
      return learner.department;
    case 'rank':
      return learner.rank;
    case 'hours':
      return learner.standing.earnedHours;
    case 'status':
      // Meeting the requirement sorts after every shortfall; more shortfalls sort first.
      return learner.standing.meets ? 0 : -learner.standing.statuses.length;
    default: {
      const courseId = key.slice('course:'.length);
      return learner.standing.courses.find((course) => course.courseId === courseId)?.counted?.scaled ?? null;
    }
  }
}

/** The rows in the column's order; null (or no sort) keeps the server's order. */
export function sortLearnerRows(learners: readonly ReportLearner[], sort: LearnerSort | null): readonly ReportLearner[] {
  if (sort === null) return learners;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = learners.map((learner, index) => ({ learner, index, value: sortValue(learner, sort.key) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
    const order =
      typeof a.value === 'number' && typeof b.value === 'number'
        ? a.value - b.value
        : COLLATOR.compare(String(a.value), String(b.value));
    return order * sign || a.index - b.index;
  });
  return keyed.map((entry) => entry.learner);
}

/** The next sort when a column's button is pressed: ascending, then descending, then ascending again. */
export function nextSort(current: LearnerSort | null, key: LearnerSortKey): LearnerSort {
  return current?.key === key && current.direction === 'ascending'
    ? { key, direction: 'descending' }
    : { key, direction: 'ascending' };
}

/** A policy version's YAML as a policy, or null when it does not read as one. */
export function policyFromYaml(yaml: string): Policy | null {
  try {
    const parsed = policySchema.safeParse(parse(yaml));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The rank as the policy labels it in this language; the stored name where the policy has no label. */
export function rankLabel(policy: Policy | null, rank: string, locale: Locale): string {
  return policy?.ranks.find((entry) => entry.name === rank)?.label[locale] ?? rank;
}

/** The department as the policy names it in this language; the stored name where the policy does not list it. */
export function departmentLabel(policy: Policy | null, department: string, locale: Locale): string {
  return policy?.departments?.find((entry) => entry.name === department)?.label[locale] ?? department;
}

/** The one pass mark of a course: the policy's minimum or the course's own mark, whichever the standing needs. */
export function coursePassMark(policy: Policy | null, courseId: string, courseMastery: number | undefined): number | null {
  if (policy === null && courseMastery === undefined) return null;
  return passMarkFor(policy, courseId, courseMastery ?? 0).score;
}
