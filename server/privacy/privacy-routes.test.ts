// The privacy routes through the whole server, on SQLite and PostgreSQL: acknowledging the notice
// (and being asked again when its version changes), and a learner's own records (summary, JSON
// download, CSV of results) holding their data and never another learner's.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyPrivacyStatus, MyRecordsExport, MyRecordsSummary, PrivacyNoticeInfo } from '../../src/contracts/privacy-types.ts';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { assessmentLog } from '../grading/test-support/grading-test-app.ts';
import { NOTICE_TEXT_VERSION } from './notice.ts';
import { ADMIN_PASSWORD, practiceStatement, startPrivacyServer, XAPI_HEADERS } from './test-support/privacy-test-server.ts';
import type { Person, PrivacyTestServer } from './test-support/privacy-test-server.ts';

/** Starts with = on purpose: the CSV must not let a spreadsheet run it as a formula. */
const REASON = '=申诉复核：第二题评分有误，更正';

describe.each(TEST_DATABASES)('privacy routes on $name', (variant) => {
  let database: TestDatabase;
  let server: PrivacyTestServer;
  let alice: Person;
  let bob: Person;
  let aliceFinished: string;
  let aliceUnfinished: string;
  let bobAttempt: string;
  const aliceStatements: string[] = [];
  const bobStatements: string[] = [];

  async function putActions(person: Person, attemptId: string, from: number, actions: readonly unknown[]): Promise<void> {
    const response = await server.app.inject({
      method: 'PUT',
      url: `/api/v1/attempts/${attemptId}/actions`,
      headers: person.headers,
      payload: { courseId: 'mini', courseVersion: '1.0.0', from, actions },
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  async function postStatements(person: Person, statements: readonly Record<string, unknown>[]): Promise<void> {
    const response = await server.app.inject({
      method: 'POST',
      url: '/xapi/statements',
      headers: { ...person.headers, ...XAPI_HEADERS },
      payload: statements,
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  function get(url: string, person?: Person) {
    return server.app.inject({ method: 'GET', url, headers: person?.headers ?? {} });
  }

  beforeAll(async () => {
    if (!variant.available) return;
    database = await variant.open();
    server = await startPrivacyServer(database);
    alice = await server.learner(`alice-${randomUUID().slice(0, 8)}`);
    bob = await server.learner(`bob-${randomUUID().slice(0, 8)}`);

    // Alice: one finished assessment, one left halfway, two practice statements.
    aliceFinished = randomUUID();
    await putActions(alice, aliceFinished, 0, assessmentLog(MINI_PASSING, aliceFinished));
    aliceUnfinished = randomUUID();
    const half = assessmentLog(MINI_PASSING, aliceUnfinished).slice(0, 3);
    await putActions(alice, aliceUnfinished, 0, half);
    const practice = [practiceStatement(alice), practiceStatement(alice)];
    aliceStatements.push(...practice.map((s) => String(s.id)));
    await postStatements(alice, practice);
    // Bob: his own assessment and practice.
    bobAttempt = randomUUID();
    await putActions(bob, bobAttempt, 0, assessmentLog(MINI_PASSING, bobAttempt));
    const bobPractice = [practiceStatement(bob), practiceStatement(bob)];
    bobStatements.push(...bobPractice.map((s) => String(s.id)));
    await postStatements(bob, bobPractice);

    // An admin corrected Alice's result after an appeal (through the ledger's adjustment route).
    const admin = await server.signIn('admin', ADMIN_PASSWORD);
    const adjusted = await server.app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${aliceFinished}/adjustments`,
      headers: admin.headers,
      payload: { scaled: 0.5, passed: false, reason: REASON },
    });
    expect(adjusted.statusCode, adjusted.body).toBe(201);
  }, 60_000);

  afterAll(async () => {
    if (!variant.available) return;
    await server.close();
    await database.dispose();
  });

  it.skipIf(!variant.available)(
    'asks until the current notice is acknowledged, stores the acknowledgement once, and asks again for a new version',
    async () => {
      const notice = (await get('/api/v1/privacy/notice')).json() as PrivacyNoticeInfo;
      expect(notice).toEqual({
        version: `${NOTICE_TEXT_VERSION}+r730.180.1`,
        retention: { statementDays: 730, attemptDays: 180, sessionDays: 1 },
      });

      expect((await get('/api/v1/me/privacy')).statusCode).toBe(401);
      const before = await get('/api/v1/me/privacy', alice);
      expect(before.statusCode).toBe(200);
      expect(before.headers['cache-control']).toBe('no-store');
      expect(before.json()).toEqual({ notice, acknowledged: false, acknowledgedAt: null });

      const acknowledge = (person: Person, body: unknown, headers: Record<string, string> = person.headers) =>
        server.app.inject({
          method: 'POST',
          url: '/api/v1/me/privacy/acknowledgements',
          headers,
          payload: body as Record<string, unknown>,
        });
      // Without the CSRF header the cookie alone acknowledges nothing.
      const { 'x-shixun-csrf': _csrf, ...cookieOnly } = alice.headers;
      expect((await acknowledge(alice, { version: notice.version, locale: 'zh-CN' }, cookieOnly)).statusCode).toBe(401);
      const stale = await acknowledge(alice, { version: '0+r1.1.1', locale: 'zh-CN' });
      expect(stale.statusCode).toBe(409);
      expect((stale.json() as { message: string }).message).toContain(notice.version);
      expect((await acknowledge(alice, { version: notice.version, locale: 'fr' })).statusCode).toBe(400);
      expect((await acknowledge(alice, { version: notice.version })).statusCode).toBe(400);
      expect((await acknowledge(alice, { version: notice.version, locale: 'en', extra: 1 })).statusCode).toBe(400);

      const done = await acknowledge(alice, { version: notice.version, locale: 'zh-CN' });
      expect(done.statusCode, done.body).toBe(200);
      const first = done.json() as { noticeVersion: string; locale: string; acknowledgedAt: string };
      expect(first).toMatchObject({ noticeVersion: notice.version, locale: 'zh-CN' });
      // A second click (another device, in English) keeps the first acknowledgement.
      expect((await acknowledge(alice, { version: notice.version, locale: 'en' })).json()).toEqual(first);
      const rows = await database.db.selectFrom('privacy_acknowledgements').selectAll().execute();
      expect(rows.filter((row) => row.notice_version === notice.version)).toHaveLength(1);
      expect((await get('/api/v1/me/privacy', alice)).json()).toEqual({
        notice,
        acknowledged: true,
        acknowledgedAt: first.acknowledgedAt,
      });
      // Bob has not acknowledged: Alice's acknowledgement is hers alone.
      expect(((await get('/api/v1/me/privacy', bob)).json() as MyPrivacyStatus).acknowledged).toBe(false);

      // The same database served with another retention period: a new notice version, asked again.
      const changed = await startPrivacyServer(database, { RETENTION_STATEMENT_DAYS: '365' });
      try {
        const status = (
          await changed.app.inject({ method: 'GET', url: '/api/v1/me/privacy', headers: alice.headers })
        ).json() as MyPrivacyStatus;
        expect(status.notice.version).toBe(`${NOTICE_TEXT_VERSION}+r365.180.1`);
        expect(status.acknowledged).toBe(false);
        expect(status.notice.retention.statementDays).toBe(365);
      } finally {
        await changed.close();
      }
    },
  );

  it.skipIf(!variant.available)(
    'shows the learner their account, results with adjustments, attempts in progress and statement count',
    async () => {
      expect((await get('/api/v1/me/records/summary')).statusCode).toBe(401);
      const response = await get('/api/v1/me/records/summary', alice);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const summary = response.json() as MyRecordsSummary;
      expect(summary.account).toMatchObject({
        username: alice.username,
        role: 'learner',
        department: 'Records Office',
        rank: '科员',
      });
      expect(summary.account).not.toHaveProperty('password_hash');
      expect(summary.results).toHaveLength(1);
      expect(summary.results[0]).toMatchObject({ attemptId: aliceFinished, courseId: 'mini', passed: true, scaled: 1 });
      expect(summary.results[0]?.adjustments).toEqual([
        expect.objectContaining({ attemptId: aliceFinished, scaled: 0.5, passed: false, adjustedBy: 'admin' }),
      ]);
      expect(summary.inProgress).toEqual([expect.objectContaining({ attemptId: aliceUnfinished, actions: 3 })]);
      // Two practice statements plus the grader's official statements about her finished attempt.
      expect(summary.statementCount).toBeGreaterThan(2);
      expect(summary.retention).toEqual({ statementDays: 730, attemptDays: 180, sessionDays: 1 });

      const bobSummary = (await get('/api/v1/me/records/summary?user=' + alice.username, bob)).json() as MyRecordsSummary;
      expect(bobSummary.account.username).toBe(bob.username);
      expect(bobSummary.results.map((r) => r.attemptId)).toEqual([bobAttempt]);
      expect(bobSummary.results[0]?.adjustments).toEqual([]);
    },
  );

  it.skipIf(!variant.available)(
    'lists an assessment abandoned past its time limit as expired, failed, not in progress',
    async () => {
      const carol = await server.learner(`carol-${randomUUID().slice(0, 8)}`);
      const abandoned = randomUUID();
      await putActions(carol, abandoned, 0, assessmentLog(MINI_PASSING, abandoned).slice(0, 3));
      const open = (await get('/api/v1/me/records/summary', carol)).json() as MyRecordsSummary;
      expect(open.inProgress.map((attempt) => attempt.attemptId)).toEqual([abandoned]);
      expect(open.expired).toEqual([]);
      // Started four hours ago: past the 180 minutes an assessment may stay open.
      const started = new Date(Date.now() - 4 * 60 * 60_000).toISOString();
      await database.db.updateTable('attempts').set({ started }).where('attempt_id', '=', abandoned).execute();
      const summary = (await get('/api/v1/me/records/summary', carol)).json() as MyRecordsSummary;
      expect(summary.inProgress).toEqual([]);
      expect(summary.results).toEqual([]);
      expect(summary.expired).toEqual([
        {
          attemptId: abandoned,
          courseId: 'mini',
          courseVersion: '1.0.0',
          started,
          expiredAt: expect.any(String),
          actions: 3,
          score: expect.any(Number),
          max: 22,
        },
      ]);
      expect(Date.parse(summary.expired[0]!.expiredAt)).toBeGreaterThan(Date.parse(started));
      const row = await database.db
        .selectFrom('attempts')
        .select(['status', 'passed'])
        .where('attempt_id', '=', abandoned)
        .executeTakeFirstOrThrow();
      expect([row.status, Number(row.passed)]).toEqual(['expired', 0]);
      // Another learner's summary does not show it.
      expect(((await get('/api/v1/me/records/summary', alice)).json() as MyRecordsSummary).expired).toEqual([]);
    },
  );

  it.skipIf(!variant.available)('downloads everything about the learner as JSON, and nothing of another learner', async () => {
    expect((await get('/api/v1/me/records')).statusCode).toBe(401);
    // Asking for someone else's records is not a thing: the query names no user, whatever is sent.
    const response = await get(`/api/v1/me/records?user=${encodeURIComponent(bob.username)}`, alice);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="shixun-records-${alice.username}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const records = response.json() as MyRecordsExport;
    expect(records).toMatchObject({ format: 'shixun-my-records', formatVersion: 1, account: { username: alice.username } });

    expect(records.attempts.map((a) => a.attemptId).sort()).toEqual([aliceFinished, aliceUnfinished].sort());
    const finished = records.attempts.find((a) => a.attemptId === aliceFinished);
    expect(finished?.status).toBe('finished');
    expect(finished?.official).toMatchObject({ passed: true, scaled: 1 });
    expect(finished?.actions).toEqual(JSON.parse(JSON.stringify(assessmentLog(MINI_PASSING, aliceFinished))));
    expect(records.attempts.find((a) => a.attemptId === aliceUnfinished)?.actions).toHaveLength(3);
    expect(records.adjustments).toEqual([expect.objectContaining({ attemptId: aliceFinished, reason: REASON })]);
    // Acknowledged in the first test of this suite.
    expect(records.acknowledgements).toEqual([
      expect.objectContaining({ noticeVersion: `${NOTICE_TEXT_VERSION}+r730.180.1`, locale: 'zh-CN' }),
    ]);
    expect(records.signIns.length).toBeGreaterThanOrEqual(1);
    expect(records.signIns[0]).not.toHaveProperty('id');

    const statements = records.statements as {
      id: string;
      actor: { account: { name: string } };
      authority: { account?: { name: string } };
    }[];
    expect(records.statementCount).toBe(statements.length);
    const ids = statements.map((s) => s.id);
    for (const id of aliceStatements) expect(ids).toContain(id);
    for (const id of bobStatements) expect(ids).not.toContain(id);
    expect(statements.every((s) => s.actor.account.name === alice.username)).toBe(true);
    // The grader's official statements about her are there too.
    expect(statements.some((s) => s.authority.account?.name === 'shixun-grader')).toBe(true);
    expect(response.body).not.toContain(bob.username);
    expect(response.body).not.toContain(bobAttempt);
    expect(response.body).not.toContain('password');
  });

  it.skipIf(!variant.available)('downloads the official results as CSV with the adjustment, formula-safe', async () => {
    const response = await get('/api/v1/me/records?format=csv', alice);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/-results\.csv"$/);
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'attempt_id,course_id,course_version,started,finished,score,max,percent,passed,adjusted_percent,adjusted_passed,adjusted_at,adjusted_by,adjustment_reason',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${aliceFinished},mini,1\\.0\\.0,[^,]+,[^,]+,\\d+(\\.\\d+)?,\\d+(\\.\\d+)?,100,true,50,false,[^,]+,admin,'${REASON}$`,
      ),
    );
    expect(response.body).not.toContain(bobAttempt);
    expect((await get('/api/v1/me/records?format=xml', alice)).statusCode).toBe(400);
  });

  it.skipIf(!variant.available)(
    'streams a learner with 5,000 statements whole',
    async () => {
      const carol = await server.learner(`carol-${randomUUID().slice(0, 8)}`);
      const sent: string[] = [];
      for (let batch = 0; batch < 10; batch += 1) {
        const statements = Array.from({ length: 500 }, () => practiceStatement(carol));
        sent.push(...statements.map((s) => String(s.id)));
        await postStatements(carol, statements);
      }
      const summary = (await get('/api/v1/me/records/summary', carol)).json() as MyRecordsSummary;
      expect(summary.statementCount).toBe(5000);
      const started = performance.now();
      const response = await get('/api/v1/me/records', carol);
      const elapsed = performance.now() - started;
      expect(response.statusCode).toBe(200);
      const records = response.json() as MyRecordsExport;
      expect(records.statementCount).toBe(5000);
      const ids = (records.statements as { id: string }[]).map((s) => s.id);
      expect(new Set(ids).size).toBe(5000);
      // Oldest first, in the order they were stored.
      expect(ids).toEqual(sent);
      expect(elapsed).toBeLessThan(10_000);
    },
    120_000,
  );

  it.skipIf(!variant.available)('shows the retention settings to admins only', async () => {
    expect((await get('/api/v1/admin/retention')).statusCode).toBe(401);
    expect((await get('/api/v1/admin/retention', alice)).statusCode).toBe(403);
    const admin = await server.signIn('admin', ADMIN_PASSWORD);
    const response = await get('/api/v1/admin/retention', admin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      settings: { statementDays: 730, attemptDays: 180, sessionDays: 1, sweepHours: 0 },
      running: false,
      lastSweep: { run: null, error: null },
    });
  });
});
