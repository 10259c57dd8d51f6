// The trainer's live stream over real HTTP (a listening server, not inject), on both databases:
// a heartbeat handled by another server instance on the same database reaches the stream, a
// learner going quiet is sent without any write, and closing the server ends open streams.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassSnapshot, ClassView } from '../../src/contracts/class-types.ts';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { get, post, startClassesApp } from './test-support/classes-test-app.ts';
import type { ClassesTestApp, Person } from './test-support/classes-test-app.ts';

interface EventReader {
  readonly response: Response;
  /** The next snapshot event that satisfies `wanted`, or a failure after `timeoutMs`. */
  next(wanted: (snapshot: ClassSnapshot) => boolean, timeoutMs?: number): Promise<ClassSnapshot>;
  close(): void;
}

/** Opens the event stream with fetch and parses `event:`/`data:` blocks as they arrive. */
async function openEvents(url: string, cookie: string): Promise<EventReader> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const parsed: ClassSnapshot[] = [];
  // One read in flight at a time, kept across calls: a read abandoned at a timeout would swallow its chunk.
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  const take = () => {
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (event === 'snapshot') parsed.push(JSON.parse(data) as ClassSnapshot);
    }
  };
  return {
    response,
    async next(wanted, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = parsed.findIndex(wanted);
        if (index >= 0) return parsed.splice(0, index + 1).at(-1)!;
        parsed.length = 0;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('No matching snapshot event arrived in time.');
        pending ??= reader.read();
        const chunk = await Promise.race([
          pending,
          new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left)),
        ]);
        if (chunk === 'timeout') continue;
        pending = undefined;
        if (chunk.done) throw new Error('The event stream ended.');
        buffer += decoder.decode(chunk.value, { stream: true });
        take();
      }
    },
    close: () => controller.abort(),
  };
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`class events on ${variant.name}`, () => {
    let t: ClassesTestApp;
    let base: string;
    let trainer: Person;
    let learner: Person;
    let opened: ClassView;

    beforeAll(async () => {
      t = await startClassesApp(variant, { eventPollMs: 50 });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      trainer = await t.person('trainer-he', 'trainer', '何老师');
      learner = await t.person('E8001', 'learner', '赵敏');
      opened = (await post(t.app, '/api/v1/classes', { title: '上午班' }, trainer)).json().class;
      expect((await post(t.app, '/api/v1/classes/join', { code: opened.code }, learner)).statusCode).toBe(200);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('streams a snapshot at once, then a heartbeat handled by another instance, then the learner going quiet', async () => {
      const events = await openEvents(`${base}/api/v1/classes/${opened.id}/events`, trainer.headers.cookie ?? '');
      try {
        expect(events.response.status).toBe(200);
        expect(events.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect(events.response.headers.get('cache-control')).toBe('no-store');
        const first = await events.next(() => true);
        expect(first.class.id).toBe(opened.id);
        expect(first.members.map((m) => [m.username, m.connected, m.progress])).toEqual([['E8001', true, null]]);

        // The learner's app talks to another server instance: the stream hears it through the database.
        const other = await t.instance();
        const beat = await post(
          other,
          `/api/v1/classes/${opened.id}/progress`,
          {
            progress: {
              courseId: 'governance',
              courseTitle: { 'zh-CN': '基层治理', en: 'Local governance' },
              mode: 'practice',
              attemptId: 'a1',
              sceneId: 'stale-record',
              sceneTitle: { 'zh-CN': '大厅', en: 'Hall' },
              stepId: 'window-case',
              stepTitle: { 'zh-CN': '接待', en: 'Greet' },
              stepsDone: 1,
              stepCount: 10,
              finished: false,
              score: 8,
              max: 112,
            },
          },
          learner,
        );
        expect(beat.statusCode, beat.body).toBe(200);
        const moved = await events.next((s) => s.members[0]?.progress !== null);
        expect(moved.members[0]).toMatchObject({
          connected: true,
          progress: { stepId: 'window-case', score: 8, max: 112, scoreSource: 'browser' },
        });
        expect(moved.revision).toBeGreaterThan(first.revision);

        // Nothing is written when a learner goes quiet: the stream notices by the clock alone.
        t.clock.advance(31_000);
        const quiet = await events.next((s) => s.members[0]?.connected === false);
        expect(quiet.revision).toBe(moved.revision);

        await post(t.app, `/api/v1/classes/${opened.id}/help`, {}, learner);
        expect((await events.next((s) => s.members[0]?.helpRequestedAt !== null)).members[0]?.connected).toBe(true);
        await post(t.app, `/api/v1/classes/${opened.id}/end`, {}, trainer);
        expect((await events.next((s) => s.class.status === 'ended')).members[0]?.connected).toBe(false);
      } finally {
        events.close();
      }
    });

    it('refuses the stream to anyone but the trainer before it starts', async () => {
      const signedOut = await fetch(`${base}/api/v1/classes/${opened.id}/events`);
      expect(signedOut.status).toBe(401);
      expect(signedOut.headers.get('content-type')).toContain('application/json');
      const asLearner = await fetch(`${base}/api/v1/classes/${opened.id}/events`, {
        headers: { cookie: learner.headers.cookie ?? '' },
      });
      expect(asLearner.status).toBe(403);
      expect((await get(t.app, `/api/v1/classes/${opened.id}`, trainer)).statusCode).toBe(200);
    });

    it('ends open streams when the server closes, so closing does not hang', async () => {
      const second = await t.instance();
      await second.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}/api/v1/classes/${opened.id}/events`;
      const events = await openEvents(url, trainer.headers.cookie ?? '');
      await events.next(() => true);
      const started = Date.now();
      await second.close();
      expect(Date.now() - started).toBeLessThan(3000);
      await expect(events.next(() => false, 2000)).rejects.toThrow(/ended|aborted|terminated/i);
    });
  });
}

describe('the classes plugin in the assembled server', () => {
  it('is mounted under /api/v1 and answers 401 to the signed out', async () => {
    const variant = TEST_DATABASES[0]!;
    const database = await variant.open();
    const app = await buildServer({ apiOnly: true, database, env: {} });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/v1/classes' })).statusCode).toBe(401);
      const join = await app.inject({
        method: 'POST',
        url: '/api/v1/classes/join',
        headers: { 'content-type': 'application/json' },
        payload: '{"code":"123456"}',
      });
      expect(join.statusCode).toBe(401);
      expect(join.json().message).toBe('Sign in first: classes belong to signed-in trainers and learners.');
    } finally {
      await app.close();
      await database.dispose();
    }
  });
});
