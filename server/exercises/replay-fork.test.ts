// The after-action review on the assembled server (the shipped exercises), on both databases: the
// replay answer carries the log with who sent each entry and the exercise the page replays it with;
// "start a new session from this moment" copies the log up to an entry, pauses it there, replays to
// the hashes recorded live, and ending the fork records nothing official. Only the session's
// trainer and admins see or fork it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExerciseReplay, ExerciseSessionView } from '../../src/contracts/exercise-types.ts';
import { createExerciseRules } from '../../src/exercise/exercise-rules.ts';
import { replay, type ExerciseLogEntry } from '../../src/exercise/replay.ts';
import { exerciseSchema } from '../../src/exercise/schema.ts';
import { elapsedAt } from '../../src/exercise/state.ts';
import { loadContentExercise } from '../../src/exercise/test-support/session.ts';
import { login, sessionCookie } from '../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { replayLog } from './replay.ts';
import { ExerciseSessionStore } from './session-store.ts';

const ADMIN_PASSWORD = 'replay-admin-password-1';
const HOME = 'https://shixun.test/';
const exercise = loadContentExercise('resident-data-leak');
const rules = createExerciseRules(exercise);

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`replaying and forking a joint-exercise session on ${variant.name}`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let keyDir: string;
    let session: ExerciseSessionView & { code: string };
    const people: Record<string, { id: string; headers: Record<string, string> }> = {};

    const send = (method: 'GET' | 'POST', url: string, who: string, body?: unknown) =>
      app.inject({
        method,
        url,
        headers: {
          ...people[who]!.headers,
          'x-shixun-csrf': '1',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    const message = (response: { json: () => unknown }) => (response.json() as { message: string }).message;

    /** Writes the commands to the session's log as its room would: applied by the rules, hash recorded. */
    async function play(sessionId: string, steps: readonly (readonly [string, string, unknown, number])[]) {
      const store = new ExerciseSessionStore(database, Date.now);
      const row = (await store.find(sessionId))!;
      const epoch = await store.claimRoom(sessionId, 'test-room');
      let state = replayLog(rules as never, row, await store.log(sessionId)).state as ReturnType<typeof rules.initialState>;
      let seq = row.log_length;
      for (const [who, role, raw, atMs] of steps) {
        const parsed = rules.parseCommand(raw);
        const applied = parsed.ok ? rules.apply(state, parsed.command, { userId: people[who]!.id, role }, atMs) : parsed;
        if (applied.ok) state = applied.state;
        await store.append(sessionId, epoch, seq++, {
          at: new Date(atMs).toISOString(),
          kind: 'command',
          actor_user_id: people[who]!.id,
          actor_role: role,
          command: JSON.stringify(raw),
          accepted: applied.ok ? 1 : 0,
          code: applied.ok ? null : applied.code,
          reason: applied.ok ? null : applied.reason,
          state_hash: applied.ok ? rules.stateHash(state) : null,
        });
      }
    }

    beforeAll(async () => {
      keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-replay-key-'));
      database = await variant.open();
      app = await buildServer({
        apiOnly: true,
        logger: false,
        database,
        ledgerKeyDir: keyDir,
        env: { SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, SHIXUN_PUBLIC_URL: HOME, RETENTION_SWEEP_HOURS: '0' },
      });
      await app.ready();
      const admin = await login(app, 'admin', ADMIN_PASSWORD);
      people.admin = { id: '', headers: { cookie: sessionCookie(admin) } };
      for (const [username, role] of [
        ['rp-trainer', 'trainer'],
        ['rp-other-trainer', 'trainer'],
        ['rp-cyber', 'learner'],
        ['rp-police', 'learner'],
      ] as const) {
        const created = await send('POST', '/api/v1/admin/users', 'admin', {
          username,
          name: `Synthetic ${username}`,
          role,
          department: '网信办',
          rank: '科员',
        });
        expect(created.statusCode, created.body).toBe(201);
        const { user, password } = created.json<{ user: { id: string }; password: string }>();
        people[username] = { id: user.id, headers: { cookie: sessionCookie(await login(app, username, password)) } };
      }
      const created = await send('POST', '/api/v1/exercise-sessions', 'rp-trainer', {
        exerciseId: 'resident-data-leak',
        title: 'Leak drill',
      });
      expect(created.statusCode, created.body).toBe(201);
      session = created.json<{ session: ExerciseSessionView & { code: string } }>().session;
      for (const [who, role] of [
        ['rp-cyber', 'cyberspace'],
        ['rp-police', 'police'],
      ] as const) {
        expect((await send('POST', '/api/v1/exercise-sessions/join', who, { code: session.code })).statusCode).toBe(200);
        expect((await send('POST', `/api/v1/exercise-sessions/${session.id}/role`, who, { role })).statusCode).toBe(200);
      }
      const t0 = Date.parse(
        (
          await database.db
            .selectFrom('exercise_sessions')
            .select('started_at')
            .where('id', '=', session.id)
            .executeTakeFirstOrThrow()
        ).started_at,
      );
      await play(session.id, [
        ['rp-cyber', 'cyberspace', { type: 'act', action: 'convene' }, t0 + 60_000],
        // Refused: not this role's action. The log keeps it with the reason.
        ['rp-police', 'police', { type: 'act', action: 'convene' }, t0 + 70_000],
        ['rp-police', 'police', { type: 'act', action: 'preserve-evidence' }, t0 + 80_000],
        ['rp-trainer', 'trainer', { type: 'advance-phase' }, t0 + 120_000],
      ]);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      if (keyDir !== undefined) await rm(keyDir, { recursive: true, force: true });
    });

    it('gives its trainer the log with names and the exercise, which replays to the state the room had', async () => {
      const answer = await send('GET', `/api/v1/exercise-sessions/${session.id}/replay`, 'rp-trainer');
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-store');
      const body = answer.json<ExerciseReplay>();
      expect(body.log.map((e) => [e.seq, e.actor?.name, e.actor?.role, e.accepted])).toEqual([
        [0, 'Synthetic rp-cyber', 'cyberspace', true],
        [1, 'Synthetic rp-police', 'police', false],
        [2, 'Synthetic rp-police', 'police', true],
        [3, 'Synthetic rp-trainer', 'trainer', true],
      ]);
      expect(body.log[1]).toMatchObject({ command: { type: 'act', action: 'convene' }, code: expect.any(String) });
      expect(body.log[1]!.reason).toBeTruthy();
      // What the page does: parse the exercise, replay the log with its rules.
      const parsed = exerciseSchema.parse(body.exercise);
      const pageRules = createExerciseRules(parsed);
      const entries: ExerciseLogEntry[] = body.log.map((e) => ({
        seq: e.seq,
        atMs: Date.parse(e.at),
        actor: { userId: e.actor!.userId, role: e.actor!.role },
        command: e.command,
        accepted: e.accepted,
      }));
      const replayed = replay(pageRules, entries, { seed: body.seed, startedAtMs: Date.parse(body.startedAt) });
      expect(replayed.mismatches).toEqual([]);
      const stored = await database.db
        .selectFrom('exercise_log')
        .select('state_hash')
        .where('session_id', '=', session.id)
        .where('seq', '=', 3)
        .executeTakeFirstOrThrow();
      expect(pageRules.stateHash(replayed.state)).toBe(stored.state_hash);

      // An admin may replay it too; nobody else.
      expect((await send('GET', `/api/v1/exercise-sessions/${session.id}/replay`, 'admin')).statusCode).toBe(200);
      expect((await send('GET', `/api/v1/exercise-sessions/${session.id}/replay`, 'rp-cyber')).statusCode).toBe(403);
      expect((await send('GET', `/api/v1/exercise-sessions/${session.id}/replay`, 'rp-other-trainer')).statusCode).toBe(403);
      const unknown = await send('GET', '/api/v1/exercise-sessions/00000000-0000-4000-8000-000000000000/replay', 'rp-trainer');
      expect(unknown.statusCode).toBe(404);
    });

    it('forks at a moment: the log up to it, paused there, replaying to the hashes recorded live', async () => {
      const forked = await send('POST', `/api/v1/exercise-sessions/${session.id}/fork`, 'rp-trainer', { seq: 2 });
      expect(forked.statusCode, forked.body).toBe(201);
      const fork = forked.json<{ session: ExerciseSessionView & { code: string } }>().session;
      expect(fork).toMatchObject({
        status: 'open',
        exerciseId: 'resident-data-leak',
        title: 'Leak drill (#2)',
        forkedFrom: { sessionId: session.id, seq: 2 },
        participants: [],
        logLength: 4,
      });
      expect(fork.code).not.toBe(session.code);
      const logOf = (id: string) =>
        database.db.selectFrom('exercise_log').selectAll().where('session_id', '=', id).orderBy('seq').execute();
      const [source, copy] = [await logOf(session.id), await logOf(fork.id)];
      const strip = ({ session_id: _s, ...rest }: (typeof source)[number]) => rest;
      expect(copy.slice(0, 3).map(strip)).toEqual(source.slice(0, 3).map(strip));
      expect(copy[3]).toMatchObject({ command: '{"type":"pause"}', actor_role: 'trainer', at: source[2]!.at, accepted: 1 });

      // The fork replays with the hash check the room uses, and its clock stands still at the moment.
      const store = new ExerciseSessionStore(database, Date.now);
      const forkRow = (await store.find(fork.id))!;
      const state = replayLog(rules as never, forkRow, copy).state as ReturnType<typeof rules.initialState>;
      expect(state.clock.runningSinceAtMs).toBeNull();
      expect(elapsedAt(state, Date.now())).toBe(Date.parse(source[2]!.at) - Date.parse(forkRow.started_at));
      expect(state.done).toHaveProperty('preserve-evidence');
      // The source is as it was.
      expect((await store.find(session.id))!.log_length).toBe(4);
    });

    it('refuses moments that are not in the log, or after the end, and people who do not run the session', async () => {
      const outOfRange = await send('POST', `/api/v1/exercise-sessions/${session.id}/fork`, 'rp-trainer', { seq: 4 });
      expect(outOfRange.statusCode).toBe(400);
      expect(message(outOfRange)).toContain('from 0 to 3');
      const negative = await send('POST', `/api/v1/exercise-sessions/${session.id}/fork`, 'rp-trainer', { seq: -1 });
      expect(negative.statusCode).toBe(400);
      const fraction = await send('POST', `/api/v1/exercise-sessions/${session.id}/fork`, 'rp-trainer', { seq: 1.5 });
      expect(fraction.statusCode).toBe(400);
      expect((await send('POST', `/api/v1/exercise-sessions/${session.id}/fork`, 'rp-cyber', { seq: 0 })).statusCode).toBe(403);
      expect(
        (await send('POST', `/api/v1/exercise-sessions/${session.id}/fork`, 'rp-other-trainer', { seq: 0 })).statusCode,
      ).toBe(403);
    });

    it('ends a fork without official results, and refuses to fork past the end of a session', async () => {
      const forked = await send('POST', `/api/v1/exercise-sessions/${session.id}/fork`, 'rp-trainer', {
        seq: 0,
        title: 'Second group',
      });
      expect(forked.statusCode, forked.body).toBe(201);
      const fork = forked.json<{ session: ExerciseSessionView & { code: string } }>().session;
      expect(fork.title).toBe('Second group');
      expect((await send('POST', '/api/v1/exercise-sessions/join', 'rp-police', { code: fork.code })).statusCode).toBe(200);
      expect((await send('POST', `/api/v1/exercise-sessions/${fork.id}/role`, 'rp-police', { role: 'police' })).statusCode).toBe(
        200,
      );
      const ended = await send('POST', `/api/v1/exercise-sessions/${fork.id}/end`, 'rp-trainer');
      expect(ended.statusCode, ended.body).toBe(200);
      const forkResults = await database.db
        .selectFrom('exercise_results')
        .select('username')
        .where('session_id', '=', fork.id)
        .execute();
      expect(forkResults).toEqual([]);

      // The source session ends with official results; its last entries (the end) cannot be forked.
      expect((await send('POST', `/api/v1/exercise-sessions/${session.id}/end`, 'rp-trainer')).statusCode).toBe(200);
      const results = await database.db
        .selectFrom('exercise_results')
        .select('username')
        .where('session_id', '=', session.id)
        .orderBy('username')
        .execute();
      expect(results.map((r) => r.username)).toEqual(['rp-cyber', 'rp-police']);
      const log = await database.db
        .selectFrom('exercise_log')
        .select('seq')
        .where('session_id', '=', session.id)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      const afterEnd = await send('POST', `/api/v1/exercise-sessions/${session.id}/fork`, 'rp-trainer', { seq: log.seq });
      expect(afterEnd.statusCode).toBe(409);
      expect(message(afterEnd)).toContain('before its end');
    });
  });
}
