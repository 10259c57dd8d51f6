// Analytics on SQLite and PostgreSQL against hand-computed numbers: ten learners in two
// departments, one mini-course result each (one graded by the server, nine copied from it with
// their own totals, times and step scores, one corrected through the ledger), and two mini-b
// results. Completion, score bins, the monthly trend (in Beijing time) and item analysis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import type { ReportAnalytics } from '../../src/contracts/report-types.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { monthlyTrend, scoreBin } from './analytics.ts';
import {
  attemptRow,
  createAccount,
  gradeAssessment,
  insertAttempt,
  startReportsApp,
  YEAR,
} from './test-support/reports-test-app.ts';
import type { ReportsTestApp } from './test-support/reports-test-app.ts';

const y = (date: string, time = '10:00') => `${YEAR}-${date}T${time}:00+08:00`;

/**
 * L1 is graded now (full marks, total 1.0). The others: total, finish time, and the share of two
 * steps' points they earned — `hunt` (a net-negative answer counts as 0) and `why`.
 */
const SEEDED = [
  { id: 'L2', total: 0.9, at: y('01-15'), hunt: 1, why: 1 },
  { id: 'L3', total: 0.8, at: y('01-20'), hunt: 1, why: 0 },
  { id: 'L4', total: 0.7, at: y('02-10'), hunt: 1, why: 0 },
  { id: 'L5', total: 0.6, at: y('02-11'), hunt: 1, why: 1 },
  { id: 'L6', total: 0.5, at: y('03-01'), hunt: 1, why: 0 },
  { id: 'L7', total: 0.4, at: y('03-02'), hunt: 1, why: 1 },
  { id: 'L8', total: 0.3, at: y('03-03'), hunt: 1, why: 0 },
  { id: 'L9', total: 0.2, at: y('12-31', '23:59'), hunt: 0.5, why: 1 },
  // 07:00 on 1 February in Beijing is still 31 January in UTC: it belongs to February.
  { id: 'L10', total: 0.1, at: y('02-01', '07:00'), hunt: -0.2, why: 0 },
] as const;

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`report analytics on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let nowMonth: string;

    const analytics = async (query: string): Promise<ReportAnalytics> => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/reports/analytics?${query}`, headers: t.admin });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<ReportAnalytics>();
    };

    beforeAll(async () => {
      t = await startReportsApp(variant);
      const ids = ['L1', ...SEEDED.map((s) => s.id)];
      const sessions = new Map<string, Record<string, string>>();
      for (const [i, id] of ids.entries()) {
        sessions.set(
          id,
          await createAccount(t, { username: id, name: `学员${i + 1}`, department: i < 5 ? '办公室' : '大数据局', rank: '科员' }),
        );
      }
      const graded = await gradeAssessment(t, sessions.get('L1') ?? {}, MINI_PASSING);
      nowMonth = new Date(Date.parse(graded.official?.finishedAt ?? '') + 8 * 3_600_000).toISOString().slice(0, 7);
      const template = await attemptRow(t.database, graded.attemptId);
      const steps = (JSON.parse(template.result) as { steps: { stepId: string; result: { max: number } }[] }).steps;
      expect(steps.map((s) => s.stepId)).toEqual(['hunt', 'why', 'grade', 'order', 'talk']);
      let l6 = '';
      for (const seeded of SEEDED) {
        const stepScores = steps.map(
          (step) => (step.stepId === 'hunt' ? seeded.hunt : step.stepId === 'why' ? seeded.why : 1) * step.result.max,
        );
        const id = await insertAttempt(t.database, template, {
          username: seeded.id,
          courseId: 'mini',
          finished: seeded.at,
          scaled: seeded.total,
          passed: seeded.total >= 0.7,
          stepScores,
        });
        if (seeded.id === 'L6') l6 = id;
      }
      await insertAttempt(t.database, template, {
        username: 'L1',
        courseId: 'mini-b',
        finished: y('04-01'),
        scaled: 0.9,
        passed: true,
      });
      await insertAttempt(t.database, template, {
        username: 'L2',
        courseId: 'mini-b',
        finished: y('04-02'),
        scaled: 0.95,
        passed: true,
      });
      const adjusted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/attempts/${l6}/adjustments`,
        headers: t.admin,
        payload: { scaled: 0.75, passed: true, reason: 'Appeal upheld: question 2 was graded wrongly.' },
      });
      expect(adjusted.statusCode, adjusted.body).toBe(201);
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it('counts completion by department under the current policy', async () => {
      const a = await analytics(`period=${YEAR}`);
      expect(a.policyVersion).toBe('T.2');
      expect(a.period).toEqual({ id: String(YEAR), label: { 'zh-CN': `${YEAR} 年度`, en: `Year ${YEAR}` } });
      // L1 (mini 1.0 + mini-b) and L2 (mini 0.9 + mini-b) earn 2 hours with mini above 0.8.
      expect(a.completionByDepartment).toEqual([
        { department: '办公室', learners: 5, meets: 2 },
        { department: '大数据局', learners: 5, meets: 0 },
      ]);
    });

    it('bins counted scores per course, using the adjusted result', async () => {
      const a = await analytics(`period=${YEAR}`);
      expect(a.scoreDistribution).toEqual([
        // 1.0, 0.9 → bin 9; 0.8; 0.7 and L6's corrected 0.75 → bin 7; 0.6; 0.4; 0.3; 0.2; 0.1.
        { courseId: 'mini', bins: [0, 1, 1, 1, 1, 0, 1, 2, 1, 2] },
        { courseId: 'mini-b', bins: [0, 0, 0, 0, 0, 0, 0, 0, 0, 2] },
      ]);
    });

    it('gives every month of the period in Beijing time, with passes and mean effective score', async () => {
      const a = await analytics(`period=${YEAR}`);
      expect(a.trend.map((m) => m.month)).toEqual(
        Array.from({ length: 12 }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`),
      );
      const expected = new Map<string, { attempts: number; passed: number; meanScaled: number | null }>([
        [`${YEAR}-01`, { attempts: 2, passed: 2, meanScaled: 0.85 }],
        [`${YEAR}-02`, { attempts: 3, passed: 1, meanScaled: 0.4667 }],
        // L6's 0.5 was corrected to 0.75, passed.
        [`${YEAR}-03`, { attempts: 3, passed: 1, meanScaled: 0.4833 }],
        [`${YEAR}-04`, { attempts: 2, passed: 2, meanScaled: 0.925 }],
        [`${YEAR}-12`, { attempts: 1, passed: 0, meanScaled: 0.2 }],
      ]);
      // L1's own result was graded now.
      const current = expected.get(nowMonth);
      if (current === undefined) expected.set(nowMonth, { attempts: 1, passed: 1, meanScaled: 1 });
      else {
        const attempts = current.attempts + 1;
        expected.set(nowMonth, {
          attempts,
          passed: current.passed + 1,
          meanScaled: Math.round((((current.meanScaled ?? 0) * current.attempts + 1) / attempts) * 10_000) / 10_000,
        });
      }
      for (const month of a.trend) {
        expect(month, month.month).toEqual({
          month: month.month,
          ...(expected.get(month.month) ?? { attempts: 0, passed: 0, meanScaled: null }),
        });
      }
    });

    it('analyses each graded step: difficulty, and discrimination between the top and bottom 27 %', async () => {
      const a = await analytics(`period=${YEAR}`);
      expect(a.items.map((i) => `${i.courseId}/${i.stepId}`)).toEqual([
        'mini/hunt',
        'mini/why',
        'mini/grade',
        'mini/order',
        'mini/talk',
        'mini-b/hunt',
        'mini-b/why',
        'mini-b/grade',
        'mini-b/order',
        'mini-b/talk',
      ]);
      const item = (key: string) => a.items.find((i) => `${i.courseId}/${i.stepId}` === key);
      // hunt: eight full, L9 half, L10 net negative (0): (8 + 0.5) / 10. Top three by total
      // (L1 1.0, L2 0.9, L3 0.8, graded totals) all 1; bottom three (L8, L9, L10) 1, 0.5, 0.
      expect(item('mini/hunt')).toEqual({
        courseId: 'mini',
        courseVersion: '1.0.0',
        sceneId: 'desk',
        stepId: 'hunt',
        title: { 'zh-CN': '找隐患', en: 'Find hazards' },
        attempts: 10,
        difficulty: 0.85,
        discrimination: 0.5,
      });
      // why: L1, L2, L5, L7, L9 right → 0.5. Top three 1, 1, 0; bottom three 0, 1, 0 → 2/3 − 1/3.
      expect(item('mini/why')).toMatchObject({ attempts: 10, difficulty: 0.5, discrimination: 0.3333 });
      expect(item('mini/talk')).toMatchObject({ attempts: 10, difficulty: 1, discrimination: 0 });
      // Under ten attempts there is no discrimination.
      expect(item('mini-b/hunt')).toMatchObject({ attempts: 2, difficulty: 1, discrimination: null });
    });

    it('narrows every chart to a department', async () => {
      const a = await analytics(`period=${YEAR}&department=${encodeURIComponent('大数据局')}`);
      expect(a.completionByDepartment).toEqual([{ department: '大数据局', learners: 5, meets: 0 }]);
      expect(a.scoreDistribution.find((d) => d.courseId === 'mini')?.bins).toEqual([0, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
      expect(a.items.find((i) => i.stepId === 'why' && i.courseId === 'mini')).toMatchObject({
        attempts: 5,
        discrimination: null,
      });
      expect(a.items.some((i) => i.courseId === 'mini-b')).toBe(false);
    });

    it('answers 400 for parameters the charts do not take', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/analytics?period=${YEAR}&format=csv`,
        headers: t.admin,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ message: string }>().message).toContain('format');
    });
  });
}

describe('score bins and months', () => {
  it('puts each score in its tenth, 1.0 in the last, whatever the rounding of x × 10', () => {
    expect([0, 0.0999, 0.1, 0.3, 0.7, 0.7 - 1e-12, 0.99, 1].map(scoreBin)).toEqual([0, 0, 1, 3, 7, 7, 9, 9]);
  });

  it('lists every month of a period that spans a year end, read in the policy offset', () => {
    const trend = monthlyTrend(
      { id: 'fy', label: { 'zh-CN': '财年', en: 'FY' }, start: '2026-11-15', end: '2027-02-10' },
      '+08:00',
      [],
    );
    expect(trend.map((m) => m.month)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(trend.every((m) => m.attempts === 0 && m.meanScaled === null)).toBe(true);
  });
});
