// The flusher against the real grading and xAPI plugins (Fastify, SQLite) with the real outbox
// code on an in-memory IndexedDB: merged PUTs, a gap resent from the saved log, refusals moved
// to the rejected store, and failures that may pass leaving everything queued.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../server/db/test-databases.ts';
import {
  assessmentLog,
  getAs,
  miniCourse,
  ROOMY_POLICY,
  startGradingApp,
  statementCount,
  USERS,
  XAPI_CREDENTIAL,
  type GradingTestApp,
} from '../../server/grading/test-support/grading-test-app.ts';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { deriveEvents } from '../engine/learning-events.ts';
import type { StepResponse } from '../engine/responses.ts';
import { MINI_PASSING } from '../engine/test-course.ts';
import { accountAgent } from '../records/actor.ts';
import { openOutbox, type Outbox, type QueuedEntry } from '../records/outbox.ts';
import { statementsForEvent } from '../records/statements.ts';
import type { AttemptView } from './sync-attempt-views.ts';
import { flushOutbox, nextBatch, type SyncTransport, type TransportResponse } from './sync-flush.ts';

/** A transport over app.inject, as `user` (null: nobody), counting the requests it makes. */
function injectTransport(app: FastifyInstance, user: string | null, requests: string[] = []): SyncTransport {
  const answer = (r: { statusCode: number; body: string }): TransportResponse => ({
    status: r.statusCode,
    body: r.body ? (JSON.parse(r.body) as unknown) : undefined,
    retryAfterMs: null,
  });
  return {
    async putActions(attemptId, body) {
      requests.push(`PUT ${body.from}+${body.actions.length}`);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(user && { 'x-test-user': user }) };
      return answer(
        await app.inject({ method: 'PUT', url: `/api/v1/attempts/${attemptId}/actions`, headers, payload: JSON.stringify(body) }),
      );
    },
    async postStatements(statements) {
      requests.push(`POST ${statements.length}`);
      const authorization = `Basic ${Buffer.from(`${XAPI_CREDENTIAL.key}:${XAPI_CREDENTIAL.secret}`).toString('base64')}`;
      const headers = { 'content-type': 'application/json', 'x-experience-api-version': '2.0.0', authorization };
      return answer(await app.inject({ method: 'POST', url: '/xapi/statements', headers, payload: JSON.stringify(statements) }));
    },
  };
}

const A = USERS.learnerA.username;
const OWNER_A = { username: A, name: USERS.learnerA.name };
/** Flushing as learner A (every test here is theirs; sync-owners.test.ts shares a headset). */
const asA = { username: A };

/** Queues a log the way the play page does: after every action, the whole log so far. */
async function queueAsPlayed(outbox: Outbox, log: readonly AttemptAction[], upTo = log.length): Promise<void> {
  for (let n = 1; n <= upTo; n++) await outbox.queueActions(log.slice(0, n), OWNER_A);
}

const attemptIdOf = (log: readonly AttemptAction[]) => (log[0]?.kind === 'start' ? log[0].attemptId : '');
const newOutbox = () => openOutbox({ indexedDB: new IDBFactory() });
const views = () => {
  const seen: AttemptView[] = [];
  return { seen, onView: (view: AttemptView) => seen.push(view) };
};

