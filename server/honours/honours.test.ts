// Honours and recertification through the real server on SQLite and PostgreSQL: results graded by
// the grader (and rows copied from a graded one, one corrected through the adjustment API) give
// proposals with their reasons; admins' decisions are stored once, each with a ledger entry and an
// audit record, within the department limit; the promotion report shows proposals, decisions and
// expired or expiring passes, and a learner reads what is due.
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HonourDecision, HonoursResponse, MyRecertification } from '../../src/contracts/honour-types.ts';
import type { AdminAuditEntry } from '../../src/contracts/account-lifecycle.ts';
import type { MyRecordsExport } from '../../src/contracts/privacy-types.ts';
import type { PromotionReport } from '../../src/contracts/report-types.ts';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { ABOUT_SHEET, HONOURS_SHEET, LEARNERS_SHEET } from '../reports/report-files.ts';
import {
  attemptRow,
  createAccount,
  gradeAssessment,
  insertAttempt,
  startReportsApp,
  type ReportsTestApp,
} from '../reports/test-support/reports-test-app.ts';

const DAY = 86_400_000;
const day = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * DAY).toISOString().slice(0, 10);
/** An instant `days` ago. */
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** One period around today, so the dates below stay inside it whenever the suite runs. */
const POLICY = `version: "H.1"
adopted: "${day(-200)}"
utcOffset: "+08:00"
periods:
  - id: "P"
    label: { zh-CN: 本期, en: This period }
    start: "${day(-180)}"
    end: "${day(180)}"
ranks:
  - { name: 科员, label: { zh-CN: 科员, en: Staff member } }
creditHoursByRank: { default: 1 }
requiredCourses:
  - label: { zh-CN: 全员必修, en: Everyone }
    courses: [mini]
  - label: { zh-CN: 大数据局必修, en: Big Data Bureau }
    courses: [mini-b]
    departments: [大数据局]
minimumScore: { default: 0.6, byCourse: { mini: 0.8 } }
retakes: best
recertification:
  validMonths: { mini-b: 1 }
  expiringWithinDays: 30
honours:
  - id: outstanding
    label: { zh-CN: 优秀学员, en: Outstanding trainee }
    conditions:
      requiredCoursesMinimum: 0.9
      noCorrectedResults: true
    limit:
      perDepartment: 2
`;

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`honours on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let learner: Record<string, string>;
    let expiring: Record<string, string>;
    let expired: Record<string, string>;
    let a1: Record<string, string>;

    const get = async <T>(url: string, headers: Record<string, string> = t.admin): Promise<T> => {
      const response = await t.app.inject({ method: 'GET', url, headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<T>();
    };
    const decide = (payload: Record<string, unknown>, headers: Record<string, string> = t.admin) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/honours/decisions',
        headers,
        payload: { periodId: 'P', honourId: 'outstanding', ...payload },
      });

    beforeAll(async () => {
      t = await startReportsApp(variant, POLICY);
      const office = { department: '办公室', rank: '科员' };
      a1 = await createAccount(t, { username: 'A1', name: '甲一', ...office });
      for (const username of ['A2', 'A3', 'A4', 'A5']) await createAccount(t, { username, name: `名${username}`, ...office });
      const b1 = await createAccount(t, { username: 'B1', name: '乙一', department: '审计局', rank: '科员' });
      expiring = await createAccount(t, { username: 'C1', name: '丙一', department: '大数据局', rank: '科员' });
      expired = await createAccount(t, { username: 'C2', name: '丙二', department: '大数据局', rank: '科员' });
      learner = await createAccount(t, { username: 'L1', name: '学员' });
      for (const username of ['D1', 'D2', 'D3'])
        await createAccount(t, { username, name: `档${username}`, department: '档案局', rank: '科员' });

      // A1 full marks through the grader; the others copied from that graded row.
      const full = await gradeAssessment(t, a1, MINI_PASSING);
      const template = await attemptRow(t.database, full.attemptId);
      const insert = (username: string, courseId: string, days: number, scaled: number) =>
        insertAttempt(t.database, template, { username, courseId, finished: ago(days), scaled, passed: true });
      await insert('A2', 'mini', 20, 0.92);
      await insert('A3', 'mini', 30, 0.92); // ties A2 on score, completed earlier: placed before A2
      await insert('A4', 'mini', 10, 0.85); // below the honour's 0.9
      await insert('A5', 'mini', 5, 0.9);
      await insert('C1', 'mini', 10, 0.95);
      await insert('C1', 'mini-b', 10, 0.95); // valid for a month: expiring within 30 days
      await insert('C2', 'mini', 50, 0.95);
      await insert('C2', 'mini-b', 50, 0.95); // a month has passed: expired
      await insert('D1', 'mini', 3, 0.95);
      await insert('D2', 'mini', 4, 0.95);
      await insert('D3', 'mini', 6, 0.95);
      // B1 would qualify, but an admin corrected their result (the real adjustment path).
      const b1Attempt = await gradeAssessment(t, b1, MINI_PASSING);
      const adjusted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/attempts/${b1Attempt.attemptId}/adjustments`,
        headers: t.admin,
        payload: { scaled: 0.95, passed: true, reason: '复核后确认第二题评分有误，更正成绩。' },
      });
      expect(adjusted.statusCode, adjusted.body).toBe(201);
    }, 120_000);

    afterAll(async () => {
      await t?.close();
    });

    it('proposes everyone who meets the rules, per department in the tie order, with the reasons', async () => {
      const answer = await get<HonoursResponse>('/api/v1/admin/honours?period=P');
      expect(answer.policyVersion).toBe('H.1');
      const [honour] = answer.honours;
      expect(honour).toMatchObject({ honourId: 'outstanding', perDepartment: 2, decisions: [] });
      expect(honour?.proposals.map((p) => [p.department, p.username, p.place, p.withinLimit])).toEqual([
        ['办公室', 'A1', 1, true],
        ['办公室', 'A3', 2, true],
        ['办公室', 'A2', 3, false],
        ['办公室', 'A5', 4, false],
        ['大数据局', 'C1', 1, true],
        ['档案局', 'D3', 1, true],
        ['档案局', 'D2', 2, true],
        ['档案局', 'D1', 3, false],
      ]);
      const a3 = honour?.proposals.find((p) => p.username === 'A3');
      expect(a3?.reasons.map((r) => r.text.en)).toEqual([
        'Required course mini: 92 % (at least 90 %)',
        'No corrected result in the period',
      ]);
      expect(a3?.decision).toBeNull();
    });

    it('refuses anyone but an organisation admin', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/honours', headers: learner })).statusCode).toBe(403);
      expect((await decide({ username: 'A1', decision: 'award' }, learner)).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/honours' })).statusCode).toBe(401);
    });

    it('declining needs a written reason; bad requests say what to send', async () => {
      const bare = await decide({ username: 'A2', decision: 'decline' });
      expect(bare.statusCode).toBe(400);
      expect(bare.json<{ message: string }>().message).toMatch(/reason is required to decline/);
      expect((await decide({ username: 'A2', decision: 'decline', reason: '   ' })).statusCode).toBe(400);
      const wrong = await decide({ username: 'A2', decision: 'maybe' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json<{ message: string }>().message).toMatch(/decision/);
      const unknown = await decide({ username: 'A2', decision: 'award', honourId: 'hero' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json<{ message: string }>().message).toMatch(/no honour "hero".*known: outstanding/);
      // Not proposed: below the honour's score, or ruled out by a corrected result.
      const a4 = await decide({ username: 'A4', decision: 'award' });
      expect(a4.statusCode).toBe(409);
      expect(a4.json<{ message: string }>().message).toMatch(/A4 is not proposed.*mini: 85 % is below 90 %/);
      const b1 = await decide({ username: 'B1', decision: 'award' });
      expect(b1.statusCode).toBe(409);
      expect(b1.json<{ message: string }>().message).toMatch(/corrected results in the period/);
      const c2 = await decide({ username: 'C2', decision: 'award' });
      expect(c2.json<{ message: string }>().message).toMatch(/mini-b: the pass expired on/);
    });

    it('award and decline: each decision once, in the ledger and the audit log; awards stop at the department limit', async () => {
      const award = await decide({ username: 'A1', decision: 'award' });
      expect(award.statusCode, award.body).toBe(201);
      const awarded = award.json<HonourDecision>();
      expect(awarded).toMatchObject({
        username: 'A1',
        department: '办公室',
        decision: 'award',
        reason: null,
        decidedBy: 'admin',
      });

      // The award's verifiable credential is issued at once, from the decision's ledger entry, and verifies.
      const credentials = await t.database.db
        .selectFrom('credentials')
        .selectAll()
        .where('kind', '=', 'honour')
        .where('username', '=', 'A1')
        .execute();
      expect(credentials.map((row) => [row.ledger_seq, row.achievement_id])).toEqual([
        [awarded.ledgerSeq, `outstanding/${awarded.periodId}`],
      ]);
      const verified = await t.app.inject({
        method: 'POST',
        url: '/api/v1/credentials/verify',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ credential: JSON.parse(credentials[0]!.credential) as unknown }),
      });
      expect(verified.statusCode, verified.body).toBe(200);
      expect(verified.json<{ status: string }>().status).toBe('valid');

      const again = await decide({ username: 'A1', decision: 'decline', reason: '重复' });
      expect(again.statusCode).toBe(409);
      expect(again.json<{ message: string }>().message).toMatch(/already decided.*awarded by admin/);

      const decline = await decide({ username: 'A3', decision: 'decline', reason: '本年度已获其他表彰。' });
      expect(decline.statusCode, decline.body).toBe(201);
      expect((await decide({ username: 'A2', decision: 'award', reason: '名次第三，A3 谢绝后递补。' })).statusCode).toBe(201);
      // Two awards in 办公室 now: the limit.
      const over = await decide({ username: 'A5', decision: 'award' });
      expect(over.statusCode).toBe(409);
      expect(over.json<{ message: string }>().message).toMatch(
        /limit is reached: 办公室 already has 2 award\(s\).*at most 2 per department/,
      );

      // The ledger holds one entry per decision, the payload naming the person, the decision and who made it.
      const entries = await t.database.db
        .selectFrom('ledger_entries')
        .select(['seq', 'payload'])
        .where('kind', '=', 'honour-decision')
        .orderBy('seq')
        .execute();
      const payloads = entries.map((e) => JSON.parse(e.payload) as Record<string, unknown>);
      expect(payloads.map((p) => [p.username, p.decision, p.decidedBy, p.reason])).toEqual([
        ['A1', 'award', 'admin', null],
        ['A3', 'decline', 'admin', '本年度已获其他表彰。'],
        ['A2', 'award', 'admin', '名次第三，A3 谢绝后递补。'],
      ]);
      expect(Number(entries[0]?.seq)).toBe(awarded.ledgerSeq);

      const audit = await get<{ entries: AdminAuditEntry[] }>('/api/v1/admin/audit');
      const honourEntries = audit.entries.filter((e) => e.action.startsWith('honour.'));
      expect(honourEntries.map((e) => [e.action, e.actor])).toEqual([
        ['honour.award', 'admin'],
        ['honour.decline', 'admin'],
        ['honour.award', 'admin'],
      ]);
      expect(honourEntries[1]?.detail).toContain('本年度已获其他表彰。');

      // The promotion report: proposals with their decisions, every decision with who and when, the ledger intact.
      const report = await get<PromotionReport>('/api/v1/reports/promotion?period=P');
      expect(report.ledgerCheck.ok).toBe(true);
      const honour = report.honours[0];
      expect(honour?.decisions.map((d) => [d.username, d.decision, d.decidedBy])).toEqual([
        ['A2', 'award', 'admin'],
        ['A3', 'decline', 'admin'],
        ['A1', 'award', 'admin'],
      ]);
      expect(honour?.proposals.find((p) => p.username === 'A3')?.decision).toMatchObject({
        decision: 'decline',
        reason: '本年度已获其他表彰。',
      });
      // The report files: the awards (not the decline) in a column of the learners, with the day of the decision,
      // and the spreadsheet's Honours sheet with who decided, when and the ledger entry.
      const csv = await t.app.inject({ url: '/api/v1/reports/promotion?period=P&format=csv&lang=en', headers: t.admin });
      expect(csv.statusCode, csv.body).toBe(200);
      const lines = csv.body.replace(/^\uFEFF/, '').split(/\r?\n/);
      expect(lines[0]?.endsWith(',Honours awarded')).toBe(true);
      // The day in the policy's offset (+08:00).
      const decidedDay = new Date(Date.parse(awarded.decidedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
      const lineOf = (username: string) => lines.find((line) => line.split(',')[1] === username) ?? '';
      expect(lineOf('A1').endsWith(`,Outstanding trainee (decided ${decidedDay})`)).toBe(true);
      expect(lineOf('A3').endsWith(',')).toBe(true);
      const xlsx = await t.app.inject({ url: '/api/v1/reports/promotion?period=P&format=xlsx', headers: t.admin });
      const sheets = await readXlsxFile(xlsx.rawPayload);
      expect(sheets.map((sheet) => sheet.sheet)).toEqual([LEARNERS_SHEET, ABOUT_SHEET, HONOURS_SHEET]);
      const learnersSheet = sheets[0]?.data ?? [];
      expect(learnersSheet[0]?.at(-1)).toBe('获得荣誉');
      expect(learnersSheet.find((row) => row[1] === 'A1')?.at(-1)).toBe(`优秀学员（${decidedDay} 决定）`);
      const honoursSheet = sheets[2]?.data ?? [];
      expect(honoursSheet[0]).toEqual(['荣誉', '评选期间', '用户名', '姓名', '部门', '决定时间', '决定人', '账本序号', '说明']);
      expect(honoursSheet.slice(1).map((row) => [row[0], row[1], row[2], row[6], row[7], row[8] ?? null])).toEqual([
        ['优秀学员', 'P', 'A1', 'admin', awarded.ledgerSeq, null],
        ['优秀学员', 'P', 'A2', 'admin', Number(entries[2]?.seq), '名次第三，A3 谢绝后递补。'],
      ]);
      expect(honoursSheet[1]?.[5]).toBeInstanceOf(Date);

      // The person sees the decision among their own records (the download of My records).
      const records = await get<MyRecordsExport>('/api/v1/me/records', a1);
      expect(records.honours).toEqual([
        {
          honourId: 'outstanding',
          periodId: 'P',
          decision: 'award',
          reason: null,
          decidedBy: 'admin',
          decidedAt: awarded.decidedAt,
        },
      ]);
      // A department filter shows that department's honours only.
      const bureau = await get<PromotionReport>(
        `/api/v1/reports/promotion?period=P&department=${encodeURIComponent('大数据局')}`,
      );
      expect(bureau.honours[0]?.proposals.map((p) => p.username)).toEqual(['C1']);
      expect(bureau.honours[0]?.decisions).toEqual([]);
    });

    it('three awards sent at once for a department with room for two: two are stored, one is refused', async () => {
      const answers = await Promise.all(['D1', 'D2', 'D3'].map((username) => decide({ username, decision: 'award' })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 201, 409]);
      const refused = answers.find((a) => a.statusCode === 409);
      expect(refused?.json<{ message: string }>().message).toMatch(/limit is reached: 档案局 already has 2/);
      const stored = await t.database.db
        .selectFrom('honour_decisions')
        .select('username')
        .where('department', '=', '档案局')
        .execute();
      expect(stored).toHaveLength(2);
    });

    it('recertification: the report counts an expired pass as not meeting, and shows expiring ones; the learner sees what is due', async () => {
      const report = await get<PromotionReport>('/api/v1/reports/promotion?period=P');
      const c1 = report.learners.find((l) => l.username === 'C1');
      const c2 = report.learners.find((l) => l.username === 'C2');
      expect(c1?.standing.meets).toBe(true);
      expect(c1?.standing.courses.find((c) => c.courseId === 'mini-b')?.validity?.state).toBe('expiring');
      expect(c2?.standing.meets).toBe(false);
      expect(c2?.standing.statuses).toEqual([{ kind: 'expired-course', courseId: 'mini-b', expiredOn: expect.any(String) }]);

      const csv = await t.app.inject({ url: '/api/v1/reports/promotion?period=P&format=csv&lang=en', headers: t.admin });
      expect(csv.body).toMatch(/Pass expired: Mini course B \(expired on \d{4}-\d{2}-\d{2}\)/);

      const mine = await get<MyRecertification>('/api/v1/me/recertification', expiring);
      expect(mine.due).toEqual([
        expect.objectContaining({ courseId: 'mini-b', required: true, state: 'expiring', daysLeft: expect.any(Number) }),
      ]);
      expect(mine.due[0]?.daysLeft).toBeGreaterThan(15);
      expect(mine.courses).toEqual([expect.objectContaining({ courseId: 'mini-b', validMonths: 1, state: 'expiring' })]);
      const theirs = await get<MyRecertification>('/api/v1/me/recertification', expired);
      expect(theirs.due.map((d) => [d.courseId, d.state])).toEqual([['mini-b', 'expired']]);
      // Someone with no course that expires has nothing due.
      expect((await get<MyRecertification>('/api/v1/me/recertification', learner)).due).toEqual([]);
      expect((await t.app.inject({ url: '/api/v1/me/recertification' })).statusCode).toBe(401);
    });
  });
}
