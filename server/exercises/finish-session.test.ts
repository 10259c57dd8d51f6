// Ending a joint-exercise session on the assembled server (the shipped exercises, the real
// recorder), on both databases: the trainer's end closes the log with the trainer's `end` on the
// server's clock, and every learner who held a role gets an official result (row, ledger entry,
// grader statement with the session as registration); ending again records nothing twice, and a
// learner cannot end it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExerciseSessionView } from '../../src/contracts/exercise-types.ts';
import { login, sessionCookie } from '../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';

const ADMIN_PASSWORD = 'finish-admin-password-1';
const HOME = 'https://shixun.test/';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`ending a joint-exercise session on ${variant.name}`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let keyDir: string;
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

    beforeAll(async () => {
      keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-finish-key-'));
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
      for (const [username, role, department] of [
        ['ex-trainer', 'trainer', '网信办'],
        ['ex-cyber', 'learner', '网信办'],
        ['ex-police', 'learner', '公安分局'],
        ['ex-watcher', 'learner', '公安分局'],
      ] as const) {
        const created = await send('POST', '/api/v1/admin/users', 'admin', {
          username,
          name: `Synthetic ${username}`,
          role,
          department,
          rank: '科员',
        });
        expect(created.statusCode, created.body).toBe(201);
        const { user, password } = created.json<{ user: { id: string }; password: string }>();
        people[username] = { id: user.id, headers: { cookie: sessionCookie(await login(app, username, password)) } };
      }
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      if (keyDir !== undefined) await rm(keyDir, { recursive: true, force: true });
    });

    it('records each role holder once, from a log the trainer ends on the server clock', async () => {
      const created = await send('POST', '/api/v1/exercise-sessions', 'ex-trainer', {
        exerciseId: 'resident-data-leak',
        title: 'Leak drill',
      });
      expect(created.statusCode, created.body).toBe(201);
      const session = created.json<{ session: ExerciseSessionView & { code: string } }>().session;
      for (const [who, role] of [
        ['ex-cyber', 'cyberspace'],
        ['ex-police', 'police'],
        ['ex-watcher', null],
      ] as const) {
        const joined = await send('POST', '/api/v1/exercise-sessions/join', who, { code: session.code });
        expect(joined.statusCode, joined.body).toBe(200);
        if (role !== null) {
          const picked = await send('POST', `/api/v1/exercise-sessions/${session.id}/role`, who, { role });
          expect(picked.statusCode, picked.body).toBe(200);
        }
      }
      // A learner does not end a session.
      expect((await send('POST', `/api/v1/exercise-sessions/${session.id}/end`, 'ex-cyber')).statusCode).toBe(403);

      const ended = await send('POST', `/api/v1/exercise-sessions/${session.id}/end`, 'ex-trainer');
      expect(ended.statusCode, ended.body).toBe(200);
      const log = await database.db
        .selectFrom('exercise_log')
        .selectAll()
        .where('session_id', '=', session.id)
        .orderBy('seq')
        .execute();
      expect(log.at(-1)).toMatchObject({ kind: 'command', actor_role: 'trainer', command: '{"type":"end"}', accepted: 1 });

      const results = await database.db
        .selectFrom('exercise_results')
        .selectAll()
        .where('session_id', '=', session.id)
        .orderBy('username')
        .execute();
      // The learner who never took a role has no result.
      expect(results.map((row) => [row.username, row.role_id, row.exercise_id, row.course_id])).toEqual([
        ['ex-cyber', 'cyberspace', 'resident-data-leak', 'joint-exercises'],
        ['ex-police', 'police', 'resident-data-leak', 'joint-exercises'],
      ]);
      expect(results.every((row) => row.trainer_username === 'ex-trainer' && row.role_max > 0 && row.team_max > 0)).toBe(true);
      const entries = await database.db
        .selectFrom('ledger_entries')
        .select('attempt_id')
        .where('kind', '=', 'exercise-result')
        .execute();
      expect(entries.map((entry) => entry.attempt_id).sort()).toEqual(results.map((row) => row.result_id).sort());

      const statements = await app.inject({
        method: 'GET',
        url: '/xapi/statements',
        query: { registration: session.id },
        headers: { ...people.admin!.headers, 'x-experience-api-version': '2.0.0' },
      });
      expect(statements.statusCode, statements.body).toBe(200);
      expect(statements.json<{ statements: unknown[] }>().statements).toHaveLength(2);

      // Ending again changes nothing and records nothing twice.
      expect((await send('POST', `/api/v1/exercise-sessions/${session.id}/end`, 'ex-trainer')).statusCode).toBe(200);
      const again = await database.db
        .selectFrom('exercise_results')
        .select('result_id')
        .where('session_id', '=', session.id)
        .execute();
      expect(again).toHaveLength(2);
      const logAgain = await database.db.selectFrom('exercise_log').select('seq').where('session_id', '=', session.id).execute();
      expect(logAgain).toHaveLength(log.length);
    });
  });
}
