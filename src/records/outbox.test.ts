// The outbox on an in-memory IndexedDB (fake-indexeddb implements the IndexedDB spec in Node;
// the e2e journeys run the same code on Chromium's). Queueing is idempotent per attempt, order is
// kept, entries survive reopening, and refusals move to the rejected store with their reason.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { createAttemptStore } from '../engine/attempt-store.ts';
import type { LearningEvent } from '../engine/learning-events.ts';
import { loadMiniCourse, MINI_PASSING, playResponses } from '../engine/test-course.ts';
import { accountAgent } from './actor.ts';
import { openOutbox, type ActionsEntry } from './outbox.ts';
import { statementsForEvent } from './statements.ts';

const course = loadMiniCourse();
const ATTEMPT = '0b6f2a52-3c1e-4d8e-9f10-aa0000000001';

function playedLog(attemptId = ATTEMPT): { log: readonly AttemptAction[]; events: LearningEvent[] } {
  let log: readonly AttemptAction[] = [];
  const events: LearningEvent[] = [];
  let t = 1_000;
  const store = createAttemptStore({ course, now: () => (t += 500), newId: () => attemptId, onLog: (l) => (log = l), onEvent: (e) => events.push(e) });
  store.getState().actions.start('assessment');
  playResponses(store, MINI_PASSING);
  return { log, events };
}

describe('records outbox', () => {
  it('queues each action of an attempt once, however often the log is queued', async () => {
    const outbox = await openOutbox({ indexedDB: new IDBFactory() });
    const { log } = playedLog();
    expect(await outbox.queueActions(log.slice(0, 1))).toBe(1);
    expect(await outbox.queueActions(log.slice(0, 4))).toBe(1);
    // The same log again (a reload reconciling it) adds nothing.
    expect(await outbox.queueActions(log.slice(0, 4))).toBe(0);
    expect(await outbox.queueActions(log)).toBe(1);
    const entries = (await outbox.head(10)).map((q) => q.entry as ActionsEntry);
    expect(entries.map((e) => [e.from, e.actions.length])).toEqual([
      [0, 1],
      [1, 3],
      [4, log.length - 4],
    ]);
    expect(entries.flatMap((e) => e.actions)).toEqual(log);
    expect(entries[0]).toMatchObject({ kind: 'actions', attemptId: ATTEMPT, courseId: 'mini', courseVersion: course.version });
    await expect(outbox.queueActions(log.slice(1))).rejects.toThrow(/start action/);
    outbox.close();
  });

  it('keeps entries across a reopen (a closed tab), in the order queued', async () => {
    const indexedDB = new IDBFactory();
    const first = await openOutbox({ indexedDB });
    const { log } = playedLog();
    await first.queueActions(log.slice(0, 2));
    await first.queueActions(log);
    first.close();
    const again = await openOutbox({ indexedDB });
    const keys = (await again.head(10)).map((q) => q.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]!).toBeLessThan(keys[1]!);
    // The cursor survived too: nothing is queued twice.
    expect(await again.queueActions(log)).toBe(0);
    expect(await again.counts()).toEqual({ total: 2, byAttempt: { [ATTEMPT]: 2 } });
    again.close();
  });

  it('queues statements per learning event, skipping events already queued and events without statements', async () => {
    const outbox = await openOutbox({ indexedDB: new IDBFactory() });
    const { events } = playedLog();
    const ctx = { course, actor: accountAgent('https://shixun.test/', { username: 'learner-a', name: 'A' }), mode: 'practice' as const, locale: 'en' as const };
    const queued = events.map((e, index) => ({ index, statements: statementsForEvent(ctx, e, index) }));
    const withStatements = queued.filter((q) => q.statements.length > 0).length;
    expect(withStatements).toBeLessThan(queued.length); // step-presented events have none
    expect(await outbox.queueEvents(ATTEMPT, queued.slice(0, 3))).toBe(queued.slice(0, 3).filter((q) => q.statements.length > 0).length);
    // One event at a time, as the engine emits them, then the whole list again after a reload.
    for (const one of queued.slice(3)) await outbox.queueEvents(ATTEMPT, [one]);
    expect(await outbox.queueEvents(ATTEMPT, queued)).toBe(0);
    const head = await outbox.head(100);
    expect(head).toHaveLength(withStatements);
    const ids = head.flatMap((q) => (q.entry.kind === 'statements' ? q.entry.statements.map((s) => s.id) : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(queued.flatMap((q) => q.statements.map((s) => s.id)));
    expect((await outbox.counts()).byAttempt).toEqual({ [ATTEMPT]: withStatements });
    outbox.close();
  });

  it('reads the head in batches, removes what was sent and moves refusals to the rejected store with the reason', async () => {
    let now = 5_000;
    const outbox = await openOutbox({ indexedDB: new IDBFactory(), now: () => now });
    const other = '0b6f2a52-3c1e-4d8e-9f10-aa0000000002';
    const a = playedLog().log;
    const b = playedLog(other).log;
    await outbox.queueActions(a.slice(0, 2));
    await outbox.queueActions(b.slice(0, 2));
    await outbox.queueActions(a);
    const changes: string[] = [];
    outbox.subscribe(() => changes.push('changed'));
    const [first, second, third] = await outbox.head(2).then(async (two) => [...two, ...(await outbox.head(3)).slice(2)]);
    expect([first, second, third].map((q) => q && (q.entry as ActionsEntry).attemptId)).toEqual([ATTEMPT, other, ATTEMPT]);
    await outbox.remove([first!.key]);
    now = 9_000;
    await outbox.reject([second!.key], 422, 'step "why" is not finished yet');
    expect(changes).toEqual(['changed', 'changed']);
    expect((await outbox.head(10)).map((q) => q.key)).toEqual([third!.key]);
    const rejected = await outbox.rejected();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ status: 422, reason: 'step "why" is not finished yet', rejectedAt: 9_000, queuedAt: 5_000, entry: { kind: 'actions', attemptId: other } });
    // Rejecting an entry that is already gone changes nothing.
    await outbox.reject([first!.key], 400, 'gone');
    expect(await outbox.rejected()).toHaveLength(1);
    expect(await outbox.counts()).toEqual({ total: 1, byAttempt: { [ATTEMPT]: 1 } });
    outbox.close();
  });
});
