// Attacks on the State and Profile resources through the assembled server, on every database: a
// learner's session reads and writes only its own State and Agent Profile, never another
// learner's (a trainer reads those of their class, never writes); Activity Profiles, shared by all,
// only the organisation admin writes with a session.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, signedIn } from '../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../build-server.ts';
import { enrol } from '../classes/test-support/enrol.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { SCENE } from './test-support/statements.ts';

const HOME = 'https://shixun.example.gov.cn/';
const ADMIN_PASSWORD = 'documents-admin-password-1';
const agentOf = (username: string) => JSON.stringify({ objectType: 'Agent', account: { homePage: HOME, name: username } });
const ACTIVITY = `${SCENE}/steps/q1`;

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI documents with sessions on ${variant.name}`, () => {
    let dir: string;
    let database: TestDatabase;
    let app: FastifyInstance;
    let owner: Record<string, string>;
    let other: Record<string, string>;
    let trainer: Record<string, string>;
    let admin: Record<string, string>;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'shixun-documents-access-'));
      await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Shixun</title>');
      database = await variant.open();
      app = await buildServer({
        staticDir: dir,
        logger: false,
        database,
        env: { SHIXUN_PUBLIC_URL: HOME, SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD },
      });
      await app.ready();
      await addUser(database, 'E9001', 'learner-pass-9001');
      await addUser(database, 'E9002', 'learner-pass-9002');
      await addUser(database, 'trainer9', 'trainer-pass-9000', 'trainer');
      owner = await signedIn(app, 'E9001', 'learner-pass-9001');
      other = await signedIn(app, 'E9002', 'learner-pass-9002');
      trainer = await signedIn(app, 'trainer9', 'trainer-pass-9000');
      admin = await signedIn(app, 'admin', ADMIN_PASSWORD);
      // Four scrypt sign-ins and the server's start: slow on a busy machine.
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    const call = (
      method: Method,
      url: string,
      query: Record<string, string>,
      session: Record<string, string>,
      body?: unknown,
    ): Promise<LightMyRequestResponse> =>
      app.inject({
        method,
        url,
        query,
        headers: {
          ...session,
          'x-experience-api-version': '2.0.0',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });

    const state = (username: string, extra: Record<string, string> = {}) => ({
      activityId: ACTIVITY,
      agent: agentOf(username),
      ...extra,
    });
    const profile = (username: string) => ({ agent: agentOf(username), profileId: 'preferences' });

    it("lets a learner's session keep its own state and agent profile", async () => {
      expect(
        (await call('PUT', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), owner, { step: 3 })).statusCode,
      ).toBe(204);
      expect((await call('GET', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), owner)).json()).toEqual({
        step: 3,
      });
      expect((await call('GET', '/xapi/activities/state', state('E9001'), owner)).json()).toEqual(['resume']);
      expect((await call('PUT', '/xapi/agents/profile', profile('E9001'), owner, { theme: 'dark' })).statusCode).toBe(204);
      expect((await call('GET', '/xapi/agents/profile', profile('E9001'), owner)).json()).toEqual({ theme: 'dark' });
      expect((await call('GET', '/xapi/agents', { agent: agentOf('E9001') }, owner)).statusCode).toBe(200);
    });

    it("refuses another learner's session every read and write of that state and agent profile, and changes nothing", async () => {
      const attacks: Array<[string, Method, string, Record<string, string>, unknown]> = [
        ['read the state', 'GET', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), undefined],
        ['HEAD the state', 'HEAD', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), undefined],
        ['list the state ids', 'GET', '/xapi/activities/state', state('E9001'), undefined],
        ['overwrite the state', 'PUT', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), { step: 0 }],
        ['merge into the state', 'POST', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), { step: 0 }],
        ['delete the state', 'DELETE', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), undefined],
        ['delete all state', 'DELETE', '/xapi/activities/state', state('E9001'), undefined],
        ['read the agent profile', 'GET', '/xapi/agents/profile', profile('E9001'), undefined],
        ['overwrite the agent profile', 'PUT', '/xapi/agents/profile', profile('E9001'), { theme: 'light' }],
        ['delete the agent profile', 'DELETE', '/xapi/agents/profile', profile('E9001'), undefined],
        ['read the Person object', 'GET', '/xapi/agents', { agent: agentOf('E9001') }, undefined],
      ];
      for (const [name, method, url, query, body] of attacks) {
        const res = await call(method, url, query, other, body);
        expect(res.statusCode, name).toBe(403);
        if (method !== 'HEAD')
          expect(res.json().message, name).toMatch(/Signed in as E9002, you can (read|write) .* only for your own agent/);
      }
      // A trainer outside the learner's classes neither reads nor writes it; the admin reads but never writes.
      expect((await call('GET', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), trainer)).statusCode).toBe(403);
      expect(
        (await call('PUT', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), admin, { step: 9 })).statusCode,
      ).toBe(403);
      expect((await call('GET', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), admin)).json()).toEqual({
        step: 3,
      });
      expect((await call('GET', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), owner)).json()).toEqual({
        step: 3,
      });
      expect((await call('GET', '/xapi/agents/profile', profile('E9001'), owner)).json()).toEqual({ theme: 'dark' });
    });

    it('lets a trainer read, never write, the state of a learner in their class', async () => {
      await enrol(app, trainer, owner, { stay: true });
      const read = await call('GET', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), trainer);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual({ step: 3 });
      expect((await call('GET', '/xapi/agents/profile', profile('E9001'), trainer)).json()).toEqual({ theme: 'dark' });
      const write = await call('POST', '/xapi/activities/state', state('E9001', { stateId: 'resume' }), trainer, { step: 7 });
      expect(write.statusCode).toBe(403);
      expect(write.json().message).toMatch(/Signed in as trainer9, you can write State documents only for your own agent/);
      // The other learner is still out of the trainer's reach.
      expect((await call('GET', '/xapi/activities/state', state('E9002'), trainer)).statusCode).toBe(403);
    });

    it('refuses a write with the session cookie but without the CSRF header', async () => {
      const { cookie = '' } = owner;
      const res = await call('PUT', '/xapi/activities/state', state('E9001', { stateId: 'forged' }), { cookie }, { step: 1 });
      expect(res.statusCode).toBe(401);
      expect((await call('GET', '/xapi/activities/state', state('E9001', { stateId: 'forged' }), owner)).statusCode).toBe(404);
    });

    it('lets learners read Activity Profiles but only the organisation admin write them with a session', async () => {
      const query = { activityId: ACTIVITY, profileId: 'shared' };
      const refused = await call('PUT', '/xapi/activities/profile', query, owner, { hint: 'mine' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().message).toMatch(/Activity Profiles are shared by every learner/);
      expect((await call('PUT', '/xapi/activities/profile', query, admin, { hint: 'official' })).statusCode).toBe(204);
      expect((await call('GET', '/xapi/activities/profile', query, owner)).json()).toEqual({ hint: 'official' });
      expect((await call('DELETE', '/xapi/activities/profile', query, other)).statusCode).toBe(403);
      expect((await call('GET', '/xapi/activities/profile', query, other)).statusCode).toBe(200);
    });
  });
}
