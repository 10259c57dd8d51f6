// Storing statements: single and batch POST, PUT, what the LRS sets, idempotent retries, 409 on
// changed content, all-or-nothing batches and concurrent retries of one id — on every database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { getStatements, HOME_PAGE, postStatements, startXapiApp, xapiHeaders } from './test-support/xapi-test-app.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';
import { learner, richStatement, statement, VERBS } from './test-support/statements.ts';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI statement writes on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    beforeAll(async () => {
      lrs = await startXapiApp(variant);
    });
    afterAll(async () => {
      await lrs?.close();
    });

    async function count(id: string): Promise<number> {
      const row = await lrs.database.db
        .selectFrom('xapi_statements')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    async function fetchOne(id: string): Promise<Record<string, unknown>> {
      const res = await getStatements(lrs.app, { statementId: id });
      expect(res.statusCode).toBe(200);
      return res.json();
    }

    it('stores one statement and answers with its id in an array', async () => {
      const s = statement();
      const res = await postStatements(lrs.app, s);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([s.id]);
      expect(res.headers['x-experience-api-version']).toBe('2.0.0');
      expect(await count(String(s.id))).toBe(1);
    });

    it('assigns an id, stored, timestamp, authority and version when the client leaves them out', async () => {
      const { id: _id, ...withoutId } = statement();
      const before = Date.now();
      const res = await postStatements(lrs.app, { ...withoutId, stored: '2001-01-01T00:00:00Z', authority: learner('forger') });
      expect(res.statusCode).toBe(200);
      const [id] = res.json<string[]>();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const stored = await fetchOne(String(id));
      expect(Date.parse(String(stored.stored))).toBeGreaterThanOrEqual(before - 5);
      expect(stored.timestamp).toBe(stored.stored);
      expect(stored.version).toBe('2.0.0');
      // The LRS vouches for the credential that sent it, not for what the client claimed.
      expect(stored.authority).toEqual({
        objectType: 'Agent',
        name: 'test-all',
        account: { homePage: HOME_PAGE, name: 'test-all' },
      });
    });

    it('keeps a rich statement exactly, with contextActivities as arrays', async () => {
      const s = richStatement();
      const context = s.context as Record<string, unknown>;
      context.contextActivities = { parent: { id: 'https://shixun.test/courses/data-security/scenes/intake' } };
      expect((await postStatements(lrs.app, s)).statusCode).toBe(200);
      const stored = await fetchOne(String(s.id));
      expect(stored.result).toEqual(s.result);
      expect(stored.object).toEqual(s.object);
      expect(stored.timestamp).toBe(s.timestamp);
      expect((stored.context as Record<string, unknown>).contextActivities).toEqual({
        parent: [{ id: 'https://shixun.test/courses/data-security/scenes/intake' }],
      });
    });

    it('stores a batch and answers with the ids in order', async () => {
      const batch = [statement(), statement(), statement()];
      const res = await postStatements(lrs.app, batch);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(batch.map((s) => s.id));
    });

    it('stores by PUT with statementId and answers 204', async () => {
      const { id: _id, ...s } = statement();
      const id = randomUUID();
      const res = await lrs.app.inject({
        method: 'PUT',
        url: `/xapi/statements?statementId=${id}`,
        headers: xapiHeaders({ 'content-type': 'application/json' }),
        payload: s,
      });
      expect(res.statusCode).toBe(204);
      expect((await fetchOne(id)).id).toBe(id);
    });

    it('refuses PUT without statementId, with an array, or with a contradicting id', async () => {
      const s = statement();
      const put = (url: string, payload: unknown) =>
        lrs.app.inject({
          method: 'PUT',
          url,
          headers: xapiHeaders({ 'content-type': 'application/json' }),
          payload: JSON.stringify(payload),
        });
      expect((await put('/xapi/statements', s)).statusCode).toBe(400);
      expect((await put(`/xapi/statements?statementId=${randomUUID()}`, [s])).statusCode).toBe(400);
      const contradicting = await put(`/xapi/statements?statementId=${randomUUID()}`, s);
      expect(contradicting.statusCode).toBe(400);
      expect(contradicting.json().message).toMatch(/differs from the statementId/);
      expect((await put('/xapi/statements?statementId=nope', s)).statusCode).toBe(400);
    });

    it('accepts the same id with the same content again and changes nothing', async () => {
      const s = richStatement();
      expect((await postStatements(lrs.app, s)).statusCode).toBe(200);
      const first = await fetchOne(String(s.id));
      // Same statement, serialized differently: property order, one-item contextActivities as an
      // object, group members reordered, other activity definition and verb display, the same
      // instant in another zone, upper-case UUIDs, and LRS-set properties.
      const context = s.context as Record<string, Record<string, unknown>>;
      const team = context.team as Record<string, unknown>;
      const again = {
        ...Object.fromEntries(Object.entries(s).reverse()),
        id: String(s.id).toUpperCase(),
        verb: { id: VERBS.answered, display: { en: 'replied' } },
        object: { objectType: 'Activity', id: (s.object as Record<string, unknown>).id },
        timestamp: '2026-05-01T01:30:00.250Z',
        stored: '2020-01-01T00:00:00Z',
        context: {
          ...context,
          registration: String(context.registration).toUpperCase(),
          team: { ...team, member: [...(team.member as unknown[])].reverse() },
          contextActivities: {
            ...context.contextActivities,
            parent: { id: 'https://shixun.test/courses/data-security/scenes/intake' },
          },
        },
      };
      const res = await postStatements(lrs.app, again);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([String(s.id)]);
      expect(await fetchOne(String(s.id))).toEqual(first);
      expect(await count(String(s.id))).toBe(1);
    });

    it('answers 409 when an id is reused with different content', async () => {
      const s = statement();
      expect((await postStatements(lrs.app, s)).statusCode).toBe(200);
      for (const changed of [
        { ...s, verb: { id: VERBS.completed } },
        { ...s, result: { success: true } },
        { ...s, timestamp: '2026-01-01T00:00:00Z', actor: learner('someone.else') },
      ]) {
        const res = await postStatements(lrs.app, changed);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ error: 'Conflict', message: expect.stringContaining(String(s.id)) });
      }
      const timed = statement({ timestamp: '2026-01-01T00:00:00Z' });
      expect((await postStatements(lrs.app, timed)).statusCode).toBe(200);
      expect((await postStatements(lrs.app, { ...timed, timestamp: '2026-01-01T00:00:01Z' })).statusCode).toBe(409);
    });

    it('stores a batch whole or not at all', async () => {
      const existing = statement();
      expect((await postStatements(lrs.app, existing)).statusCode).toBe(200);
      const fresh = [statement(), statement()];
      const conflicting = await postStatements(lrs.app, [...fresh, { ...existing, verb: { id: VERBS.completed } }]);
      expect(conflicting.statusCode).toBe(409);
      const invalid = await postStatements(lrs.app, [...fresh, { ...statement(), verb: { id: 'not an iri' } }]);
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().message).toContain('statements[2].verb.id');
      for (const s of fresh) expect(await count(String(s.id))).toBe(0);
      const retried = await postStatements(lrs.app, [...fresh, existing]);
      expect(retried.statusCode).toBe(200);
      for (const s of fresh) expect(await count(String(s.id))).toBe(1);
    });

    it('refuses a batch that holds one id twice, and an empty batch', async () => {
      const s = statement();
      const res = await postStatements(lrs.app, [s, { ...s }]);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/more than once/);
      expect(await count(String(s.id))).toBe(0);
      expect((await postStatements(lrs.app, [])).statusCode).toBe(400);
    });

    it('stores 20 concurrent retries of one statement exactly once', async () => {
      const s = richStatement();
      const answers = await Promise.all(Array.from({ length: 20 }, () => postStatements(lrs.app, s)));
      expect(answers.map((res) => res.statusCode)).toEqual(Array(20).fill(200));
      expect(await count(String(s.id))).toBe(1);
      const agentRows = await lrs.database.db
        .selectFrom('xapi_statement_agents')
        .select('agent_key')
        .where('statement_id', '=', String(s.id))
        .execute();
      expect(agentRows.length).toBeGreaterThan(0);
      expect(new Set(agentRows.map((row) => row.agent_key)).size).toBe(agentRows.length);
    });

    it('lets exactly one of 10 concurrent, different statements with one id win', async () => {
      const id = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => postStatements(lrs.app, statement({ id, result: { response: `answer ${i}` } }))),
      );
      const codes = answers.map((res) => res.statusCode).sort();
      expect(codes).toEqual([200, ...Array(9).fill(409)]);
      expect(await count(id)).toBe(1);
    });

    it('stores concurrent batches from many clients without losing or doubling any', async () => {
      const batches = Array.from({ length: 10 }, () => Array.from({ length: 10 }, () => statement()));
      const answers = await Promise.all(batches.map((batch) => postStatements(lrs.app, batch)));
      expect(answers.every((res) => res.statusCode === 200)).toBe(true);
      const ids = batches.flat().map((s) => String(s.id));
      const rows = await lrs.database.db.selectFrom('xapi_statements').select('id').where('id', 'in', ids).execute();
      expect(rows).toHaveLength(ids.length);
    });
  });
}
