// Forwarding to an external LRS, against a real second LRS on loopback (test-support/
// remote-lrs.ts): statements arrive once, survive the remote being down and the forwarder being
// restarted, honour Retry-After, and a statement the remote refuses becomes a dead letter —
// on every database.
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../db/test-databases.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { ForwardConfig } from './forward-config.ts';
import { ForwardQueue } from './forward-queue.ts';
import { Forwarder } from './forwarder.ts';
import { buildMultipart } from './multipart.ts';
import { xapiPlugin } from './plugin.ts';
import { prepareStatement } from './statement-prepare.ts';
import { StatementStore } from './statement-store.ts';
import { REMOTE_CREDENTIALS, RemoteLrs } from './test-support/remote-lrs.ts';
import { statement } from './test-support/statements.ts';
import { postStatements, xapiHeaders } from './test-support/xapi-test-app.ts';
import type { Statement } from './types.ts';

/** The credential xapiHeaders() sends (test-support/xapi-test-app.ts). */
const LOCAL_CREDENTIAL = { key: 'test-all', secret: 'secret-all-0123456789' };
const AUTHORITY = { objectType: 'Agent', name: 'test', account: { homePage: 'https://lrs.shixun.test/', name: 'test' } } as const;

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const variant of TEST_DATABASES) {
  // Generous timeouts: each test starts servers and waits on real retries, on shared 2-core machines.
  describe.skipIf(!variant.available)(`forwarding to an external LRS on ${variant.name}`, { timeout: 30_000 }, () => {
    let remote: RemoteLrs;
    let database: TestDatabase;
    let queue: ForwardQueue;
    const apps: FastifyInstance[] = [];
    const forwarders: Forwarder[] = [];

    /** Fast timings so that retries happen within a test. */
    function config(extra: Partial<ForwardConfig> = {}): ForwardConfig {
      return {
        url: remote.url,
        credentials: REMOTE_CREDENTIALS,
        batchSize: 10,
        baseDelayMs: 100,
        maxDelayMs: 400,
        pollMs: 100,
        leaseMs: 5_000,
        requestTimeoutMs: 3_000,
        ...extra,
      };
    }

    /** The local server: the xAPI plugin with forwarding on, over the suite's database. */
    async function startLocal(extra: Partial<ForwardConfig> = {}): Promise<FastifyInstance> {
      const app = Fastify({ logger: false });
      await app.register(xapiPlugin, {
        prefix: '/xapi',
        database,
        seedCredential: LOCAL_CREDENTIAL,
        authorityHomePage: 'https://lrs.shixun.test/',
        forward: config(extra),
      });
      await app.ready();
      apps.push(app);
      return app;
    }

    async function queueEmpty(): Promise<boolean> {
      const status = await queue.status();
      return status.pending === 0;
    }

    beforeAll(async () => {
      remote = await RemoteLrs.start();
      database = await variant.open();
      queue = new ForwardQueue(database);
    });
    afterEach(async () => {
      for (const forwarder of forwarders.splice(0)) await forwarder.stop();
      for (const app of apps.splice(0)) await app.close();
      remote.refuse.clear();
      remote.slowDown(0);
      await remote.up();
      await database.db.deleteFrom('xapi_forward_queue').execute();
    });
    afterAll(async () => {
      await remote?.close();
      await database?.dispose();
    });

    it('forwards every stored statement once, in batches, attachments included', async () => {
      const local = await startLocal();
      const singles = Array.from({ length: 12 }, () => statement());
      const batch = Array.from({ length: 15 }, () => statement());
      const answers = await Promise.all([...singles.map((s) => postStatements(local, s)), postStatements(local, batch)]);
      expect(answers.every((res) => res.statusCode === 200)).toBe(true);
      const content = Buffer.from('实训 evidence');
      const sha2 = createHash('sha256').update(content).digest('hex');
      const withAttachment = statement({
        attachments: [
          {
            usageType: 'https://shixun.test/attachments/evidence',
            display: { en: 'Evidence' },
            contentType: 'text/plain',
            length: content.length,
            sha2,
          },
        ],
      });
      const boundary = 'forward-test-boundary';
      const body = buildMultipart(
        [
          { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(withAttachment)) },
          {
            headers: { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': sha2 },
            body: content,
          },
        ],
        boundary,
      );
      const multipart = await local.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: xapiHeaders({ 'content-type': `multipart/mixed; boundary=${boundary}` }),
        payload: body,
      });
      expect(multipart.statusCode).toBe(200);

      const ids = [...singles, ...batch, withAttachment].map((s) => String(s.id));
      await waitFor('the queue is empty', queueEmpty);
      expect(new Set(await remote.storedIds())).toEqual(new Set(ids));
      for (const id of ids) expect(remote.acceptedCount(id)).toBe(1);
      expect(Math.max(...remote.receipts.map((receipt) => receipt.ids.length))).toBeLessThanOrEqual(10);
      // The remote got the statement as stored here (it sets its own stored and authority).
      const sent = await remote.find(String(batch[3]?.id));
      expect(sent).toMatchObject({ id: batch[3]?.id, actor: batch[3]?.actor, verb: batch[3]?.verb, object: batch[3]?.object });
      const attachmentReceipt = remote.receipts.find((receipt) => receipt.ids.includes(String(withAttachment.id)));
      expect(attachmentReceipt?.contentType).toMatch(/^multipart\/mixed/);
      const stored = await remote.database.db
        .selectFrom('xapi_attachments')
        .select('content')
        .where('sha2', '=', sha2)
        .executeTakeFirst();
      expect(Buffer.from(stored?.content ?? []).toString()).toBe('实训 evidence');
      expect(await queue.status()).toMatchObject({ pending: 0, dead: 0 });
    });

    it('keeps statements while the remote is down and delivers them once it is back', async () => {
      await remote.down();
      const local = await startLocal();
      const sent = Array.from({ length: 5 }, () => statement());
      expect((await postStatements(local, sent)).statusCode).toBe(200);
      await waitFor('a failed try is recorded', async () =>
        ((await queue.status()).lastError?.message ?? '').includes('cannot reach'),
      );
      const waiting = await queue.status();
      expect(waiting.pending).toBe(5);
      expect(waiting.lastError?.message).toMatch(/ECONNREFUSED/);
      await remote.up();
      await waitFor('the queue is empty', queueEmpty);
      for (const s of sent) expect(remote.acceptedCount(String(s.id))).toBe(1);
    });

    it('waits as long as a 429 Retry-After asks, and retries after 503', async () => {
      remote.failNext(1, 429, { 'retry-after': '1' });
      remote.failNext(2, 503);
      const local = await startLocal();
      const s = statement();
      const before = remote.receipts.length;
      expect((await postStatements(local, s)).statusCode).toBe(200);
      await waitFor('the queue is empty', queueEmpty);
      const tries = remote.receipts.slice(before);
      expect(tries.map((receipt) => receipt.status)).toEqual([429, 503, 503, 200]);
      expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
      expect(remote.acceptedCount(String(s.id))).toBe(1);
    });

    it('loses and repeats nothing when the server restarts mid-queue', async () => {
      remote.slowDown(40);
      const first = await startLocal({ batchSize: 5 });
      const sent = Array.from({ length: 40 }, () => statement());
      expect((await postStatements(first, sent)).statusCode).toBe(200);
      const ids = sent.map((s) => String(s.id));
      await waitFor('two batches arrived', () => ids.filter((id) => remote.acceptedCount(id) > 0).length >= 10);
      await first.close();
      apps.splice(apps.indexOf(first), 1);
      const left = (await queue.status()).pending;
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(40);
      await startLocal({ batchSize: 5 });
      await waitFor('the queue is empty', queueEmpty);
      for (const id of ids) expect(remote.acceptedCount(id)).toBe(1);
    });

    it('sends again what a forwarder that died mid-send had claimed, once its lease ran out', async () => {
      const store = new StatementStore(database, { forward: true });
      const sent = Array.from({ length: 4 }, () => statement());
      await store.store(
        sent.map((s) =>
          prepareStatement(s as unknown as Statement, {
            stored: new Date().toISOString(),
            authority: AUTHORITY,
            defaultVersion: '2.0.0',
          }),
        ),
        [],
      );
      // A forwarder claimed the rows for 600 ms and was killed before it could send them.
      const claimed = await queue.claim(10, 600);
      const claimedAt = Date.now();
      expect(claimed.map((item) => item.statementId).sort()).toEqual(sent.map((s) => String(s.id)).sort());
      forwarders.push(new Forwarder({ database, config: config() }));
      forwarders[0]!.start();
      await waitFor('the queue is empty', queueEmpty);
      const first = remote.receipts.find((receipt) => receipt.ids.includes(String(sent[0]?.id)));
      expect(first!.at - claimedAt).toBeGreaterThanOrEqual(550);
      for (const s of sent) expect(remote.acceptedCount(String(s.id))).toBe(1);
    });

    it('keeps a statement the remote refuses as a dead letter, and delivers the rest of its batch', async () => {
      const local = await startLocal();
      const sent = Array.from({ length: 8 }, () => statement());
      const refused = String(sent[5]?.id);
      remote.refuse.add(refused);
      expect((await postStatements(local, sent)).statusCode).toBe(200);
      await waitFor('only the dead letter is left', async () => {
        const status = await queue.status();
        return status.pending === 0 && status.dead === 1;
      });
      for (const s of sent) expect(remote.acceptedCount(String(s.id))).toBe(s.id === refused ? 0 : 1);
      const status = await queue.status();
      expect(status.deadLetters).toEqual([
        {
          statementId: refused,
          attempts: 1,
          reason: expect.stringContaining(`answered 400: statement ${refused} is not accepted`),
          at: expect.any(String),
        },
      ]);
      // Once the operator has fixed the remote, dead letters can be sent again.
      remote.refuse.clear();
      expect(await queue.requeueDead()).toBe(1);
      await waitFor('the queue is empty', async () => (await queue.status()).dead === 0 && (await queueEmpty()));
      expect(remote.acceptedCount(refused)).toBe(1);
    });

    it('counts a 409 (the remote holds that id already) as delivered', async () => {
      const taken = statement();
      const atRemote = await fetch(`${remote.url}/statements`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-experience-api-version': '2.0.0',
          authorization: `Basic ${Buffer.from(`${REMOTE_CREDENTIALS.key}:${REMOTE_CREDENTIALS.secret}`).toString('base64')}`,
        },
        body: JSON.stringify({ ...taken, result: { response: 'sent to the remote by someone else' } }),
      });
      expect(atRemote.status).toBe(200);
      const local = await startLocal();
      const others = [statement(), statement()];
      expect((await postStatements(local, [others[0], taken, others[1]])).statusCode).toBe(200);
      await waitFor('the queue is empty', queueEmpty);
      expect((await queue.status()).dead).toBe(0);
      for (const s of others) expect(remote.acceptedCount(String(s.id))).toBe(1);
      expect((await remote.find(String(taken.id)))?.result).toEqual({ response: 'sent to the remote by someone else' });
    });

    it('lets two forwarders share one queue without sending any statement twice', async () => {
      remote.slowDown(15);
      const store = new StatementStore(database, { forward: true });
      const sent = Array.from({ length: 60 }, () => statement());
      const prepared = sent.map((s) =>
        prepareStatement(s as unknown as Statement, {
          stored: new Date().toISOString(),
          authority: AUTHORITY,
          defaultVersion: '2.0.0',
        }),
      );
      await store.store(prepared, []);
      const before = remote.receipts.length;
      forwarders.push(
        new Forwarder({ database, config: config({ batchSize: 5 }) }),
        new Forwarder({ database, config: config({ batchSize: 5 }) }),
      );
      for (const forwarder of forwarders) forwarder.start();
      await waitFor('the queue is empty', queueEmpty);
      for (const s of sent) expect(remote.acceptedCount(String(s.id))).toBe(1);
      const posts = remote.receipts.slice(before);
      expect(posts.every((receipt) => receipt.status === 200)).toBe(true);
      expect(posts.reduce((sum, receipt) => sum + receipt.ids.length, 0)).toBe(60);
    });

    it('sends the ledger checkpoint with every batch when it is given one', async () => {
      const store = new StatementStore(database, { forward: true });
      const sent = Array.from({ length: 3 }, () => statement());
      await store.store(
        sent.map((s) =>
          prepareStatement(s as unknown as Statement, {
            stored: new Date().toISOString(),
            authority: AUTHORITY,
            defaultVersion: '2.0.0',
          }),
        ),
        [],
      );
      const note =
        'test.shixun/ledger\n7\nAAAA\ntimestamp 2026-06-01T00:00:00.000Z\nchain 00\n\n\u2014 test.shixun/ledger c2ln\n';
      const before = remote.receipts.length;
      forwarders.push(new Forwarder({ database, config: config(), ledgerCheckpoint: async () => ({ note }) }));
      for (const forwarder of forwarders) forwarder.start();
      await waitFor('the queue is empty', queueEmpty);
      const posts = remote.receipts.slice(before);
      expect(posts.length).toBeGreaterThan(0);
      expect(posts.every((receipt) => receipt.ledgerCheckpoint === note)).toBe(true);
    });

    it('queues nothing when forwarding is off', async () => {
      const app = Fastify({ logger: false });
      await app.register(xapiPlugin, {
        prefix: '/xapi',
        database,
        seedCredential: LOCAL_CREDENTIAL,
        authorityHomePage: 'https://lrs.shixun.test/',
      });
      apps.push(app);
      const s = statement();
      expect((await postStatements(app, s)).statusCode).toBe(200);
      const queued = await database.db
        .selectFrom('xapi_forward_queue')
        .select('statement_id')
        .where('statement_id', '=', String(s.id))
        .execute();
      expect(queued).toEqual([]);
    });
  });
}