describe('sync flush against the grading server', () => {
  let server: GradingTestApp;
  beforeAll(async () => {
    server = await startGradingApp(TEST_DATABASES[0]!);
  });
  afterAll(() => server.close());

  it('sends a whole assessment, queued action by action, as one merged PUT and gets the official result', async () => {
    const outbox = await newOutbox();
    const log = assessmentLog(MINI_PASSING);
    await queueAsPlayed(outbox, log);
    expect((await outbox.counts(A)).total).toBe(log.length);
    const requests: string[] = [];
    const { seen, onView } = views();
    const report = await flushOutbox(outbox, injectTransport(server.app, USERS.learnerA.username, requests), { ...asA, onView });
    expect(report).toEqual({ outcome: { kind: 'done' }, sent: log.length, rejected: 0, setAside: 0 });
    expect(requests).toEqual([`PUT 0+${log.length}`]);
    expect(seen.at(-1)?.official).toMatchObject({ score: 22, max: 22, passed: true });
    expect(seen.at(-1)?.steps).toHaveLength(MINI_PASSING.length);
    expect((await outbox.counts(A)).total).toBe(0);
    outbox.close();
  });

  it('sends in several passes as the learner goes, each pass taking what was queued since', async () => {
    const outbox = await newOutbox();
    const log = assessmentLog(MINI_PASSING);
    const requests: string[] = [];
    const transport = injectTransport(server.app, USERS.learnerA.username, requests);
    const { seen, onView } = views();
    await queueAsPlayed(outbox, log, 4);
    await flushOutbox(outbox, transport, { ...asA, onView });
    await outbox.queueActions(log, OWNER_A);
    await flushOutbox(outbox, transport, { ...asA, onView });
    expect(requests).toEqual(['PUT 0+4', `PUT 4+${log.length - 4}`]);
    expect(seen[0]).toMatchObject({ received: 4, status: 'in-progress', official: null });
    expect(seen[1]).toMatchObject({ received: log.length, status: 'finished', official: { score: 22 } });
    outbox.close();
  });

  it('resends from where the server stopped (409 with received) using the saved log', async () => {
    const outbox = await newOutbox();
    const log = assessmentLog(MINI_PASSING);
    await queueAsPlayed(outbox, log, 5);
    // The first entries are gone without the server ever getting them (e.g. a lost database).
    await outbox.remove((await outbox.head(10, A)).map((q) => q.key));
    await outbox.queueActions(log, OWNER_A);
    const requests: string[] = [];
    const { seen, onView } = views();
    const report = await flushOutbox(outbox, injectTransport(server.app, USERS.learnerA.username, requests), {
      ...asA,
      onView,
      savedLog: (id) => (id === attemptIdOf(log) ? log : undefined),
    });
    expect(report.outcome).toEqual({ kind: 'done' });
    expect(requests).toEqual([`PUT 5+${log.length - 5}`, `PUT 0+${log.length}`]);
    expect(seen.at(-1)?.official?.score).toBe(22);
    outbox.close();
  });

  it('moves a gap it cannot fill to the rejected store with the reason, and goes on with the rest', async () => {
    const outbox = await newOutbox();
    const log = assessmentLog(MINI_PASSING);
    await queueAsPlayed(outbox, log, 3);
    await outbox.remove((await outbox.head(10, A)).map((q) => q.key));
    await outbox.queueActions(log, OWNER_A);
    const other = assessmentLog(MINI_PASSING);
    await outbox.queueActions(other, OWNER_A);
    const report = await flushOutbox(outbox, injectTransport(server.app, USERS.learnerA.username), asA);
    expect(report).toMatchObject({ outcome: { kind: 'done' }, sent: 1, rejected: 1 });
    const [rejected] = await outbox.rejected();
    expect(rejected).toMatchObject({ status: 409, entry: { attemptId: attemptIdOf(log) } });
    expect(rejected!.reason).toMatch(/holds 0 actions .* no longer has actions 0–2/);
    outbox.close();
  });

  it('rejects for good what the server refuses (practice sent for grading, an answer changed after grading) and the result stays', async () => {
    const outbox = await newOutbox();
    const transport = injectTransport(server.app, USERS.learnerA.username);
    // Graded first, as played.
    const log = assessmentLog(MINI_PASSING);
    await outbox.queueActions(log, OWNER_A);
    await flushOutbox(outbox, transport, asA);
    // The same attempt with the first answer changed after it was graded.
    const edited = log.map((a, i) =>
      i === 1 && a.kind === 'respond' ? { ...a, response: { type: 'inspect', found: {} } satisfies StepResponse } : a,
    );
    const attemptId = attemptIdOf(log);
    const changed = await newOutbox();
    await changed.queueActions(edited, OWNER_A);
    // A practice log is never graded by the server.
    const practice = assessmentLog(MINI_PASSING).map((a) => (a.kind === 'start' ? { ...a, mode: 'practice' as const } : a));
    await changed.queueActions(practice, OWNER_A);
    const report = await flushOutbox(changed, transport, asA);
    expect(report).toMatchObject({ outcome: { kind: 'done' }, sent: 0, rejected: 2 });
    const reasons = (await changed.rejected()).map((r) => `${r.status} ${r.reason}`);
    expect(reasons[0]).toMatch(/^409 .*responses cannot change/);
    expect(reasons[1]).toMatch(/^400 Practice attempts are not graded by the server/);
    const view = (await getAs(server.app, `/api/v1/attempts/${attemptId}`)).json<AttemptView>();
    expect(view.official).toMatchObject({ score: 22, passed: true });
    outbox.close();
    changed.close();
  });

  it('keeps everything queued when signed out (401) or offline (no answer)', async () => {
    const outbox = await newOutbox();
    const log = assessmentLog(MINI_PASSING);
    await queueAsPlayed(outbox, log, 3);
    const signedOut = await flushOutbox(outbox, injectTransport(server.app, null), asA);
    expect(signedOut).toMatchObject({ outcome: { kind: 'signed-out' }, sent: 0, rejected: 0 });
    const offline: SyncTransport = {
      putActions: async () => ({ status: 0, body: 'Failed to fetch', retryAfterMs: null }),
      postStatements: async () => ({ status: 0, body: 'Failed to fetch', retryAfterMs: null }),
    };
    expect(await flushOutbox(outbox, offline, asA)).toEqual({
      outcome: { kind: 'offline', error: 'Failed to fetch' },
      sent: 0,
      rejected: 0,
      setAside: 0,
    });
    const busy: SyncTransport = {
      ...offline,
      putActions: async () => ({ status: 503, body: { message: 'busy' }, retryAfterMs: 2_000 }),
    };
    expect((await flushOutbox(outbox, busy, asA)).outcome).toEqual({ kind: 'retry', error: 'busy', retryAfterMs: 2_000 });
    expect((await outbox.counts(A)).total).toBe(3);
    expect(await outbox.rejected()).toEqual([]);
    outbox.close();
  });

  it('posts practice statements in batches, and a resend after a lost acknowledgement stores nothing twice', async () => {
    const course = miniCourse();
    const attemptId = randomUUID();
    const log = assessmentLog(MINI_PASSING, attemptId).map((a) => (a.kind === 'start' ? { ...a, mode: 'practice' as const } : a));
    const ctx = {
      course,
      actor: accountAgent('https://shixun.test/', { username: USERS.learnerA.username, name: USERS.learnerA.name }),
      mode: 'practice' as const,
      locale: 'zh-CN' as const,
    };
    const queued = deriveEvents(course, log).map((event, index) => ({
      index,
      statements: statementsForEvent(ctx, event, index),
    }));
    const total = queued.reduce((n, q) => n + q.statements.length, 0);
    const outbox = await newOutbox();
    for (const one of queued) await outbox.queueEvents(attemptId, [one]);
    const requests: string[] = [];
    const report = await flushOutbox(outbox, injectTransport(server.app, USERS.learnerA.username, requests), {
      ...asA,
      limits: { statements: 10, actions: 500 },
    });
    expect(report.outcome).toEqual({ kind: 'done' });
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((r) => Number(r.split(' ')[1]) <= 10)).toBe(true);
    expect(await statementCount(server.database, attemptId)).toBe(total);
    // The same statements again from a fresh outbox (the removal was lost with a closed tab).
    const again = await newOutbox();
    await again.queueEvents(attemptId, queued);
    expect((await flushOutbox(again, injectTransport(server.app, USERS.learnerA.username), asA)).outcome).toEqual({
      kind: 'done',
    });
    expect(await statementCount(server.database, attemptId)).toBe(total);
    outbox.close();
    again.close();
  });
});

