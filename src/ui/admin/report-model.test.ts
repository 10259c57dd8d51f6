// The report page's plain logic: queries and download links, status words, review flags and
// order, course columns, search and paging a 10,000-learner report.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CourseStanding, Standing } from '../../policy/standing.ts';
import type { ReportAnalytics, ReportLearner } from '../../contracts/report-types.ts';
import { uiStrings, type UiKey } from '../../i18n/strings.ts';
import { consoleHref } from './admin-nav.tsx';
import {
  analyticsQuery,
  binLabels,
  completionRows,
  courseColumns,
  defaultPeriod,
  downloadHref,
  pageOf,
  periodsFromPolicyYaml,
  promotionQuery,
  reviewReasons,
  searchLearners,
  sortItems,
  statusWords,
  type ReportFilters,
} from './report-model.ts';

/** The real English strings, interpolated as i18next does. */
const t = (key: UiKey, values: Record<string, string | number> = {}) =>
  uiStrings.en[key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
const title = (courseId: string) => ({ 'data-security': 'Data security basics' })[courseId] ?? courseId;

const FILTERS: ReportFilters = { period: '2026', department: '大数据局', rank: null, status: 'short', policyVersion: null };

function courseStanding(courseId: string, scaled: number | null, completed: boolean): CourseStanding {
  const result =
    scaled === null
      ? null
      : { attemptId: `a-${courseId}`, courseVersion: '1.0.0', scaled, passed: completed, finishedAt: '2026-03-01T02:00:00Z' };
  return {
    courseId,
    required: true,
    minimumScore: 0.6,
    attempts: result ? 1 : 0,
    best: result,
    latest: result,
    counted: result,
    completed,
    courseVersion: result ? '1.0.0' : null,
    finishedAt: result?.finishedAt ?? null,
    hoursEarned: completed ? 2 : 0,
    validity: null,
  };
}

function learner(n: number, courses: CourseStanding[] = []): ReportLearner {
  const standing: Standing = {
    policyVersion: '2026.2',
    periodId: '2026',
    username: `u${n}`,
    requiredHours: 4,
    earnedHours: 0,
    requiredCourses: [],
    courses,
    exercises: { count: 0, required: [], met: true },
    statuses: [{ kind: 'short-hours', hours: 4 }],
    meets: false,
    asOf: '2026-12-31T15:59:59.999Z',
    due: [],
    earnedIn: [],
  };
  return {
    username: `u${n}`,
    name: `Learner ${n}`,
    employeeId: `E${String(n).padStart(5, '0')}`,
    department: 'Audit',
    rank: '科员',
    role: 'learner',
    standing,
    competency: [],
    ledgerIssues: [],
  };
}

describe('queries and links', () => {
  it('puts only the filters that are set in the report query, and the status nowhere in the analytics query', () => {
    expect(promotionQuery(FILTERS)).toBe('period=2026&department=%E5%A4%A7%E6%95%B0%E6%8D%AE%E5%B1%80&status=short');
    expect(analyticsQuery({ ...FILTERS, policyVersion: '2026.1' })).toBe(
      'period=2026&department=%E5%A4%A7%E6%95%B0%E6%8D%AE%E5%B1%80&policyVersion=2026.1',
    );
  });

  it('links the downloads to the same report as a file in the page language', () => {
    const csv = new URL(downloadHref(FILTERS, 'csv', 'en'), 'http://x');
    expect(csv.pathname).toBe('/api/v1/reports/promotion');
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      period: '2026',
      department: '大数据局',
      status: 'short',
      format: 'csv',
      lang: 'en',
    });
    expect(new URL(downloadHref(FILTERS, 'xlsx', 'zh-CN'), 'http://x').searchParams.get('format')).toBe('xlsx');
  });

  it('builds console links with only their own parameters and the language', () => {
    expect(consoleHref({ page: 'admin-attempt', user: 'E1001' }, '?page=admin-reports&lang=en&attempt=x')).toBe(
      '/?page=admin-attempt&user=E1001&lang=en',
    );
    expect(consoleHref({ page: 'admin-policy' }, '')).toBe('/?page=admin-policy');
  });
});

describe('status words', () => {
  it('says every status in words with a mark, naming the course', () => {
    expect(statusWords({ kind: 'meets' }, t, title)).toBe('✓ Meets the requirement');
    expect(statusWords({ kind: 'short-hours', hours: 2.5 }, t, title)).toBe('× Short by 2.5 hours');
    expect(statusWords({ kind: 'missing-course', courseId: 'data-security' }, t, title)).toBe(
      '× Missing required course: Data security basics',
    );
    expect(
      statusWords({ kind: 'below-minimum-score', courseId: 'data-security', scaled: 0.72, minimum: 0.8, passed: true }, t, title),
    ).toBe('× Data security basics: score 72% below the minimum 80%');
    expect(
      statusWords({ kind: 'below-minimum-score', courseId: 'governance', scaled: 0.4, minimum: 0.6, passed: false }, t, title),
    ).toBe('× governance: not passed (score 40%, minimum 60%)');
  });

  it('names the joint-exercise rule that is not met, in the page language', () => {
    const status = {
      kind: 'missing-exercises',
      label: { 'zh-CN': '处长每年一次联合演练', en: 'Directors: one joint exercise a year' },
      required: 1,
      done: 0,
    } as const;
    expect(statusWords(status, t, title, 'en')).toBe('× Too few joint exercises: Directors: one joint exercise a year (0 of 1)');
  });
});

