// The department and rank in force on a result's date, through the real server on SQLite and
// PostgreSQL: a learner passes in one department and rank, is then transferred and promoted by a
// staff-list import; the result keeps what was in force when it was made (row, ledger entry,
// report), the requirement follows the new rank and department, both departments' reports list the
// learner, and an insider who edits the department stored on the result is caught by the ledger.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import type { LedgerAudit, PromotionReport, ReportLearner } from '../../src/contracts/report-types.ts';
import { assignmentHistory, assignmentsAt, recordAssignment } from '../accounts/assignments.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { ASSIGNMENT_IRIS } from '../grading/official-statements.ts';
import { createAccount, gradeAssessment, startReportsApp, YEAR } from './test-support/reports-test-app.ts';
import type { ReportsTestApp } from './test-support/reports-test-app.ts';

const OFFICE = '办公室';
const BUREAU = '大数据局';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`department and rank in force on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let attemptId: string;
    let officeAdmin: Record<string, string>;
    let bureauAdmin: Record<string, string>;
    let moverId: string;

    const get = (url: string, headers: Record<string, string> = t.admin): Promise<LightMyRequestResponse> =>
      t.app.inject({ method: 'GET', url, headers });
    const report = async (query: string, headers: Record<string, string> = t.admin): Promise<PromotionReport> => {
      const response = await get(`/api/v1/reports/promotion?period=${YEAR}&${query}`, headers);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<PromotionReport>();
    };
    const row = (r: PromotionReport, username: string): ReportLearner | undefined =>
      r.learners.find((learner) => learner.username === username);

    beforeAll(async () => {
      t = await startReportsApp(variant);
      const mover = await createAccount(t, { username: 'M01', name: '调动一', department: OFFICE, rank: '科员' });
      await createAccount(t, { username: 'S01', name: '留任二', department: OFFICE, rank: '科员' });
      await createAccount(t, { username: 'B01', name: '局内三', department: BUREAU, rank: '科员' });
      officeAdmin = await createAccount(t, {
        username: 'DA-OFFICE',
        name: '办公室管理员',
        role: 'department-admin',
        department: OFFICE,
      });
      bureauAdmin = await createAccount(t, {
        username: 'DA-BUREAU',
        name: '大数据局管理员',
        role: 'department-admin',
        department: BUREAU,
      });
      // Passed while in the office as a staff member.
      attemptId = (await gradeAssessment(t, mover, MINI_PASSING)).attemptId;
      moverId = (await t.database.db.selectFrom('users').select('id').where('username', '=', 'M01').executeTakeFirstOrThrow()).id;
      // Then transferred to the bureau and promoted, by the organisation admin's staff list.
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/users/import',
        headers: { ...t.admin, 'content-type': 'text/csv; charset=utf-8' },
        payload: `employee_id,name,department,rank\nM01,调动一,${BUREAU},处长\n`,
      });
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json()).toMatchObject({ updated: 1, created: 0, errors: [] });
    }, 120_000);

    afterAll(async () => {
      await t?.close();
    });

    it('keeps the department and rank held when the result was made, in the row and the ledger entry', async () => {
      const account = await t.database.db
        .selectFrom('users')
        .select(['department', 'rank'])
        .where('id', '=', moverId)
        .executeTakeFirst();
      expect(account).toEqual({ department: BUREAU, rank: '处长' });
      const narrow = await t.database.db
        .selectFrom('attempt_results')
        .select(['department', 'rank'])
        .where('attempt_id', '=', attemptId)
        .executeTakeFirst();
      expect(narrow).toEqual({ department: OFFICE, rank: '科员' });
      const attempt = await t.database.db
        .selectFrom('attempts')
        .select(['department', 'rank'])
        .where('attempt_id', '=', attemptId)
        .executeTakeFirst();
      expect(attempt).toEqual({ department: OFFICE, rank: '科员' });
      const entries = await t.database.db
        .selectFrom('ledger_entries')
        .select(['kind', 'payload'])
        .where('attempt_id', '=', attemptId)
        .execute();
      expect(entries).toHaveLength(1);
      expect(JSON.parse(entries[0]?.payload ?? '{}')).toMatchObject({ department: OFFICE, rank: '科员' });
      // The official statements say so too: the department as a context group, the rank as an extension.
      const statements = await t.database.db
        .selectFrom('xapi_statements')
        .select('statement')
        .where('registration', '=', attemptId)
        .execute();
      expect(statements.length).toBeGreaterThan(0);
      for (const { statement } of statements) {
        const context = (JSON.parse(statement) as { context: { contextGroups?: unknown[]; extensions: Record<string, unknown> } })
          .context;
        expect(context.contextGroups).toEqual([
          expect.objectContaining({
            group: expect.objectContaining({ name: OFFICE, account: expect.objectContaining({ name: `department:${OFFICE}` }) }),
            relevantTypes: [ASSIGNMENT_IRIS.departmentType],
          }),
        ]);
        expect(context.extensions[ASSIGNMENT_IRIS.rank]).toBe('科员');
      }
    });

    it('keeps the history of the change: who, when and from where', async () => {
      const history = await assignmentHistory(t.database.db, moverId);
      expect(history.map(({ department, rank, source, actor }) => ({ department, rank, source, actor }))).toEqual([
        { department: OFFICE, rank: '科员', source: 'initial', actor: null },
        { department: BUREAU, rank: '处长', source: 'csv', actor: 'admin' },
      ]);
      const [before, after] = history;
      expect(Date.parse(after?.effectiveAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before?.effectiveAt ?? ''));
      // What was in force just before the change, and after it.
      const justBefore = new Date(Date.parse(after?.effectiveAt ?? '') - 1).toISOString();
      expect((await assignmentsAt(t.database.db, justBefore, moverId)).get(moverId)).toEqual({
        department: OFFICE,
        rank: '科员',
      });
      expect((await assignmentsAt(t.database.db, after?.effectiveAt ?? '', moverId)).get(moverId)).toEqual({
        department: BUREAU,
        rank: '处长',
      });
      // Importing the same values again records nothing.
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/users/import',
        headers: { ...t.admin, 'content-type': 'text/csv; charset=utf-8' },
        payload: `employee_id,name,department,rank\nM01,调动一,${BUREAU},处长\n`,
      });
      expect(again.statusCode, again.body).toBe(200);
      expect(await assignmentHistory(t.database.db, moverId)).toHaveLength(2);
    });

    it('judges the requirement by the rank and department in force now; every result of the period counts', async () => {
      const r = await report('');
      const mover = row(r, 'M01');
      expect(mover).toMatchObject({ department: BUREAU, rank: '处长' });
      // 处长 needs 3 hours; the bureau requires mini-b as well as mini.
      expect(mover?.standing.requiredHours).toBe(3);
      expect(mover?.standing.requiredCourses.map((c) => c.courseId)).toEqual(['mini', 'mini-b']);
      const mini = mover?.standing.courses.find((c) => c.courseId === 'mini');
      expect(mini).toMatchObject({ completed: true, hoursEarned: 1, counted: { attemptId, department: OFFICE, rank: '科员' } });
      expect(mover?.standing.earnedIn).toEqual([OFFICE]);
      expect(mover?.standing.statuses).toEqual([
        { kind: 'missing-course', courseId: 'mini-b' },
        { kind: 'short-hours', hours: 2 },
      ]);
      expect(mover?.ledgerIssues).toEqual([]);
    });

    it('lists the learner under the department the result was earned in and the department now', async () => {
      const office = await report(`department=${encodeURIComponent(OFFICE)}`);
      expect(office.learners.map((l) => l.username).sort()).toEqual(['M01', 'S01']);
      const bureau = await report(`department=${encodeURIComponent(BUREAU)}`);
      expect(bureau.learners.map((l) => l.username).sort()).toEqual(['B01', 'M01']);
      // Department admins: each sees the learner, never the other department's own people.
      const byOffice = await report('', officeAdmin);
      expect(byOffice.learners.map((l) => l.username).sort()).toEqual(['M01', 'S01']);
      expect(row(byOffice, 'M01')?.standing.courses.find((c) => c.courseId === 'mini')?.counted?.department).toBe(OFFICE);
      const byBureau = await report('', bureauAdmin);
      expect(byBureau.learners.map((l) => l.username).sort()).toEqual(['B01', 'M01']);
    });

    it('a past period keeps the rank in force at its end, whatever changed since', async () => {
      // A history seen from a later year: promoted after the period ended.
      const later = `${YEAR + 2}-02-01T00:00:00.000Z`;
      await recordAssignment(t.database.db, {
        userId: moverId,
        department: BUREAU,
        rank: '科员',
        at: later,
        source: 'admin',
        actor: 'admin',
      });
      const atYearEnd = (await assignmentsAt(t.database.db, `${YEAR}-12-31T15:59:59.999Z`, moverId)).get(moverId);
      expect(atYearEnd).toEqual({ department: BUREAU, rank: '处长' });
      const r = await report('');
      expect(row(r, 'M01')).toMatchObject({ rank: '处长' });
      expect(row(r, 'M01')?.standing.requiredHours).toBe(3);
      await t.database.db.deleteFrom('user_assignments').where('effective_at', '=', later).execute();
    });

    it('an insider who edits the department stored on the result is caught by the ledger', async () => {
      // The attack: move the earned result to the bureau directly in the database.
      await t.database.db
        .updateTable('attempt_results')
        .set({ department: BUREAU })
        .where('attempt_id', '=', attemptId)
        .execute();
      await t.database.db.updateTable('attempts').set({ rank: '处长' }).where('attempt_id', '=', attemptId).execute();
      const audit = await get('/api/v1/ledger/audit');
      expect(audit.statusCode, audit.body).toBe(200);
      const found = audit.json<LedgerAudit>();
      expect(found.ok).toBe(false);
      expect(found.mismatches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ attemptId, field: 'attempt_results department', table: BUREAU, ledger: OFFICE }),
          expect.objectContaining({ attemptId, field: 'rank', table: '处长', ledger: '科员' }),
        ]),
      );
      // The report marks the row: the department it shows for the result is not the recorded one.
      const r = await report('');
      expect(row(r, 'M01')?.ledgerIssues).toEqual([
        expect.objectContaining({
          attemptId,
          kind: 'differs',
          detail: expect.stringContaining(`department: report ${BUREAU}, ledger ${OFFICE}`),
        }),
      ]);
      await t.database.db
        .updateTable('attempt_results')
        .set({ department: OFFICE })
        .where('attempt_id', '=', attemptId)
        .execute();
      await t.database.db.updateTable('attempts').set({ rank: '科员' }).where('attempt_id', '=', attemptId).execute();
      expect((await get('/api/v1/ledger/audit')).json<LedgerAudit>().ok).toBe(true);
    });
  });
}