describe('batching', () => {
  const actions = (
    attemptId: string,
    from: number,
    n: number,
    key: number,
    owner: QueuedEntry['owner'] = OWNER_A,
  ): QueuedEntry => ({
    key,
    queuedAt: 0,
    owner,
    entry: {
      kind: 'actions',
      attemptId,
      courseId: 'mini',
      courseVersion: '1.0.0',
      from,
      actions: Array.from({ length: n }, (_, i) => ({ kind: 'advance', at: from + i })),
    },
  });

  it("merges one attempt's consecutive entries, takes only the new part of an overlap, and stops at a gap, another attempt or another owner", () => {
    const batch = nextBatch([
      actions('a', 0, 2, 1),
      actions('a', 2, 3, 2),
      actions('a', 4, 2, 3),
      actions('a', 9, 1, 4),
      actions('b', 0, 1, 5),
    ]);
    expect(batch).toMatchObject({ kind: 'actions', keys: [1, 2, 3], from: 0 });
    expect(batch?.kind === 'actions' && batch.actions.map((a) => a.at)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(nextBatch([actions('a', 0, 2, 1), actions('b', 2, 3, 2)])?.keys).toEqual([1]);
    expect(nextBatch([actions('a', 0, 300, 1), actions('a', 300, 300, 2)])?.keys).toEqual([1]);
    // Unowned entries (from before owners were recorded) never ride along with owned ones.
    expect(nextBatch([actions('a', 0, 2, 1, null), actions('a', 2, 3, 2)])).toMatchObject({ keys: [1], owner: null });
    expect(nextBatch([actions('a', 0, 2, 1), actions('a', 2, 3, 2, null)])).toMatchObject({ keys: [1], owner: OWNER_A });
    expect(nextBatch([])).toBeNull();
  });
});

describe('sync flush against a learner rate limit', () => {
  let serverNow = Date.UTC(2026, 4, 6, 1, 0, 0);
  let server: GradingTestApp;
  beforeAll(async () => {
    server = await startGradingApp(TEST_DATABASES[0]!, {
      policy: { ...ROOMY_POLICY, actionBatches: { perSecond: 1, burst: 1 } },
      now: () => serverNow,
    });
  });
  afterAll(() => server.close());

  it("waits out the server's 429 with its Retry-After and loses no action", async () => {
    const outbox = await newOutbox();
    const log = assessmentLog(MINI_PASSING);
    const base = injectTransport(server.app, A);
    // As the browser's transport does: the wait comes from the Retry-After header.
    const transport: SyncTransport = {
      ...base,
      async putActions(attemptId, body) {
        const response = await server.app.inject({
          method: 'PUT',
          url: `/api/v1/attempts/${attemptId}/actions`,
          headers: { 'content-type': 'application/json', 'x-test-user': A },
          payload: JSON.stringify(body),
        });
        const retryAfter = response.headers['retry-after'];
        return {
          status: response.statusCode,
          body: JSON.parse(response.body) as unknown,
          retryAfterMs: retryAfter === undefined ? null : Number(retryAfter) * 1000,
        };
      },
    };
    await queueAsPlayed(outbox, log, 3);
    expect(await flushOutbox(outbox, transport, asA)).toMatchObject({ outcome: { kind: 'done' }, sent: 3 });
    for (let n = 4; n <= log.length; n++) await outbox.queueActions(log.slice(0, n), OWNER_A);
    const limited = await flushOutbox(outbox, transport, asA);
    expect(limited.outcome).toMatchObject({ kind: 'retry', retryAfterMs: 1_000 });
    expect(limited.sent).toBe(0);
    expect((await outbox.counts(A)).total).toBe(log.length - 3);
    expect(await outbox.rejected()).toEqual([]);
    serverNow += 1_000;
    const seen = views();
    expect(await flushOutbox(outbox, transport, { ...asA, onView: seen.onView })).toMatchObject({ outcome: { kind: 'done' } });
    expect(seen.seen.at(-1)).toMatchObject({ status: 'finished', received: log.length });
    expect((await outbox.counts(A)).total).toBe(0);
    outbox.close();
  });
});
