// The assembled server (buildServer) on both databases: learners use the xAPI resource with their
// session, writing and reading only their own statements; trainers read those of their classes'
// learners; Basic auth and the
// /api 404 keep working beside them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../build-server.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { CredentialStore } from '../xapi/credentials.ts';
import { statement } from '../xapi/test-support/statements.ts';
import { enrol } from '../classes/test-support/enrol.ts';
import { basic } from '../xapi/test-support/xapi-test-app.ts';
import { addUser, signedIn } from './test-support/accounts-test-app.ts';

const HOME = 'https://shixun.example.gov.cn/';
const agentOf = (username: string) => ({ objectType: 'Agent', account: { homePage: HOME, name: username } });
const READER = basic('reader', 'reader-secret-0123456789');

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`learners on the xAPI resource, ${variant.name}`, () => {
    let dir: string;
    let database: TestDatabase;
    let app: FastifyInstance;
    let learner: Record<string, string>;
    let trainer: Record<string, string>;
    let othersStatementId: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'shixun-learner-xapi-'));
      await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Shixun</title>');
      database = await variant.open();
      await new CredentialStore(database.db).save({
        key: 'reader',
        secret: 'reader-secret-0123456789',
        scopes: ['statements/read'],
      });
      app = await buildServer({
        staticDir: dir,
        logger: false,
        database,
        env: { SHIXUN_PUBLIC_URL: HOME, SHIXUN_XAPI_KEY: 'tool', SHIXUN_XAPI_SECRET: 'tool-secret-0123456789' },
      });
      await app.ready();
      await addUser(database, 'E7001', 'learner-pass-7001');
      await addUser(database, 'E7002', 'learner-pass-7002');
      await addUser(database, 'trainer7', 'trainer-pass-7000', 'trainer');
      learner = await signedIn(app, 'E7001', 'learner-pass-7001');
      trainer = await signedIn(app, 'trainer7', 'trainer-pass-7000');
      const other = statement({ actor: agentOf('E7002') });
      othersStatementId = String(other.id);
      const stored = await post(other, { authorization: basic('tool', 'tool-secret-0123456789') });
      expect(stored.statusCode).toBe(200);
    });
    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    const xapi = { 'x-experience-api-version': '2.0.0' };
    const post = (body: unknown, headers: Record<string, string>): Promise<LightMyRequestResponse> =>
      app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: { ...xapi, 'content-type': 'application/json', ...headers },
        payload: JSON.stringify(body),
      });
    const get = (query: Record<string, string>, headers: Record<string, string>): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'GET', url: '/xapi/statements', query, headers: { ...xapi, ...headers } });
    const cookieOnly = (headers: Record<string, string>) => ({ cookie: headers.cookie ?? '' });

    it('lets a learner write a statement as themselves, with themselves as authority', async () => {
      const own = statement({ actor: { ...agentOf('E7001'), name: 'Name of E7001' } });
      const response = await post(own, learner);
      expect(response.statusCode).toBe(200);
      const stored = await get({ statementId: String(own.id) }, cookieOnly(learner));
      expect(stored.statusCode).toBe(200);
      expect(stored.json().authority).toEqual({
        objectType: 'Agent',
        name: 'Name of E7001',
        account: { homePage: HOME, name: 'E7001' },
      });
      const put = await app.inject({
        method: 'PUT',
        url: '/xapi/statements',
        query: { statementId: '1f0c1f4e-8f9a-4f43-9a8e-5b0a3f1c2d11' },
        headers: { ...xapi, 'content-type': 'application/json', ...learner },
        payload: JSON.stringify(statement({ id: '1f0c1f4e-8f9a-4f43-9a8e-5b0a3f1c2d11', actor: agentOf('E7001') })),
      });
      expect(put.statusCode).toBe(204);
    });

    it('answers 403 with the reason when a learner or trainer writes as someone else', async () => {
      for (const [headers, actor] of [
        [learner, agentOf('E7002')],
        [learner, { ...agentOf('E7001'), account: { homePage: 'https://elsewhere.test/', name: 'E7001' } }],
        [learner, { objectType: 'Agent', mbox: 'mailto:e7001@example.gov.cn' }],
        [trainer, agentOf('E7001')],
      ] as const) {
        const response = await post(
          [statement({ actor: headers === learner ? agentOf('E7001') : agentOf('trainer7') }), statement({ actor })],
          headers,
        );
        expect(response.statusCode).toBe(403);
        expect(response.json().message).toMatch(
          /^statements\[1\] has another actor: signed in as (E7001|trainer7), you can write only statements whose actor is/,
        );
      }
    });

    it('lets a learner read only their own statements', async () => {
      const mine = await get({ agent: JSON.stringify(agentOf('E7001')) }, cookieOnly(learner));
      expect(mine.statusCode).toBe(200);
      const actors = (mine.json().statements as Array<{ actor: { account: { name: string } } }>).map(
        (item) => item.actor.account.name,
      );
      expect(actors.length).toBeGreaterThan(0);
      expect(new Set(actors)).toEqual(new Set(['E7001']));

      for (const query of [
        {},
        { agent: JSON.stringify(agentOf('E7002')) },
        { agent: JSON.stringify(agentOf('E7001')), related_agents: 'true' },
        { statementId: othersStatementId },
      ]) {
        const refused = await get(query, cookieOnly(learner));
        expect(refused.statusCode, JSON.stringify(query)).toBe(403);
        expect(refused.json().message).toMatch(/learners can read only their own statements/);
      }
    });

    it('lets a trainer read the statements of the learners in their classes, and no one else', async () => {
      const ofE7002 = { agent: JSON.stringify(agentOf('E7002')) };
      // Before E7002 was in a class of theirs: no unfiltered query, no other learner, no single statement.
      for (const query of [{}, ofE7002, { ...ofE7002, related_agents: 'true' }, { statementId: othersStatementId }]) {
        const refused = await get(query, cookieOnly(trainer));
        expect(refused.statusCode, JSON.stringify(query)).toBe(403);
        expect(refused.json().message).toMatch(/trainers read the statements of the learners in their classes/);
      }
      await enrol(app, trainer, await signedIn(app, 'E7002', 'learner-pass-7002'));
      const theirs = await get(ofE7002, cookieOnly(trainer));
      expect(theirs.statusCode).toBe(200);
      const actors = new Set(
        (theirs.json().statements as Array<{ actor: { account: { name: string } } }>).map((item) => item.actor.account.name),
      );
      expect(actors).toEqual(new Set(['E7002']));
      expect((await get({ statementId: othersStatementId }, cookieOnly(trainer))).statusCode).toBe(200);
      // E7001 was never in the trainer's class.
      expect((await get({ agent: JSON.stringify(agentOf('E7001')) }, cookieOnly(trainer))).statusCode).toBe(403);
      expect((await get({}, cookieOnly(trainer))).statusCode).toBe(403);
    });

    it('treats a cookie without the CSRF header as no credentials: 401 asking for Basic auth', async () => {
      const response = await post(statement({ actor: agentOf('E7001') }), cookieOnly(learner));
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Basic realm=/);
      const none = await get({}, {});
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Basic realm=/);
    });

    it('still serves Basic-auth clients by scope: a read-only credential cannot write', async () => {
      const refused = await post(statement(), { authorization: READER });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().message).toMatch(/statements\/write/);
      expect((await get({}, { authorization: READER })).statusCode).toBe(200);
    });

    it('answers unknown /api/ paths with a JSON 404, not the web page', async () => {
      for (const [method, url] of [
        ['GET', '/api/unknown'],
        ['POST', '/api/v1/nothing-here'],
        ['GET', '/api/v1/auth/nope'],
      ] as const) {
        const response = await app.inject({ method, url, headers: { accept: 'text/html' } });
        expect(response.statusCode, url).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.json()).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.stringContaining(url) });
      }
      // The app still gets its page.
      const page = await app.inject({ url: '/device', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Shixun</title>');
    });
  });
}

