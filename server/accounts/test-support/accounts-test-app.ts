// Test helper: the accounts plugin on a fresh database with a clock the test moves, users made
// directly in the store, and request helpers that sign in and carry the session cookie.
import Fastify from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestDatabase, TestDatabaseVariant } from '../../db/test-databases.ts';
import { CredentialStore } from '../../xapi/credentials.ts';
import { credentialsRoutes } from '../../xapi/credentials-routes.ts';
import { createAccounts } from '../accounts.ts';
import type { Accounts, AccountsOptions } from '../accounts.ts';
import { hashGeneratedSecret } from '../secrets.ts';
import type { Role, SessionUser } from '../session-user.ts';
import { UserStore } from '../user-store.ts';

export const HOME_PAGE = 'https://shixun.test/';
export const START = Date.parse('2026-05-04T08:00:00.000Z');

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(start = START): TestClock {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

export interface AccountsTestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly accounts: Accounts;
  readonly clock: TestClock;
  close(): Promise<void>;
}

export async function startAccountsApp(
  variant: TestDatabaseVariant,
  options: Partial<Pick<AccountsOptions, 'adminPassword' | 'policy'>> = {},
): Promise<AccountsTestApp> {
  const database = await variant.open();
  const clock = testClock();
  const accounts = await createAccounts({
    database,
    homePage: HOME_PAGE,
    now: clock.now,
    adminPassword: options.adminPassword,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
  const app = Fastify({ logger: false });
  await app.register(accounts.plugin, { prefix: '/api/v1' });
  // The admin route that issues xAPI credentials is the xAPI feature's, beside the accounts routes.
  await app.register(credentialsRoutes, {
    prefix: '/api/v1',
    credentials: new CredentialStore(database.db),
    currentUser: accounts.currentUser,
    recordAdminAction: accounts.recordAdminAction,
  });
  await app.ready();
  return {
    app,
    database,
    accounts,
    clock,
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

/** Creates a user with `password` straight in the database (the cheap hash: tests make many). */
export async function addUser(
  database: TestDatabase,
  username: string,
  password: string,
  role: Role = 'learner',
  name = `Name of ${username}`,
): Promise<SessionUser> {
  return new UserStore(database.db).create(
    { username, name, role, employeeId: role === 'learner' ? username : null },
    await hashGeneratedSecret(password),
  );
}

export function postJson(
  app: FastifyInstance,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  });
}

export function login(
  app: FastifyInstance,
  username: string,
  password: string,
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return postJson(app, '/api/v1/auth/login', { username, password }, {}, remoteAddress);
}

/** The `shixun_session=…` pair a response set, for the Cookie header of the next request. */
export function sessionCookie(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = (Array.isArray(header) ? header : [header ?? '']).find((item) => item.startsWith('shixun_session='));
  if (value === undefined) throw new Error(`No session cookie in the response (status ${response.statusCode}).`);
  return value.split(';')[0] ?? '';
}

/** Signs in and returns headers for unsafe requests as that user (cookie and CSRF header). */
export async function signedIn(app: FastifyInstance, username: string, password: string): Promise<Record<string, string>> {
  const response = await login(app, username, password);
  if (response.statusCode !== 200) throw new Error(`Sign-in as ${username} failed: ${response.statusCode} ${response.body}`);
  return { cookie: sessionCookie(response), 'x-shixun-csrf': '1' };
}

export function me(app: FastifyInstance, cookie: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
}
