// A shared headset: one outbox, learners signing in and out. The flusher runs against the real
// grading plugin and the real LRS, which takes a session's statements only with that session's
// own actor (sessionAuthorizer), so anything sent with the wrong session would be refused (403).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionAuthorizer } from '../../server/xapi/session-authorizer.ts';
import { TEST_DATABASES, type TestDatabase } from '../../server/db/test-databases.ts';
import { CourseCatalog } from '../../server/grading/course-catalog.ts';
import { gradingPlugin } from '../../server/grading/plugin.ts';
import {
  assessmentLog,
  getAs,
  HOME_PAGE,
  headerUser,
  testRecordScope,
  miniCourse,
  miniCoursesDir,
  statementCount,
  USERS,
} from '../../server/grading/test-support/grading-test-app.ts';
import { WriteClock } from '../../server/xapi/write-clock.ts';
import { xapiPlugin } from '../../server/xapi/plugin.ts';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { deriveEvents } from '../engine/learning-events.ts';
import { MINI_PASSING } from '../engine/test-course.ts';
import { accountAgent } from '../records/actor.ts';
import { openOutbox, type EntryOwner, type Outbox, type QueuedEvent } from '../records/outbox.ts';
import { statementsForEvent } from '../records/statements.ts';
import { writeVersion1Outbox } from '../records/test-support/outbox-version1.ts';
import { visibleRejections } from './sync-store.ts';
import type { AttemptView } from './sync-attempt-views.ts';
import { flushOutbox, type SyncTransport, type TransportResponse } from './sync-flush.ts';

type Learner = (typeof USERS)[keyof typeof USERS];
const ownerOf = (user: Learner): EntryOwner => ({ username: user.username, name: user.name });
const A = USERS.learnerA;
const B = USERS.learnerB;

/** The headset's session: whoever `session.user` is now, as a session cookie would say. */
function sessionTransport(app: FastifyInstance, session: { user: Learner | null }, requests: string[] = []): SyncTransport {
  const answer = (r: { statusCode: number; body: string }): TransportResponse => ({
    status: r.statusCode,
    body: r.body ? (JSON.parse(r.body) as unknown) : undefined,
    retryAfterMs: null,
  });
  const headers = () => ({ 'content-type': 'application/json', ...(session.user && { 'x-test-user': session.user.username }) });
  return {
    async putActions(attemptId, body) {
      requests.push(`${session.user?.username ?? 'nobody'} PUT ${attemptId.slice(0, 8)} ${body.from}+${body.actions.length}`);
      return answer(
        await app.inject({
          method: 'PUT',
          url: `/api/v1/attempts/${attemptId}/actions`,
          headers: headers(),
          payload: JSON.stringify(body),
        }),
      );
    },
    async postStatements(statements) {
      requests.push(
        `${session.user?.username ?? 'nobody'} POST ${statements[0]?.context.registration.slice(0, 8)} ${statements.length}`,
      );
      return answer(
        await app.inject({
          method: 'POST',
          url: '/xapi/statements',
          headers: { ...headers(), 'x-experience-api-version': '2.0.0' },
          payload: JSON.stringify(statements),
        }),
      );
    },
  };
}

/** A practice attempt's statements per learning event, as `user`'s outbox would queue them. */
function practiceEvents(user: Learner, attemptId: string): { events: QueuedEvent[]; statements: number } {
  const course = miniCourse();
  const log = assessmentLog(MINI_PASSING, attemptId).map((a) => (a.kind === 'start' ? { ...a, mode: 'practice' as const } : a));
  const ctx = { course, actor: accountAgent(HOME_PAGE, user), mode: 'practice' as const, locale: 'zh-CN' as const };
  const events = deriveEvents(course, log).map((event, index) => ({ index, statements: statementsForEvent(ctx, event, index) }));
  return { events, statements: events.reduce((n, e) => n + e.statements.length, 0) };
}

async function queueAssessment(outbox: Outbox, log: readonly AttemptAction[], owner: EntryOwner): Promise<void> {
  for (let n = 1; n <= log.length; n++) await outbox.queueActions(log.slice(0, n), owner);
}

const attemptIdOf = (log: readonly AttemptAction[]) => (log[0]?.kind === 'start' ? log[0].attemptId : '');
const short = (id: string) => id.slice(0, 8);

