// The outbox on an in-memory IndexedDB (fake-indexeddb implements the IndexedDB spec in Node;
// the e2e journeys run the same code on Chromium's). Queueing is idempotent per attempt, order is
// kept, entries survive reopening, refusals move to the rejected store with their reason, each
// learner gets only their own entries, and a version 1 database upgrades without losing any.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { createAttemptStore } from '../engine/attempt-store.ts';
import type { LearningEvent } from '../engine/learning-events.ts';
import { loadMiniCourse, MINI_PASSING, playResponses } from '../engine/test-course.ts';
import { accountAgent } from './actor.ts';
import { openOutbox, type ActionsEntry } from './outbox.ts';
import { statementsForEvent } from './statements.ts';
import { writeVersion1Outbox } from './test-support/outbox-version1.ts';

const course = loadMiniCourse();
const ATTEMPT = '0b6f2a52-3c1e-4d8e-9f10-aa0000000001';
const A = 'learner-a';
const OWNER_A = { username: A, name: '学员甲' };

function playedLog(attemptId = ATTEMPT): { log: readonly AttemptAction[]; events: LearningEvent[] } {
  let log: readonly AttemptAction[] = [];
  const events: LearningEvent[] = [];
  let t = 1_000;
  const store = createAttemptStore({
    course,
    now: () => (t += 500),
    newId: () => attemptId,
    onLog: (l) => (log = l),
    onEvent: (e) => events.push(e),
  });
  store.getState().actions.start('assessment');
  playResponses(store, MINI_PASSING);
  return { log, events };
}

describe('records outbox', () => {
  it('queues each action of an attempt once, however often the log is queued', async () => {
    const outbox = await openOutbox({ indexedDB: new IDBFactory() });
    const { log } = playedLog();
    expect(await outbox.queueActions(log.slice(0, 1), OWNER_A)).toBe(1);
    expect(await outbox.queueActions(log.slice(0, 4), OWNER_A)).toBe(1);
    // The same log again (a reload reconciling it) adds nothing.
    expect(await outbox.queueActions(log.slice(0, 4), OWNER_A)).toBe(0);
    expect(await outbox.queueActions(log, OWNER_A)).toBe(1);
    const entries = (await outbox.head(10, A)).map((q) => q.entry as ActionsEntry);
    expect(entries.map((e) => [e.from, e.actions.length])).toEqual([
      [0, 1],
      [1, 3],
      [4, log.length - 4],
    ]);
    expect(entries.flatMap((e) => e.actions)).toEqual(log);
    expect(entries[0]).toMatchObject({ kind: 'actions', attemptId: ATTEMPT, courseId: 'mini', courseVersion: course.version });
    await expect(outbox.queueActions(log.slice(1), OWNER_A)).rejects.toThrow(/start action/);
    outbox.close();
  });

  it('keeps entries across a reopen (a closed tab), in the order queued', async () => {
    const indexedDB = new IDBFactory();
    const first = await openOutbox({ indexedDB });
    const { log } = playedLog();
    await first.queueActions(log.slice(0, 2), OWNER_A);
    await first.queueActions(log, OWNER_A);
    first.close();
    const again = await openOutbox({ indexedDB });
    const keys = (await again.head(10, A)).map((q) => q.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]!).toBeLessThan(keys[1]!);
    // The cursor survived too: nothing is queued twice.
    expect(await again.queueActions(log, OWNER_A)).toBe(0);
    expect(await again.counts(A)).toEqual({ total: 2, byAttempt: { [ATTEMPT]: 2 }, sendable: 2, waiting: [] });
    again.close();
  });

  it('queues statements per learning event, skipping events already queued and events without statements', async () => {
    const outbox = await openOutbox({ indexedDB: new IDBFactory() });
    const { events } = playedLog();
    const ctx = {
      course,
      actor: accountAgent('https://shixun.test/', { username: 'learner-a', name: 'A' }),
      mode: 'practice' as const,
      locale: 'en' as const,
    };
    const queued = events.map((e, index) => ({ index, statements: statementsForEvent(ctx, e, index) }));
    const withStatements = queued.filter((q) => q.statements.length > 0).length;
    expect(withStatements).toBeLessThan(queued.length); // step-presented events have none
    expect(await outbox.queueEvents(ATTEMPT, queued.slice(0, 3))).toBe(
      queued.slice(0, 3).filter((q) => q.statements.length > 0).length,
    );
    // One event at a time, as the engine emits them, then the whole list again after a reload.
    for (const one of queued.slice(3)) await outbox.queueEvents(ATTEMPT, [one]);
    expect(await outbox.queueEvents(ATTEMPT, queued)).toBe(0);
    const head = await outbox.head(100, A);
    expect(head).toHaveLength(withStatements);
    const ids = head.flatMap((q) => (q.entry.kind === 'statements' ? q.entry.statements.map((s) => s.id) : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(queued.flatMap((q) => q.statements.map((s) => s.id)));
    expect((await outbox.counts(A)).byAttempt).toEqual({ [ATTEMPT]: withStatements });
    outbox.close();
  });

  it('reads the head in batches, removes what was sent and moves refusals to the rejected store with the reason', async () => {
    let now = 5_000;
    const outbox = await openOutbox({ indexedDB: new IDBFactory(), now: () => now });
    const other = '0b6f2a52-3c1e-4d8e-9f10-aa0000000002';
    const a = playedLog().log;
    const b = playedLog(other).log;
    await outbox.queueActions(a.slice(0, 2), OWNER_A);
    await outbox.queueActions(b.slice(0, 2), OWNER_A);
    await outbox.queueActions(a, OWNER_A);
    const changes: string[] = [];
    outbox.subscribe(() => changes.push('changed'));
    const [first, second, third] = await outbox.head(2, A).then(async (two) => [...two, ...(await outbox.head(3, A)).slice(2)]);
    expect([first, second, third].map((q) => q && (q.entry as ActionsEntry).attemptId)).toEqual([ATTEMPT, other, ATTEMPT]);
    await outbox.remove([first!.key]);
    now = 9_000;
    await outbox.reject([second!.key], 422, 'step "why" is not finished yet');
    expect(changes).toEqual(['changed', 'changed']);
    expect((await outbox.head(10, A)).map((q) => q.key)).toEqual([third!.key]);
    const rejected = await outbox.rejected();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      status: 422,
      reason: 'step "why" is not finished yet',
      rejectedAt: 9_000,
      queuedAt: 5_000,
      entry: { kind: 'actions', attemptId: other },
    });
    // Rejecting an entry that is already gone changes nothing.
    await outbox.reject([first!.key], 400, 'gone');
    expect(await outbox.rejected()).toHaveLength(1);
    expect(await outbox.counts(A)).toEqual({ total: 1, byAttempt: { [ATTEMPT]: 1 }, sendable: 1, waiting: [] });
    outbox.close();
  });
});

