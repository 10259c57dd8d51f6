// Test helper: the xAPI plugin on a fresh database with three credentials (all, read-only,
// write-only), and request helpers that send the version header and Basic auth.
import Fastify from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestDatabase, TestDatabaseVariant } from '../../db/test-databases.ts';
import { CredentialStore } from '../credentials.ts';
import { xapiPlugin } from '../plugin.ts';
import type { XapiPluginOptions } from '../plugin.ts';

export const HOME_PAGE = 'https://lrs.shixun.test/';

const CREDENTIALS = {
  all: { key: 'test-all', secret: 'secret-all-0123456789' },
  read: { key: 'test-read', secret: 'secret-read-0123456789' },
  write: { key: 'test-write', secret: 'secret-write-0123456789' },
} as const;

export function basic(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

export const AUTH = {
  all: basic(CREDENTIALS.all.key, CREDENTIALS.all.secret),
  read: basic(CREDENTIALS.read.key, CREDENTIALS.read.secret),
  write: basic(CREDENTIALS.write.key, CREDENTIALS.write.secret),
} as const;

export interface XapiTestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export async function startXapiApp(variant: TestDatabaseVariant, options: Partial<XapiPluginOptions> = {}): Promise<XapiTestApp> {
  const database = await variant.open();
  const credentials = new CredentialStore(database.db);
  await credentials.save({ ...CREDENTIALS.read, scopes: ['statements/read'] });
  await credentials.save({ ...CREDENTIALS.write, scopes: ['statements/write'] });
  const app = Fastify({ logger: false });
  await app.register(xapiPlugin, {
    prefix: '/xapi',
    database,
    seedCredential: CREDENTIALS.all,
    authorityHomePage: HOME_PAGE,
    ...options,
  });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

export function xapiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-experience-api-version': '2.0.0', authorization: AUTH.all, ...extra };
}

export function postStatements(
  app: FastifyInstance,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/xapi/statements',
    headers: xapiHeaders({ 'content-type': 'application/json', ...headers }),
    payload: JSON.stringify(body),
  });
}

export function getStatements(
  app: FastifyInstance,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/xapi/statements', query, headers: xapiHeaders(headers) });
}

/** GET with a `more` link as the server gave it. */
export function getMore(app: FastifyInstance, more: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: more, headers: xapiHeaders() });
}

export interface StatementResult {
  readonly statements: Array<Record<string, unknown> & { id: string }>;
  readonly more: string;
}
