// Attacks on the LRS through the assembled server, on every database: voiding the grader's
// official statements or someone else's, pre-voiding an official id, and reading another
// person's attachment by naming its hash. Each must fail and leave the records as they were.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, signedIn } from '../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../build-server.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { graderAgent } from '../grading/official-statements.ts';
import { CredentialStore } from './credentials.ts';
import { buildMultipart } from './multipart.ts';
import { prepareStatement } from './statement-prepare.ts';
import { StatementStore } from './statement-store.ts';
import { statement, VERBS } from './test-support/statements.ts';
import { enrol } from '../classes/test-support/enrol.ts';
import { basic } from './test-support/xapi-test-app.ts';
import type { Statement } from './types.ts';

const HOME = 'https://shixun.example.gov.cn/';
const agentOf = (username: string) => ({ objectType: 'Agent', account: { homePage: HOME, name: username } });
const TOOL = basic('tool', 'tool-secret-0123456789');
const WRITER = basic('writer', 'writer-secret-0123456789');
const FAILED = 'http://adlnet.gov/expapi/verbs/failed';
const PASSED = 'http://adlnet.gov/expapi/verbs/passed';
const BOUNDARY = 'authority-boundary-5c2e';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const voiding = (targetId: string, actor: unknown) =>
  statement({
    actor,
    verb: { id: VERBS.voided, display: { en: 'voided' } },
    object: { objectType: 'StatementRef', id: targetId },
  });

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`LRS authority on ${variant.name}`, () => {
    let dir: string;
    let database: TestDatabase;
    let app: FastifyInstance;
    let grader: StatementStore;
    let learner: Record<string, string>;
    let other: Record<string, string>;
    let trainer: Record<string, string>;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'shixun-lrs-authority-'));
      await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Shixun</title>');
      database = await variant.open();
      await new CredentialStore(database.db).save({
        key: 'writer',
        secret: 'writer-secret-0123456789',
        scopes: ['statements/write', 'statements/read'],
      });
      await new CredentialStore(database.db).save({ key: 'shixun-grader', secret: 'forged-secret-0123456789', scopes: ['all'] });
      app = await buildServer({
        staticDir: dir,
        logger: false,
        database,
        env: { SHIXUN_PUBLIC_URL: HOME, SHIXUN_XAPI_KEY: 'tool', SHIXUN_XAPI_SECRET: 'tool-secret-0123456789' },
      });
      await app.ready();
      // Writes official statements as the grader does: prepared with the grader as authority.
      grader = new StatementStore(database, { officialAuthority: graderAgent(HOME) });
      await addUser(database, 'E8001', 'learner-pass-8001');
      await addUser(database, 'E8002', 'learner-pass-8002');
      await addUser(database, 'trainer8', 'trainer-pass-8000', 'trainer');
      learner = await signedIn(app, 'E8001', 'learner-pass-8001');
      other = await signedIn(app, 'E8002', 'learner-pass-8002');
      trainer = await signedIn(app, 'trainer8', 'trainer-pass-8000');
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

    async function official(username: string, verb: string, id = randomUUID()): Promise<string> {
      const prepared = prepareStatement(statement({ id, actor: agentOf(username), verb: { id: verb } }) as unknown as Statement, {
        stored: new Date().toISOString(),
        authority: graderAgent(HOME),
        defaultVersion: '2.0.0',
      });
      await grader.store([prepared], []);
      return id;
    }

    async function isLive(id: string): Promise<boolean> {
      const response = await get({ statementId: id }, { authorization: TOOL });
      return response.statusCode === 200;
    }

    async function voidingCount(targetId: string): Promise<number> {
      const rows = await database.db.selectFrom('xapi_statements').select('id').where('target_id', '=', targetId).execute();
      return rows.length;
    }

    it('refuses a learner voiding the official "failed" statement of their own attempt', async () => {
      const id = await official('E8001', FAILED);
      const response = await post(voiding(id, agentOf('E8001')), learner);
      expect(response.statusCode).toBe(403);
      expect(response.json().message).toMatch(/official statement recorded by the grader.*grading adjustment/);
      expect(await isLive(id)).toBe(true);
      expect(await voidingCount(id)).toBe(0);
      // It still answers the learner's own query.
      const mine = await get({ agent: JSON.stringify({ account: { homePage: HOME, name: 'E8001' } }) }, learner);
      expect(mine.json().statements.map((item: { id: string }) => item.id)).toContain(id);
    });

    it('refuses a learner voiding another learner\'s official "passed" statement, given its id', async () => {
      const id = await official('E8002', PASSED);
      const response = await post(voiding(id, agentOf('E8001')), learner);
      expect(response.statusCode).toBe(403);
      expect(await isLive(id)).toBe(true);
      expect(await voidingCount(id)).toBe(0);
    });

    it("refuses a learner voiding another learner's own statement, and a trainer voiding a learner's", async () => {
      const theirs = statement({ actor: agentOf('E8002') });
      expect((await post(theirs, other)).statusCode).toBe(200);
      const byLearner = await post(voiding(String(theirs.id), agentOf('E8001')), learner);
      expect(byLearner.statusCode).toBe(403);
      expect(byLearner.json().message).toMatch(/stored by someone else/);
      const byTrainer = await post(voiding(String(theirs.id), agentOf('trainer8')), trainer);
      expect(byTrainer.statusCode).toBe(403);
      expect(await isLive(String(theirs.id))).toBe(true);
    });

    it('refuses a learner voiding an id that is not stored yet (it could become an official one)', async () => {
      const response = await post(voiding(randomUUID(), agentOf('E8001')), learner);
      expect(response.statusCode).toBe(403);
      expect(response.json().message).toMatch(/no statement with that id is stored/);
    });

    it('lets a learner void a statement they stored themselves', async () => {
      const own = statement({ actor: agentOf('E8001') });
      expect((await post(own, learner)).statusCode).toBe(200);
      expect((await post(voiding(String(own.id), agentOf('E8001')), learner)).statusCode).toBe(200);
      expect(await isLive(String(own.id))).toBe(false);
    });

    it('lets a write-only credential void only what it stored', async () => {
      const mine = statement();
      expect((await post(mine, { authorization: WRITER })).statusCode).toBe(200);
      const theirs = statement();
      expect((await post(theirs, { authorization: TOOL })).statusCode).toBe(200);
      expect((await post(voiding(String(theirs.id), agentOf('writer')), { authorization: WRITER })).statusCode).toBe(403);
      expect((await post(voiding(String(mine.id), agentOf('writer')), { authorization: WRITER })).statusCode).toBe(200);
      expect(await isLive(String(theirs.id))).toBe(true);
      expect(await isLive(String(mine.id))).toBe(false);
    });

    it('lets an all-scope credential void any statement but an official one', async () => {
      const learners = statement({ actor: agentOf('E8002') });
      expect((await post(learners, other)).statusCode).toBe(200);
      expect((await post(voiding(String(learners.id), agentOf('tool')), { authorization: TOOL })).statusCode).toBe(200);
      expect(await isLive(String(learners.id))).toBe(false);
      const id = await official('E8002', PASSED);
      const response = await post(voiding(id, agentOf('tool')), { authorization: TOOL });
      expect(response.statusCode).toBe(403);
      expect(await isLive(id)).toBe(true);
    });

    it('keeps an official statement live when a voiding statement named its id before it was stored', async () => {
      const id = randomUUID();
      expect((await post(voiding(id, agentOf('tool')), { authorization: TOOL })).statusCode).toBe(200);
      await official('E8001', PASSED, id);
      expect(await isLive(id)).toBe(true);
    });

    it('refuses statements from a credential named like the grader, which would pass for official', async () => {
      const forged = statement({ actor: agentOf('E8001'), verb: { id: PASSED } });
      const response = await post(forged, { authorization: basic('shixun-grader', 'forged-secret-0123456789') });
      expect(response.statusCode).toBe(403);
      expect(response.json().message).toMatch(/grader's name/);
      expect(await isLive(String(forged.id))).toBe(false);
    });

    describe('attachments', () => {
      const secret = Buffer.from(`E8002's incident report ${randomUUID()}`);
      const metadata = (content: Buffer, extra: Record<string, unknown> = {}) => ({
        usageType: 'https://shixun.test/attachments/evidence',
        display: { en: 'Evidence' },
        contentType: 'text/plain',
        length: content.length,
        sha2: sha256(content),
        ...extra,
      });
      const multipart = (json: unknown, content: Buffer) =>
        buildMultipart(
          [
            { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(json)) },
            {
              headers: {
                'Content-Type': 'text/plain',
                'Content-Transfer-Encoding': 'binary',
                'X-Experience-API-Hash': sha256(content),
              },
              body: content,
            },
          ],
          BOUNDARY,
        );
      const postMultipart = (json: unknown, content: Buffer, headers: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/xapi/statements',
          headers: { ...xapi, 'content-type': `multipart/mixed; boundary=${BOUNDARY}`, ...headers },
          payload: multipart(json, content),
        });

      beforeAll(async () => {
        const theirs = statement({ actor: agentOf('E8002'), attachments: [metadata(secret)] });
        expect((await postMultipart(theirs, secret, other)).statusCode).toBe(200);
      });

      it("refuses a learner reading another person's attachment through a statement that names its hash", async () => {
        const probe = statement({ actor: agentOf('E8001'), attachments: [metadata(secret, { fileUrl: 'https://x.test/a' })] });
        expect((await post(probe, learner)).statusCode).toBe(200);
        const single = await get({ statementId: String(probe.id), attachments: 'true' }, learner);
        expect(single.statusCode).toBe(403);
        expect(single.json().message).toMatch(/was not sent with a statement you may read/);
        expect(single.body).not.toContain(secret.toString());
        const query = await get(
          { agent: JSON.stringify({ account: { homePage: HOME, name: 'E8001' } }), attachments: 'true' },
          learner,
        );
        expect(query.statusCode).toBe(403);
        expect(query.body).not.toContain(secret.toString());
        // Without content the statement itself stays readable.
        expect((await get({ statementId: String(probe.id) }, learner)).statusCode).toBe(200);
      });

      it('serves a learner the attachment they sent, and a trainer those of the learners in their classes', async () => {
        const content = Buffer.from(`E8001's photo ${randomUUID()}`);
        const own = statement({ actor: agentOf('E8001'), attachments: [metadata(content)] });
        expect((await postMultipart(own, content, learner)).statusCode).toBe(200);
        const mine = await get({ statementId: String(own.id), attachments: 'true' }, learner);
        expect(mine.statusCode).toBe(200);
        expect(mine.body).toContain(content.toString());
        const theirs = { agent: JSON.stringify({ account: { homePage: HOME, name: 'E8002' } }), attachments: 'true' };
        const outside = await get(theirs, trainer);
        expect(outside.statusCode).toBe(403);
        expect(outside.body).not.toContain(secret.toString());
        expect((await get({ attachments: 'true', limit: '0' }, trainer)).statusCode).toBe(403);
        await enrol(app, trainer, other);
        const inClass = await get(theirs, trainer);
        expect(inClass.statusCode).toBe(200);
        expect(inClass.body).toContain(secret.toString());
      });
    });
  });
}