describe('behind a reverse proxy (SHIXUN_TRUST_PROXY)', () => {
  let dir: string;
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-proxy-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Shixun</title>');
    const sqlite = TEST_DATABASES.find((item) => item.name === 'sqlite');
    if (sqlite === undefined) throw new Error('no SQLite variant');
    database = await sqlite.open();
    app = await buildServer({ staticDir: dir, logger: false, database, env: { SHIXUN_TRUST_PROXY: '127.0.0.1' } });
    await addUser(database, 'E8001', 'learner-pass-8001');
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('marks the cookie Secure for X-Forwarded-Proto: https and limits by X-Forwarded-For', async () => {
    const viaProxy = (forwardedFor: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': forwardedFor },
        payload: JSON.stringify({ username: 'E8001', password: 'learner-pass-8001' }),
      });
    const signedInOverTls = await viaProxy('192.168.1.20');
    expect(signedInOverTls.statusCode).toBe(200);
    expect(String(signedInOverTls.headers['set-cookie'])).toContain('; Secure');
    const code = (forwardedFor: string) =>
      app.inject({ method: 'POST', url: '/api/v1/device/code', headers: { 'x-forwarded-for': forwardedFor } });
    for (let i = 0; i < 10; i += 1) expect((await code('192.168.1.21')).statusCode).toBe(200);
    expect((await code('192.168.1.21')).statusCode).toBe(429);
    expect((await code('192.168.1.22')).statusCode).toBe(200);
  });
});
