// The retention sweep on SQLite and PostgreSQL, over rows the real server wrote and then aged by
// rewriting their times: it deletes exactly what is past its period (with the statements' index
// and queue rows), keeps official results, adjustments, the ledger, the grader's statements and
// anything recent, deletes each row once however often or concurrently it runs, and runs at start.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { assessmentLog } from '../grading/test-support/grading-test-app.ts';
import { DEFAULT_RETENTION } from './retention-config.ts';
import { sweepRetention } from './retention-sweep.ts';
import type { SweepCounts } from './retention-sweep.ts';
import { ADMIN_PASSWORD, practiceStatement, startPrivacyServer, XAPI_HEADERS } from './test-support/privacy-test-server.ts';
import type { Person, PrivacyTestServer } from './test-support/privacy-test-server.ts';

const DAY = 24 * 60 * 60_000;
const NOW = Date.now();
const daysAgo = (days: number): string => new Date(NOW - days * DAY).toISOString();
const NOTHING: SweepCounts = { statements: 0, attempts: 0, classes: 0, sessions: 0, deviceCodes: 0, rateLimitEvents: 0, kept: 0 };

describe.each(TEST_DATABASES)('retention sweep on $name', (variant) => {
  let database: TestDatabase;
  let server: PrivacyTestServer;
  let dana: Person;
  const ids = {
    finishedOld: '',
    unfinishedOld: '',
    unfinishedRecent: '',
    practiceOld: [] as string[],
    practiceRecent: [] as string[],
    forgedOld: '',
  };
  // Classes: ended long ago, ended lately, forgotten open (nobody seen in years), open and in use.
  const classIds = { endedOld: randomUUID(), endedRecent: randomUUID(), forgottenOpen: randomUUID(), openInUse: randomUUID() };
  let officialIds: string[] = [];
  let ledgerEntries = 0;

  async function put(attemptId: string, actions: readonly unknown[]): Promise<void> {
    const response = await server.app.inject({
      method: 'PUT',
      url: `/api/v1/attempts/${attemptId}/actions`,
      headers: dana.headers,
      payload: { courseId: 'mini', courseVersion: '1.0.0', from: 0, actions },
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  async function post(statements: readonly Record<string, unknown>[]): Promise<void> {
    const response = await server.app.inject({
      method: 'POST',
      url: '/xapi/statements',
      headers: { ...dana.headers, ...XAPI_HEADERS },
      payload: statements,
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  async function ageStatements(statementIds: readonly string[], days: number): Promise<void> {
    await database.db
      .updateTable('xapi_statements')
      .set({ stored: daysAgo(days) })
      .where('id', 'in', [...statementIds])
      .execute();
  }

  async function statementIdsLeft(statementIds: readonly string[]): Promise<string[]> {
    const rows = await database.db
      .selectFrom('xapi_statements')
      .select('id')
      .where('id', 'in', [...statementIds])
      .execute();
    return rows.map((row) => row.id).sort();
  }

  beforeAll(async () => {
    if (!variant.available) return;
    database = await variant.open();
    server = await startPrivacyServer(database);
    dana = await server.learner(`dana-${randomUUID().slice(0, 8)}`);
    const admin = await server.signIn('admin', ADMIN_PASSWORD);

    // An official result from three years ago, corrected on appeal since.
    ids.finishedOld = randomUUID();
    await put(ids.finishedOld, assessmentLog(MINI_PASSING, ids.finishedOld));
    const adjusted = await server.app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${ids.finishedOld}/adjustments`,
      headers: admin.headers,
      payload: { scaled: 0.9, passed: true, reason: '复核后更正第三题得分' },
    });
    expect(adjusted.statusCode, adjusted.body).toBe(201);
    // Two assessments left unfinished: one idle for 200 days, one for 10.
    ids.unfinishedOld = randomUUID();
    await put(ids.unfinishedOld, assessmentLog(MINI_PASSING, ids.unfinishedOld).slice(0, 3));
    ids.unfinishedRecent = randomUUID();
    await put(ids.unfinishedRecent, assessmentLog(MINI_PASSING, ids.unfinishedRecent).slice(0, 3));
    // Practice: three statements from 800 days ago (one queued for forwarding), two from today.
    const oldPractice = [practiceStatement(dana), practiceStatement(dana), practiceStatement(dana)];
    const recentPractice = [practiceStatement(dana), practiceStatement(dana)];
    await post([...oldPractice, ...recentPractice]);
    ids.practiceOld = oldPractice.map((s) => String(s.id));
    ids.practiceRecent = recentPractice.map((s) => String(s.id));
    // A learner's own copy of "passed" for the old attempt: not official, so it ages out like practice.
    const forged: Record<string, unknown> = {
      ...practiceStatement(dana),
      verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
      context: { registration: ids.finishedOld },
    };
    ids.forgedOld = String(forged.id);
    await post([forged]);

    const notice = (await server.app.inject({ method: 'GET', url: '/api/v1/privacy/notice' })).json() as { version: string };
    const acknowledged = await server.app.inject({
      method: 'POST',
      url: '/api/v1/me/privacy/acknowledgements',
      headers: dana.headers,
      payload: { version: notice.version, locale: 'zh-CN' },
    });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);

    // Age the rows.
    const { db } = database;
    await db
      .updateTable('attempts')
      .set({ started: daysAgo(1000), updated: daysAgo(1000), finished: daysAgo(1000) })
      .where('attempt_id', '=', ids.finishedOld)
      .execute();
    await db
      .updateTable('attempts')
      .set({ started: daysAgo(210), updated: daysAgo(200) })
      .where('attempt_id', '=', ids.unfinishedOld)
      .execute();
    await db
      .updateTable('attempts')
      .set({ started: daysAgo(10), updated: daysAgo(10) })
      .where('attempt_id', '=', ids.unfinishedRecent)
      .execute();
    const registered = await db.selectFrom('xapi_statements').select('id').where('registration', '=', ids.finishedOld).execute();
    officialIds = registered.map((row) => row.id).filter((id) => id !== ids.forgedOld);
    expect(officialIds.length).toBeGreaterThan(0);
    await ageStatements([...officialIds, ids.forgedOld], 1000);
    await ageStatements(ids.practiceOld, 800);
    await db
      .insertInto('xapi_forward_queue')
      .values({
        statement_id: ids.practiceOld[0]!,
        attempts: 0,
        next_attempt_at: daysAgo(800),
        lease_until: null,
        last_attempt_at: null,
        last_error: null,
        dead: 0,
        enqueued: daysAgo(800),
      })
      .execute();
    await db
      .updateTable('privacy_acknowledgements')
      .set({ acknowledged_at: daysAgo(1000) })
      .execute();

    // Sign-in records: Dana's session ended 3 days ago; the admin's ended 12 hours ago (within the day).
    const sessions = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id', 'users.username'])
      .execute();
    const danaSession = sessions.find((row) => row.username === dana.username);
    const adminSession = sessions.find((row) => row.username === 'admin');
    await db
      .updateTable('sessions')
      .set({ expires: daysAgo(3) })
      .where('id', '=', danaSession!.id)
      .execute();
    await db
      .updateTable('sessions')
      .set({ expires: daysAgo(0.5) })
      .where('id', '=', adminSession!.id)
      .execute();
    await db
      .insertInto('device_codes')
      .values([
        { device_code: `old-${randomUUID()}`, user_code: 'BBBB-2222', created: daysAgo(9), expires: daysAgo(9) },
        {
          device_code: `new-${randomUUID()}`,
          user_code: 'CCCC-3333',
          created: daysAgo(0),
          expires: new Date(NOW + 60_000).toISOString(),
        },
      ])
      .execute();
    await db
      .insertInto('rate_limit_events')
      .values([
        { bucket: 'login-user:someone', occurred: daysAgo(2) },
        { bucket: 'login-user:someone', occurred: daysAgo(0.1) },
      ])
      .execute();
    const danaId = (await db.selectFrom('users').select('id').where('username', '=', dana.username).executeTakeFirstOrThrow()).id;
    const classRow = (id: string, n: number, status: 'open' | 'ended', created: string, ended: string | null) => ({
      id,
      title: `Class ${n}`,
      course_id: 'mini',
      trainer_id: danaId,
      trainer_username: dana.username,
      trainer_name: 'Trainer',
      code: `90000${n}`,
      open_code: status === 'open' ? `${randomUUID().replace(/\D/g, '').slice(0, 6)}${n}` : null,
      status,
      created,
      ended,
      revision: 1,
    });
    await db
      .insertInto('classes')
      .values([
        classRow(classIds.endedOld, 1, 'ended', daysAgo(820), daysAgo(800)),
        classRow(classIds.endedRecent, 2, 'ended', daysAgo(12), daysAgo(10)),
        classRow(classIds.forgottenOpen, 3, 'open', daysAgo(900), null),
        classRow(classIds.openInUse, 4, 'open', daysAgo(900), null),
      ])
      .execute();
    const member = (classId: string, lastSeen: string) => ({
      class_id: classId,
      user_id: danaId,
      username: dana.username,
      name: 'Dana',
      joined: daysAgo(900),
      active_user_id: null,
      left_at: null,
      last_seen: lastSeen,
      gone_at: null,
      progress: '{"stepsDone":3}',
      help_requested_at: null,
      help_handled_at: null,
      updated: lastSeen,
    });
    await db
      .insertInto('class_members')
      .values([
        member(classIds.endedOld, daysAgo(800)),
        member(classIds.endedRecent, daysAgo(10)),
        member(classIds.forgottenOpen, daysAgo(800)),
        member(classIds.openInUse, daysAgo(1)),
      ])
      .execute();
    ledgerEntries = Number(
      (
        await db
          .selectFrom('ledger_entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(ledgerEntries).toBeGreaterThanOrEqual(2);
  }, 60_000);

  afterAll(async () => {
    if (!variant.available) return;
    await server.close();
    await database.dispose();
  });

  it.skipIf(!variant.available)(
    'deletes exactly what is past its period, with its index and queue rows, and keeps the rest',
    async () => {
      const { db } = database;
      const run = await sweepRetention(database, DEFAULT_RETENTION, NOW, { batch: 2 });
      expect(run.counts).toEqual({
        statements: 4,
        attempts: 1,
        classes: 2,
        sessions: 1,
        deviceCodes: 1,
        rateLimitEvents: 1,
        kept: 0,
      });
      expect(run.cutoffs.statements).toBe(daysAgo(730));

      // Statements: the old practice and the learner's own "passed" went; official and recent ones stay.
      expect(await statementIdsLeft([...ids.practiceOld, ids.forgedOld])).toEqual([]);
      expect(await statementIdsLeft([...officialIds, ...ids.practiceRecent])).toEqual(
        [...officialIds, ...ids.practiceRecent].sort(),
      );
      const gone = [...ids.practiceOld, ids.forgedOld];
      expect(
        await db.selectFrom('xapi_statement_agents').select('statement_id').where('statement_id', 'in', gone).execute(),
      ).toEqual([]);
      expect(
        await db.selectFrom('xapi_statement_activities').select('statement_id').where('statement_id', 'in', gone).execute(),
      ).toEqual([]);
      expect(
        await db.selectFrom('xapi_forward_queue').select('statement_id').where('statement_id', 'in', gone).execute(),
      ).toEqual([]);
      expect(
        (await db.selectFrom('xapi_statement_agents').select('statement_id').where('statement_id', 'in', officialIds).execute())
          .length,
      ).toBeGreaterThan(0);

      // Attempts: only the unfinished one idle past 180 days.
      const attempts = await db
        .selectFrom('attempts')
        .select('attempt_id')
        .where(
          'user_id',
          '=',
          (await db.selectFrom('users').select('id').where('username', '=', dana.username).executeTakeFirstOrThrow()).id,
        )
        .execute();
      expect(attempts.map((row) => row.attempt_id).sort()).toEqual([ids.finishedOld, ids.unfinishedRecent].sort());
      // Classes: the one ended 800 days ago and the one forgotten open went, with their members' progress.
      const classesLeft = await db.selectFrom('classes').select('id').where('id', 'in', Object.values(classIds)).execute();
      expect(classesLeft.map((row) => row.id).sort()).toEqual([classIds.endedRecent, classIds.openInUse].sort());
      const membersLeft = await db
        .selectFrom('class_members')
        .select('class_id')
        .where('class_id', 'in', Object.values(classIds))
        .execute();
      expect(membersLeft.map((row) => row.class_id).sort()).toEqual([classIds.endedRecent, classIds.openInUse].sort());

      // Official record: the result, its adjustment and the whole ledger are untouched.
      expect(
        await db.selectFrom('result_adjustments').select('attempt_id').where('attempt_id', '=', ids.finishedOld).execute(),
      ).toHaveLength(1);
      expect(
        Number(
          (
            await db
              .selectFrom('ledger_entries')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(ledgerEntries);
      // What the learner was told, and when, stays as long as the account.
      expect(await db.selectFrom('privacy_acknowledgements').select('acknowledged_at').execute()).toEqual([
        { acknowledged_at: daysAgo(1000) },
      ]);

      // Sign-in records: what ended more than a day ago went.
      const sessions = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('users.username')
        .execute();
      expect(sessions.map((row) => row.username)).toContain('admin');
      expect(sessions.map((row) => row.username)).not.toContain(dana.username);
      expect((await db.selectFrom('device_codes').select('user_code').execute()).map((row) => row.user_code)).toEqual([
        'CCCC-3333',
      ]);
      expect(await db.selectFrom('rate_limit_events').select('occurred').execute()).toEqual([{ occurred: daysAgo(0.1) }]);

      // Again: nothing left to delete.
      expect((await sweepRetention(database, DEFAULT_RETENTION, NOW)).counts).toEqual(NOTHING);
    },
  );

  it.skipIf(!variant.available)('deletes each row once when several sweeps run at the same time', async () => {
    dana = await server.learner(`dana2-${randomUUID().slice(0, 8)}`);
    const batch = Array.from({ length: 30 }, () => practiceStatement(dana));
    await post(batch);
    await ageStatements(
      batch.map((s) => String(s.id)),
      731,
    );
    const runs = await Promise.all([1, 2, 3].map(() => sweepRetention(database, DEFAULT_RETENTION, NOW, { batch: 4 })));
    expect(runs.reduce((sum, run) => sum + run.counts.statements, 0)).toBe(30);
    expect(runs.every((run) => run.counts.kept === 0)).toBe(true);
    expect(await statementIdsLeft(batch.map((s) => String(s.id)))).toEqual([]);
  });

  it.skipIf(!variant.available)(
    'runs at start when the server is built with the sweep on, and reports the run to admins',
    async () => {
      dana = await server.learner(`dana3-${randomUUID().slice(0, 8)}`);
      const batch = [practiceStatement(dana), practiceStatement(dana)];
      await post(batch);
      await ageStatements(
        batch.map((s) => String(s.id)),
        900,
      );
      const swept = await startPrivacyServer(database, { RETENTION_SWEEP_HOURS: '24' });
      try {
        const admin = await swept.signIn('admin', ADMIN_PASSWORD);
        let body: { running: boolean; lastSweep: { run: { counts: SweepCounts } | null } } | undefined;
        for (let tries = 0; tries < 50; tries += 1) {
          body = (
            await swept.app.inject({ method: 'GET', url: '/api/v1/admin/retention', headers: admin.headers })
          ).json() as typeof body;
          if (body?.lastSweep.run !== null) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(body?.lastSweep.run?.counts.statements).toBe(2);
        expect(await statementIdsLeft(batch.map((s) => String(s.id)))).toEqual([]);
      } finally {
        await swept.close();
      }
    },
  );
});