describe('sync on a shared headset', () => {
  let app: FastifyInstance;
  let database: TestDatabase;
  let courses: ReturnType<typeof miniCoursesDir>;
  beforeAll(async () => {
    courses = miniCoursesDir();
    database = await TEST_DATABASES[0]!.open();
    const clock = new WriteClock();
    app = Fastify({ logger: false });
    await app.register(xapiPlugin, {
      prefix: '/xapi',
      database,
      authorize: sessionAuthorizer(headerUser, HOME_PAGE, testRecordScope),
      authorityHomePage: HOME_PAGE,
      clock,
    });
    await app.register(gradingPlugin, {
      prefix: '/api/v1',
      database,
      currentUser: headerUser,
      recordScope: testRecordScope,
      homePage: HOME_PAGE,
      clock,
      catalog: CourseCatalog.load(courses.dir),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
    courses.remove();
  });

  it("keeps A's records while B is signed in, sends B's, and sends A's exactly once when A is back", async () => {
    const outbox = await openOutbox({ indexedDB: new IDBFactory() });
    const session: { user: Learner | null } = { user: A };
    const requests: string[] = [];
    const transport = sessionTransport(app, session, requests);

    // A, offline: a whole assessment and a practice attempt queued, nothing sent. A signs out.
    const assessmentA = assessmentLog(MINI_PASSING);
    await queueAssessment(outbox, assessmentA, ownerOf(A));
    const practiceA = randomUUID();
    const eventsA = practiceEvents(A, practiceA);
    await outbox.queueEvents(practiceA, eventsA.events);
    const queuedByA = (await outbox.counts(A.username)).sendable;

    // B signs in on the same headset and plays: B's records go out, A's are not touched.
    session.user = B;
    const assessmentB = assessmentLog(MINI_PASSING);
    await queueAssessment(outbox, assessmentB, ownerOf(B));
    const practiceB = randomUUID();
    const eventsB = practiceEvents(B, practiceB);
    await outbox.queueEvents(practiceB, eventsB.events);
    const seen: AttemptView[] = [];
    const asB = await flushOutbox(outbox, transport, { username: B.username, onView: (view) => seen.push(view) });
    expect(asB).toMatchObject({ outcome: { kind: 'done' }, rejected: 0, setAside: 0 });
    expect(requests).toEqual([
      `learner-b PUT ${short(attemptIdOf(assessmentB))} 0+${assessmentB.length}`,
      `learner-b POST ${short(practiceB)} ${eventsB.statements}`,
    ]);
    expect(seen.at(-1)).toMatchObject({ username: B.username, official: { score: 22, passed: true } });
    expect(await statementCount(database, practiceB)).toBe(eventsB.statements);
    expect(await outbox.counts(B.username)).toMatchObject({ sendable: 0, waiting: [{ owner: ownerOf(A), count: queuedByA }] });
    expect(await outbox.rejected()).toEqual([]);
    // Nothing of A's reached the server.
    expect((await getAs(app, `/api/v1/attempts/${attemptIdOf(assessmentA)}`)).statusCode).toBe(404);
    expect(await statementCount(database, practiceA)).toBe(0);

    // B signs out, A signs in again: A's records go out, with A's session.
    session.user = A;
    requests.length = 0;
    const asA = await flushOutbox(outbox, transport, { username: A.username, onView: (view) => seen.push(view) });
    expect(asA).toMatchObject({ outcome: { kind: 'done' }, sent: queuedByA, rejected: 0 });
    expect(requests).toEqual([
      `learner-a PUT ${short(attemptIdOf(assessmentA))} 0+${assessmentA.length}`,
      `learner-a POST ${short(practiceA)} ${eventsA.statements}`,
    ]);
    const view = (await getAs(app, `/api/v1/attempts/${attemptIdOf(assessmentA)}`, A)).json<AttemptView>();
    expect(view).toMatchObject({ username: A.username, received: assessmentA.length, official: { score: 22, passed: true } });
    expect(await statementCount(database, practiceA)).toBe(eventsA.statements);
    expect(await outbox.counts(null)).toMatchObject({ total: 0, waiting: [] });

    // Exactly once: another pass by either sends nothing.
    requests.length = 0;
    expect(await flushOutbox(outbox, transport, { username: A.username })).toMatchObject({ outcome: { kind: 'done' }, sent: 0 });
    session.user = B;
    expect(await flushOutbox(outbox, transport, { username: B.username })).toMatchObject({ outcome: { kind: 'done' }, sent: 0 });
    expect(requests).toEqual([]);
    expect(await statementCount(database, practiceA)).toBe(eventsA.statements);
    outbox.close();
  });

  it("rejects an entry of the learner's own that the server refuses (403), but not when the session has changed under it", async () => {
    // Someone else's attempt is on the server; A's outbox holds actions for the same attempt id
    // (say, a saved log another learner left on the headset that A went on with).
    const taken = assessmentLog(MINI_PASSING);
    const other = await openOutbox({ indexedDB: new IDBFactory() });
    await other.queueActions(taken.slice(0, 2), ownerOf(USERS.trainer));
    expect(
      (await flushOutbox(other, sessionTransport(app, { user: USERS.trainer }), { username: USERS.trainer.username })).outcome,
    ).toEqual({ kind: 'done' });
    other.close();

    const outbox = await openOutbox({ indexedDB: new IDBFactory() });
    await outbox.queueActions(taken, ownerOf(A));
    // Another tab signed B in meanwhile: the cookie is B's, so the 403 says nothing about A's entry.
    const changed = await flushOutbox(outbox, sessionTransport(app, { user: B }), {
      username: A.username,
      signedInAs: async () => B.username,
    });
    expect(changed).toMatchObject({ outcome: { kind: 'session-changed' }, sent: 0, rejected: 0 });
    expect((await outbox.counts(A.username)).sendable).toBe(1);
    // The server could not say who is signed in: try again later, reject nothing.
    const unsure = await flushOutbox(outbox, sessionTransport(app, { user: B }), {
      username: A.username,
      signedInAs: async () => undefined,
    });
    expect(unsure.outcome.kind).toBe('retry');

    // A's own session, refused: a permanent rejection, kept with the server's reason.
    const refused = await flushOutbox(outbox, sessionTransport(app, { user: A }), {
      username: A.username,
      signedInAs: async () => A.username,
    });
    expect(refused).toMatchObject({ outcome: { kind: 'done' }, sent: 0, rejected: 1 });
    const [rejected] = await outbox.rejected();
    expect(rejected).toMatchObject({ status: 403, owner: ownerOf(A), entry: { attemptId: attemptIdOf(taken) } });
    expect(rejected!.reason.length).toBeGreaterThan(10);
    outbox.close();
  });

  it('leaves an unowned entry from version 1 to the first learner the server takes it from', async () => {
    const indexedDB = new IDBFactory();
    // A had sent the start of an assessment; version 1 queued the rest without an owner.
    const log = assessmentLog(MINI_PASSING);
    const started = await openOutbox({ indexedDB: new IDBFactory() });
    await started.queueActions(log.slice(0, 3), ownerOf(A));
    await flushOutbox(started, sessionTransport(app, { user: A }), { username: A.username });
    started.close();
    const start = log[0]!.kind === 'start' ? log[0] : undefined;
    await writeVersion1Outbox(indexedDB, {
      entries: [
        {
          entry: {
            kind: 'actions',
            attemptId: attemptIdOf(log),
            courseId: 'mini',
            courseVersion: start!.courseVersion,
            from: 3,
            actions: log.slice(3),
          },
          queuedAt: 1,
        },
      ],
      cursors: [{ attemptId: attemptIdOf(log), actions: log.length, events: 0 }],
    });
    const outbox = await openOutbox({ indexedDB });

    // B signs in first: the server says the attempt is not B's, so the entry waits for someone else.
    const asB = await flushOutbox(outbox, sessionTransport(app, { user: B }), { username: B.username });
    expect(asB).toMatchObject({ outcome: { kind: 'done' }, sent: 0, rejected: 0, setAside: 1 });
    expect(await outbox.counts(B.username)).toMatchObject({ total: 1, sendable: 0, waiting: [{ owner: null, count: 1 }] });
    const requestsB: string[] = [];
    await flushOutbox(outbox, sessionTransport(app, { user: B }, requestsB), { username: B.username });
    expect(requestsB).toEqual([]);

    // A signs in: it goes out, and the attempt is graded as A's.
    const asA = await flushOutbox(outbox, sessionTransport(app, { user: A }), { username: A.username });
    expect(asA).toMatchObject({ outcome: { kind: 'done' }, sent: 1, rejected: 0 });
    const view = (await getAs(app, `/api/v1/attempts/${attemptIdOf(log)}`, A)).json<AttemptView>();
    expect(view).toMatchObject({ username: A.username, received: log.length, official: { score: 22 } });
    expect(await outbox.rejected()).toEqual([]);
    outbox.close();
  });
});

describe('visibleRejections', () => {
  const refusal = (owner: string | null, key: number) => ({
    key,
    owner: owner === null ? null : { username: owner, name: owner },
  });
  it("shows the signed-in learner their own and unowned refusals, never another learner's", () => {
    const all = [refusal('learner-a', 1), refusal('learner-b', 2), refusal(null, 3)];
    expect(visibleRejections(all, 'learner-b').map((r) => r.key)).toEqual([2, 3]);
    expect(visibleRejections(all, 'learner-a').map((r) => r.key)).toEqual([1, 3]);
    expect(visibleRejections(all, null).map((r) => r.key)).toEqual([3]);
  });
});
