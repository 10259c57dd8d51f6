// GET /api/v1/me/standing through the real server on SQLite and PostgreSQL: a learner at 75% of a
// course whose policy minimum is 80% reads that course as not passed with the 80% pass mark, the
// same standing the promotion report gives that learner; each learner sees only their own; the
// starts left follow the grader's limit; and a request without a session is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import type { MyStanding } from '../../src/contracts/my-standing-types.ts';
import type { PromotionReport } from '../../src/contracts/report-types.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { DEFAULT_ASSESSMENT_POLICY } from '../grading/assessment-policy.ts';
import {
  attemptRow,
  createAccount,
  gradeAssessment,
  insertAttempt,
  startReportsApp,
  YEAR,
} from './test-support/reports-test-app.ts';
import type { ReportsTestApp } from './test-support/reports-test-app.ts';

const at = (date: string) => `${YEAR}-${date}T10:00:00+08:00`;

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`GET /api/v1/me/standing on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let short: Record<string, string>;
    let passer: Record<string, string>;
    let shortAttempt: string;

    const standingOf = async (headers: Record<string, string>): Promise<MyStanding> => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/me/standing', headers });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      return response.json<MyStanding>();
    };

    beforeAll(async () => {
      t = await startReportsApp(variant);
      short = await createAccount(t, { username: 'm1001', name: '王芳', department: '办公室', rank: '科员' });
      passer = await createAccount(t, { username: 'm1002', name: '李雷', department: '大数据局', rank: '处长' });
      // A real graded assessment by the passer: a start the grader counts, and the template for the rest.
      const graded = await gradeAssessment(t, passer, MINI_PASSING);
      const template = await attemptRow(t.database, graded.attemptId);
      shortAttempt = await insertAttempt(t.database, template, {
        username: 'm1001',
        courseId: 'mini',
        finished: at('03-01'),
        scaled: 0.75,
        passed: true,
      });
      await insertAttempt(t.database, template, {
        username: 'm1001',
        courseId: 'mini-b',
        finished: at('03-02'),
        scaled: 0.65,
        // As the grader records it: below the course's own 70%.
        passed: false,
      });
    }, 60_000);

    afterAll(async () => {
      await t?.close();
    });

    it('75% of a course whose policy minimum is 80%: not passed, pass mark 80% from the policy, short', async () => {
      const mine = await standingOf(short);
      const mini = mine.courses.find((course) => course.courseId === 'mini');
      expect(mini).toMatchObject({
        required: true,
        passMark: 0.8,
        passMarkFrom: 'policy',
        attempts: 1,
        completed: false,
        hoursEarned: 0,
        counted: { attemptId: shortAttempt, scaled: 0.75, passed: true },
      });
      // The course's own mark (0.7) is above the policy's default (0.6): it stays the pass mark.
      expect(mine.courses.find((course) => course.courseId === 'mini-b')).toMatchObject({
        required: false,
        passMark: 0.7,
        passMarkFrom: 'course',
        completed: false,
      });
      expect(mine.results.find((result) => result.attemptId === shortAttempt)).toMatchObject({
        passMark: 0.8,
        reachesPassMark: false,
        counts: false,
      });
      expect(mine.standing.meets).toBe(false);
      expect(mine.standing.statuses).toContainEqual({
        kind: 'below-minimum-score',
        courseId: 'mini',
        scaled: 0.75,
        minimum: 0.8,
        passed: true,
      });
      expect(mine.dueNext).toEqual(['mini']);
      expect(mine.rank).toEqual({ name: '科员', label: { 'zh-CN': '科员', en: 'Staff member' } });
      // 办公室 is not among the policy's departments: shown as stored.
      expect(mine).toMatchObject({ department: '办公室', departmentLabel: null });
      expect(mine.period.id).toBe(String(YEAR));
      expect(mine.policy.version).toBe('T.2');
    });

    it('is the standing the promotion report gives the same learner', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/promotion?period=${YEAR}`,
        headers: t.admin,
      });
      expect(response.statusCode, response.body).toBe(200);
      const row = response.json<PromotionReport>().learners.find((learner) => learner.username === 'm1001');
      const mine = await standingOf(short);
      // Both judge validity as of the moment of their own request: everything else is the same.
      const withoutAsOf = (standing: object | undefined) => ({ ...standing, asOf: undefined });
      expect(withoutAsOf(mine.standing)).toEqual(withoutAsOf(row?.standing));
      expect(Date.parse(mine.standing.asOf)).toBeGreaterThanOrEqual(Date.parse(row?.standing.asOf ?? ''));
      expect(mine.ledgerIssues).toEqual(row?.ledgerIssues);
      // Results copied into the table without a ledger entry are marked, as in the report.
      expect(mine.ledgerIssues.map((issue) => issue.kind)).toContain('missing');
    });

    it('each learner sees only their own results and starts', async () => {
      const mine = await standingOf(passer);
      expect(mine.results.map((result) => result.attemptId)).not.toContain(shortAttempt);
      const mini = mine.courses.find((course) => course.courseId === 'mini');
      expect(mini).toMatchObject({ completed: true, passMark: 0.8, attempts: 1 });
      expect(mine.results[0]).toMatchObject({ courseId: 'mini', reachesPassMark: true, counts: true });
      // The passer started one assessment through the grader; the other learner's copied rows are not starts of theirs.
      const { max, periodDays } = DEFAULT_ASSESSMENT_POLICY.assessmentAttempts;
      expect(mini?.attemptsLeft).toEqual({ remaining: max - 1, max, periodDays, nextStartAt: null });
      expect(mine.rank?.label?.en).toBe('Division director');
      expect(mine.departmentLabel).toEqual({ 'zh-CN': '大数据局', en: 'Big Data Bureau' });
      // Big Data Bureau staff also need mini-b, not taken yet.
      expect(mine.dueNext).toEqual(['mini-b']);
    });

    it('refuses a request without a session, and takes no query to read someone else', async () => {
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me/standing' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json<{ message: string }>().message).toMatch(/Sign in/);
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/me/standing?username=m1001', headers: passer });
      expect(response.statusCode).toBe(200);
      expect(response.json<MyStanding>().results.map((result) => result.attemptId)).not.toContain(shortAttempt);
    });
  });
}