describe('item analysis', () => {
  const item = (stepId: string, difficulty: number, discrimination: number | null): ReportAnalytics['items'][number] => ({
    courseId: 'data-security',
    courseVersion: '1.0.0',
    sceneId: 's',
    stepId,
    title: { 'zh-CN': stepId, en: stepId },
    attempts: 20,
    difficulty,
    discrimination,
  });

  it('flags too easy, too hard and undiscriminating questions, and only those', () => {
    expect(reviewReasons(item('a', 0.96, 0.5))).toEqual(['too-easy']);
    expect(reviewReasons(item('b', 0.19, 0.3))).toEqual(['too-hard']);
    expect(reviewReasons(item('c', 0.5, 0.19))).toEqual(['low-discrimination']);
    expect(reviewReasons(item('d', 0.99, -0.1))).toEqual(['too-easy', 'low-discrimination']);
    // The limits themselves are fine.
    expect(reviewReasons(item('e', 0.95, 0.2))).toEqual([]);
    expect(reviewReasons(item('f', 0.2, 0.2))).toEqual([]);
    // Under 10 attempts (no discrimination yet) nothing is judged, however extreme the difficulty.
    expect(reviewReasons(item('g', 1, null))).toEqual([]);
    expect(reviewReasons(item('h', 0, null))).toEqual([]);
  });

  it('sorts by discrimination, lowest first, with unknown discrimination last', () => {
    const sorted = sortItems([
      item('high', 0.5, 0.6),
      item('none', 0.5, null),
      item('negative', 0.5, -0.2),
      item('low', 0.5, 0.1),
    ]);
    expect(sorted.map((i) => i.stepId)).toEqual(['negative', 'low', 'high', 'none']);
  });
});

describe('learners table', () => {
  it('orders the score columns as the catalog, then other courses by id', () => {
    const learners = [
      learner(1, [courseStanding('zeta', 0.5, false), courseStanding('governance', 0.9, true)]),
      learner(2, [courseStanding('data-security', null, false)]),
    ];
    expect(courseColumns(learners, ['data-security', 'algorithm-ethics', 'governance'])).toEqual([
      'data-security',
      'governance',
      'zeta',
    ]);
  });

  it('finds learners by name, employee id or username, in any case', () => {
    const learners = [learner(1), learner(22), learner(300)];
    expect(searchLearners(learners, ' learner 22 ').map((l) => l.username)).toEqual(['u22']);
    expect(searchLearners(learners, 'e00300').map((l) => l.username)).toEqual(['u300']);
    expect(searchLearners(learners, 'U1').map((l) => l.username)).toEqual(['u1']);
    expect(searchLearners(learners, '')).toHaveLength(3);
  });

  it('never shows more than 200 of 10,000 learners, and clamps the page into range', () => {
    const all = Array.from({ length: 10_000 }, (_, i) => learner(i + 1));
    const first = pageOf(all, 1);
    expect(first.rows.length).toBeLessThanOrEqual(200);
    expect(first).toMatchObject({ page: 1, pages: 100, from: 1, to: 100, total: 10_000 });
    const last = pageOf(all, 1_000);
    expect(last).toMatchObject({ page: 100, from: 9_901, to: 10_000 });
    expect(last.rows[0]?.username).toBe('u9901');
    expect(pageOf([], 3)).toMatchObject({ rows: [], page: 1, pages: 1, from: 0, to: 0 });
  });
});

describe('charts data', () => {
  it('labels ten score bins and counts the short learners per department', () => {
    expect(binLabels()).toEqual([
      '0–10%',
      '10–20%',
      '20–30%',
      '30–40%',
      '40–50%',
      '50–60%',
      '60–70%',
      '70–80%',
      '80–90%',
      '90–100%',
    ]);
    expect(completionRows({ completionByDepartment: [{ department: 'Audit', learners: 5, meets: 3 }] })).toEqual([
      { department: 'Audit', learners: 5, meets: 3, short: 2 },
    ]);
  });
});

describe('periods', () => {
  it('reads the periods of the policy file and picks the one holding today', () => {
    const periods = periodsFromPolicyYaml(readFileSync(new URL('../../../config/training-policy.yaml', import.meta.url), 'utf8'));
    expect(periods.map((p) => p.id)).toEqual(['2025', '2026']);
    expect(periods[1]?.label).toEqual({ 'zh-CN': '2026 年度', en: 'Year 2026' });
    expect(defaultPeriod(periods, '2025-07-01')).toBe('2025');
    expect(defaultPeriod(periods, '2031-01-01')).toBe('2026');
    expect(defaultPeriod([], '2026-01-01')).toBeNull();
  });

  it('skips what it cannot read instead of failing', () => {
    expect(periodsFromPolicyYaml('periods: [: nonsense')).toEqual([]);
    expect(periodsFromPolicyYaml('periods:\n  - id: 2027\n    start: "2027-01-01"\n    end: "2027-12-31"\n  - label: x')).toEqual(
      [{ id: '2027', start: '2027-01-01', end: '2027-12-31', label: null }],
    );
  });
});
