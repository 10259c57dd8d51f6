// The whole records service through the real server (accounts + xAPI + grading), on SQLite and
// PostgreSQL: an admin creates learners, a learner signs in and sends an assessment log with the
// session cookie, the server grades it, and neither a forged statement nor another learner can
// touch the official result.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../src/engine/test-course.ts';
import { login, sessionCookie } from './accounts/test-support/accounts-test-app.ts';
import { buildServer } from './build-server.ts';
import { TEST_DATABASES } from './db/test-databases.ts';
import type { TestDatabase } from './db/test-databases.ts';
import { assessmentLog, miniCoursesDir } from './grading/test-support/grading-test-app.ts';

const ADMIN_PASSWORD = 'flow-admin-password-1';
const XAPI = { 'x-experience-api-version': '2.0.0' };

interface Person {
  readonly username: string;
  readonly headers: Record<string, string>;
}

describe.each(TEST_DATABASES)('records service end to end on $name', (variant) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let staticDir: string;
  let courses: { dir: string; remove: () => void };
  let alice: Person;
  let bob: Person;

  async function signIn(username: string, password: string): Promise<Person> {
    const response = await login(app, username, password);
    expect(response.statusCode).toBe(200);
    return { username, headers: { cookie: sessionCookie(response), 'x-shixun-csrf': '1' } };
  }

  async function createLearner(admin: Person, username: string): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: admin.headers,
      payload: { username, name: `Learner ${username}`, department: 'Records Office', rank: '科员' },
    });
    expect(response.statusCode).toBe(201);
    return (response.json() as { password: string }).password;
  }

  beforeAll(async () => {
    if (!variant.available) return;
    staticDir = await mkdtemp(path.join(tmpdir(), 'shixun-flow-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Shixun</title>');
    courses = miniCoursesDir();
    database = await variant.open();
    app = await buildServer({
      staticDir,
      logger: false,
      database,
      coursesDir: courses.dir,
      // The per-learner grading budget is tested in server/grading; a busy machine must not trip it here.
      env: {
        SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD,
        SHIXUN_PUBLIC_URL: 'https://shixun.test/',
        SHIXUN_BATCH_WORK_MS: '100000/1000000',
      },
    });
    await app.ready();
    const admin = await signIn('admin', ADMIN_PASSWORD);
    alice = await signIn('flow-alice', await createLearner(admin, 'flow-alice'));
    bob = await signIn('flow-bob', await createLearner(admin, 'flow-bob'));
  }, 60_000);

  afterAll(async () => {
    if (!variant.available) return;
    await app.close();
    await database.dispose();
    courses.remove();
    await rm(staticDir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)(
    'grades an assessment sent with the session cookie, and keeps the result from forgery and other learners',
    async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const half = Math.ceil(log.length / 2);
      const put = (from: number, actions: readonly unknown[], headers: Record<string, string>) =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/attempts/${attemptId}/actions`,
          headers,
          payload: { courseId: 'mini', courseVersion: '1.0.0', from, actions },
        });

      // Without the CSRF header the cookie alone does not act for the learner.
      const { 'x-shixun-csrf': _csrf, ...cookieOnly } = alice.headers;
      expect((await put(0, log.slice(0, half), cookieOnly)).statusCode).toBe(401);

      expect((await put(0, log.slice(0, half), alice.headers)).statusCode).toBe(200);
      const finished = await put(half, log.slice(half), alice.headers);
      expect(finished.statusCode).toBe(200);
      const view = finished.json() as { status: string; official: { score: number; max: number; passed: boolean } | null };
      expect(view.status).toBe('finished');
      expect(view.official?.passed).toBe(true);
      const official = view.official!;

      // Another learner can read neither the attempt, the results nor the statements.
      expect((await app.inject({ method: 'GET', url: `/api/v1/attempts/${attemptId}`, headers: bob.headers })).statusCode).toBe(
        403,
      );
      expect(
        (await app.inject({ method: 'GET', url: `/api/v1/results?user=${alice.username}`, headers: bob.headers })).statusCode,
      ).toBe(403);
      const aliceAgent = { objectType: 'Agent', account: { homePage: 'https://shixun.test/', name: alice.username } };
      const agentQuery = `agent=${encodeURIComponent(JSON.stringify(aliceAgent))}`;
      expect(
        (await app.inject({ method: 'GET', url: `/xapi/statements?${agentQuery}`, headers: { ...bob.headers, ...XAPI } }))
          .statusCode,
      ).toBe(403);

      // The learner's own statements include the grader's official "passed".
      const own = await app.inject({
        method: 'GET',
        url: `/xapi/statements?${agentQuery}&registration=${attemptId}&limit=0`,
        headers: { ...alice.headers, ...XAPI },
      });
      expect(own.statusCode).toBe(200);
      const statements = (own.json() as { statements: { verb: { id: string }; authority: { name?: string } }[] }).statements;
      const passed = statements.filter((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/passed');
      expect(passed).toHaveLength(1);

      // A forged "passed, 100%" from the learner's own session is stored as theirs and changes nothing.
      const forged = {
        id: randomUUID(),
        actor: { ...aliceAgent, name: 'Learner flow-alice' },
        verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
        object: { objectType: 'Activity', id: 'https://id.shixun.local/xapi/courses/mini' },
        result: { score: { scaled: 1, raw: 100, min: 0, max: 100 }, success: true, completion: true },
        context: { registration: attemptId },
      };
      const post = await app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: { ...alice.headers, ...XAPI, 'content-type': 'application/json' },
        payload: forged,
      });
      expect(post.statusCode).toBe(200);
      // And posting as someone else is refused outright.
      const asBob = await app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: { ...alice.headers, ...XAPI, 'content-type': 'application/json' },
        payload: {
          ...forged,
          id: randomUUID(),
          actor: { objectType: 'Agent', account: { homePage: 'https://shixun.test/', name: bob.username } },
        },
      });
      expect(asBob.statusCode).toBe(403);

      const after = await app.inject({ method: 'GET', url: `/api/v1/attempts/${attemptId}`, headers: alice.headers });
      expect((after.json() as { official: unknown }).official).toEqual(official);
      const results = await app.inject({ method: 'GET', url: `/api/v1/results?user=${alice.username}`, headers: alice.headers });
      expect((results.json() as { results: { attemptId: string; official: unknown }[] }).results).toEqual([
        expect.objectContaining({ attemptId, official }),
      ]);

      // Editing a graded response is refused and the result stays.
      const edited = log.map((action) => (action.kind === 'respond' ? { ...action, response: { ...action.response } } : action));
      const firstRespond = edited.findIndex((action) => action.kind === 'respond');
      edited[firstRespond] = { kind: 'respond', at: log[firstRespond]!.at, response: { type: 'choice', selected: [] } };
      expect((await put(0, edited, alice.headers)).statusCode).toBe(409);
      expect(
        (
          (await app.inject({ method: 'GET', url: `/api/v1/attempts/${attemptId}`, headers: alice.headers })).json() as {
            official: unknown;
          }
        ).official,
      ).toEqual(official);
    },
    60_000,
  );
});
