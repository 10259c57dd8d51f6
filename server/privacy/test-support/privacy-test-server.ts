// Test helper: the whole server (accounts, xAPI, grading, privacy) on a test database with the mini
// course, learners created through the admin API and signed in with a session cookie.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { login, sessionCookie } from '../../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../../build-server.ts';
import type { Database } from '../../db/database.ts';
import { miniCoursesDir } from '../../grading/test-support/grading-test-app.ts';

export const ADMIN_PASSWORD = 'privacy-admin-password-1';
export const HOME_PAGE = 'https://shixun.test/';
export const XAPI_HEADERS = { 'x-experience-api-version': '2.0.0', 'content-type': 'application/json' } as const;

export interface Person {
  readonly username: string;
  readonly headers: Record<string, string>;
  readonly agent: {
    readonly objectType: 'Agent';
    readonly name: string;
    readonly account: { readonly homePage: string; readonly name: string };
  };
}

export interface PrivacyTestServer {
  readonly app: FastifyInstance;
  signIn(username: string, password: string): Promise<Person>;
  /** Creates a learner through the admin API and signs them in. */
  learner(username: string): Promise<Person>;
  close(): Promise<void>;
}

/** Sweeps are off unless `env` turns them on (RETENTION_SWEEP_HOURS), so seeded rows stay put. */
export async function startPrivacyServer(database: Database, env: NodeJS.ProcessEnv = {}): Promise<PrivacyTestServer> {
  const courses = miniCoursesDir();
  const app = await buildServer({
    apiOnly: true,
    logger: false,
    database,
    coursesDir: courses.dir,
    // The per-learner grading budget is tested in server/grading; a busy machine must not trip it here.
    env: {
      SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SHIXUN_PUBLIC_URL: HOME_PAGE,
      RETENTION_SWEEP_HOURS: '0',
      SHIXUN_BATCH_WORK_MS: '100000/1000000',
      ...env,
    },
  });
  await app.ready();
  async function signIn(username: string, password: string): Promise<Person> {
    const response = await login(app, username, password);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { agent: Person['agent'] };
    return { username, headers: { cookie: sessionCookie(response), 'x-shixun-csrf': '1' }, agent: body.agent };
  }

  return {
    app,
    signIn,
    async learner(username) {
      // A fresh admin session each time: a test may have aged the previous one away.
      const admin = await signIn('admin', ADMIN_PASSWORD);
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/users',
        headers: admin.headers,
        payload: { username, name: `学员 ${username}`, department: 'Records Office', rank: '科员' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return signIn(username, (response.json() as { password: string }).password);
    },
    async close() {
      await app.close();
      courses.remove();
    },
  };
}

/** A practice statement by `person`, as their app would send it. */
export function practiceStatement(
  person: Person,
  activity = 'https://id.shixun.local/xapi/courses/mini/scenes/s1',
): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: person.agent,
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: { objectType: 'Activity', id: activity },
    context: { registration: randomUUID(), extensions: { 'https://id.shixun.local/xapi/extensions/mode': 'practice' } },
  };
}