describe('owners on a shared headset', () => {
  const B = 'learner-b';
  const OWNER_B = { username: B, name: '学员乙' };
  const practiceStatements = (username: string, name: string, attemptId: string) => {
    const { events } = playedLog(attemptId);
    const ctx = {
      course,
      actor: accountAgent('https://shixun.test/', { username, name }),
      mode: 'practice' as const,
      locale: 'zh-CN' as const,
    };
    return events.map((e, index) => ({ index, statements: statementsForEvent(ctx, e, index) }));
  };

  it('hands each learner only their own entries, and counts the rest per owner', async () => {
    const outbox = await openOutbox({ indexedDB: new IDBFactory() });
    const attemptB = '0b6f2a52-3c1e-4d8e-9f10-bb0000000001';
    await outbox.queueActions(playedLog().log.slice(0, 3), OWNER_A);
    const statementsB = practiceStatements(B, OWNER_B.name, attemptB);
    const entriesB = await outbox.queueEvents(attemptB, statementsB);
    await outbox.queueActions(playedLog().log, OWNER_A);

    const headA = await outbox.head(100, A);
    expect(headA.map((q) => [q.entry.kind, q.owner?.username])).toEqual([
      ['actions', A],
      ['actions', A],
    ]);
    const headB = await outbox.head(100, B);
    expect(headB).toHaveLength(entriesB);
    // Statements belong to their actor, named as the actor is.
    expect(headB.every((q) => q.entry.kind === 'statements' && q.owner?.username === B && q.owner.name === '学员乙')).toBe(true);
    expect(await outbox.head(100, 'learner-c')).toEqual([]);

    expect(await outbox.counts(A)).toMatchObject({
      total: 2 + entriesB,
      sendable: 2,
      waiting: [{ owner: OWNER_B, count: entriesB }],
    });
    expect(await outbox.counts(B)).toMatchObject({ sendable: entriesB, waiting: [{ owner: OWNER_A, count: 2 }] });
    // Nobody signed in: everything waits, in the order its owner first queued.
    expect(await outbox.counts(null)).toMatchObject({
      sendable: 0,
      waiting: [
        { owner: OWNER_A, count: 2 },
        { owner: OWNER_B, count: entriesB },
      ],
    });
    outbox.close();
  });

  it("keeps an assessment's actions with the learner who started it, whoever queues later", async () => {
    const indexedDB = new IDBFactory();
    const first = await openOutbox({ indexedDB });
    const { log } = playedLog();
    await first.queueActions(log.slice(0, 2), OWNER_A);
    first.close();
    // A closed tab, then B signed in when the rest of A's saved log was reconciled.
    const again = await openOutbox({ indexedDB });
    expect(await again.queueActions(log, OWNER_B)).toBe(1);
    expect(await again.head(10, B)).toEqual([]);
    expect((await again.head(10, A)).map((q) => q.owner)).toEqual([OWNER_A, OWNER_A]);
    again.close();
  });

  it('sets aside an unowned entry for the learner it was refused to, never an owned one', async () => {
    const indexedDB = new IDBFactory();
    await writeVersion1Outbox(indexedDB, {
      entries: [
        {
          entry: {
            kind: 'actions',
            attemptId: ATTEMPT,
            courseId: 'mini',
            courseVersion: course.version,
            from: 0,
            actions: playedLog().log.slice(0, 2),
          },
          queuedAt: 1,
        },
      ],
    });
    const outbox = await openOutbox({ indexedDB });
    await outbox.queueActions(playedLog('0b6f2a52-3c1e-4d8e-9f10-aa0000000009').log.slice(0, 1), OWNER_A);
    const [unowned, owned] = await outbox.head(10, A);
    expect(unowned?.owner).toBeNull();
    expect(await outbox.head(10, B)).toHaveLength(1);
    await outbox.setAside([unowned!.key, owned!.key], B);
    expect(await outbox.head(10, B)).toEqual([]);
    expect((await outbox.head(10, A)).map((q) => q.key)).toEqual([unowned!.key, owned!.key]);
    expect(await outbox.counts(B)).toMatchObject({
      sendable: 0,
      waiting: [
        { owner: null, count: 1 },
        { owner: OWNER_A, count: 1 },
      ],
    });
    outbox.close();
  });

  it('upgrades a version 1 database in place: every entry, rejection and cursor kept, owners read from statements', async () => {
    const indexedDB = new IDBFactory();
    const { log } = playedLog();
    const attemptB = '0b6f2a52-3c1e-4d8e-9f10-bb0000000002';
    const statements = practiceStatements(B, OWNER_B.name, attemptB).filter((q) => q.statements.length > 0)[0]!.statements;
    const actions = {
      kind: 'actions' as const,
      attemptId: ATTEMPT,
      courseId: 'mini',
      courseVersion: course.version,
      from: 0,
      actions: log.slice(0, 3),
    };
    await writeVersion1Outbox(indexedDB, {
      entries: [
        { entry: actions, queuedAt: 10 },
        { entry: { kind: 'statements', statements }, queuedAt: 11 },
      ],
      rejected: [
        {
          entry: { ...actions, from: 3, actions: log.slice(3, 4) },
          queuedAt: 12,
          status: 422,
          reason: 'not finished',
          rejectedAt: 13,
        },
      ],
      cursors: [{ attemptId: ATTEMPT, actions: 3, events: 0 }],
    });
    const outbox = await openOutbox({ indexedDB });
    expect(await outbox.counts(null)).toMatchObject({
      total: 2,
      sendable: 0,
      waiting: [
        { owner: null, count: 1 },
        { owner: OWNER_B, count: 1 },
      ],
    });
    const [old] = await outbox.head(10, A);
    expect(old).toMatchObject({ entry: actions, queuedAt: 10, owner: null });
    expect(await outbox.head(10, B)).toMatchObject([
      { entry: actions },
      { entry: { kind: 'statements', statements }, queuedAt: 11, owner: OWNER_B },
    ]);
    expect(await outbox.rejected()).toMatchObject([{ status: 422, reason: 'not finished', owner: null, entry: { from: 3 } }]);
    // The cursor survived: only the actions past 3 are queued, and now with an owner.
    expect(await outbox.queueActions(log, OWNER_A)).toBe(1);
    expect((await outbox.head(10, A)).map((q) => [(q.entry as ActionsEntry).from, q.owner?.username ?? null])).toEqual([
      [0, null],
      [3, A],
    ]);
    outbox.close();
    // Opening the upgraded database again changes nothing.
    const reopened = await openOutbox({ indexedDB });
    expect((await reopened.counts(A)).total).toBe(3);
    reopened.close();
  });
});
