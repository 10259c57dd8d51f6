// Test helper: the accounts and classes plugins on a fresh database with a clock the test moves,
// people created in the user store, and request helpers that carry each one's session.
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createAccounts } from '../../accounts/accounts.ts';
import { addUser, HOME_PAGE, postJson, signedIn, testClock } from '../../accounts/test-support/accounts-test-app.ts';
import type { TestClock } from '../../accounts/test-support/accounts-test-app.ts';
import type { Role, SessionUser } from '../../accounts/session-user.ts';
import type { Database } from '../../db/database.ts';
import type { TestDatabase, TestDatabaseVariant } from '../../db/test-databases.ts';
import { CourseCatalog } from '../../grading/course-catalog.ts';
import { classesPlugin } from '../plugin.ts';
import type { ClassesPluginOptions } from '../plugin.ts';

export interface Person {
  readonly user: SessionUser;
  /** Cookie and CSRF header of a signed-in browser. */
  readonly headers: Record<string, string>;
}

export interface ClassesTestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly clock: TestClock;
  /** A user of `role`, signed in. */
  person(username: string, role: Role, name?: string): Promise<Person>;
  /** Another server instance on the same database (as behind a load balancer). */
  instance(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/** The shipped courses, which progress reports are checked against. */
export const CATALOG = CourseCatalog.load(fileURLToPath(new URL('../../../courses', import.meta.url)));

type PluginSettings = Partial<Pick<ClassesPluginOptions, 'eventPollMs' | 'joinLimit'>>;

async function serverOn(database: Database, clock: TestClock, settings: PluginSettings): Promise<FastifyInstance> {
  const accounts = await createAccounts({ database, homePage: HOME_PAGE, now: clock.now });
  const app = Fastify({ logger: false });
  await app.register(accounts.plugin, { prefix: '/api/v1' });
  await app.register(classesPlugin, {
    prefix: '/api/v1',
    database,
    currentUser: accounts.currentUser,
    catalog: CATALOG,
    now: clock.now,
    ...settings,
  });
  await app.ready();
  return app;
}

export async function startClassesApp(variant: TestDatabaseVariant, settings: PluginSettings = {}): Promise<ClassesTestApp> {
  const database = await variant.open();
  const clock = testClock(Date.now());
  const app = await serverOn(database, clock, settings);
  const others: FastifyInstance[] = [];
  return {
    app,
    database,
    clock,
    async person(username, role, name = `Name of ${username}`) {
      const password = `pass-${username}-0123`;
      const user = await addUser(database, username, password, role, name);
      return { user, headers: await signedIn(app, username, password) };
    },
    async instance() {
      const other = await serverOn(database, clock, settings);
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await app.close();
      await database.dispose();
    },
  };
}

export function get(app: FastifyInstance, url: string, person?: Person): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: person === undefined ? {} : { cookie: person.headers.cookie ?? '' } });
}

export function post(app: FastifyInstance, url: string, body: unknown, person?: Person): Promise<LightMyRequestResponse> {
  return postJson(app, url, body ?? {}, person?.headers ?? {});
}
