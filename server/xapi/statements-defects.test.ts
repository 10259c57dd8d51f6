// Regression tests for five statements defects, each named: SubStatement contextActivities stored as
// one object, Consistent-Through on every answer, weeks in durations, durations of signed
// statements compared to 0.01 s, and multipart/form-data — on every database.
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { buildMultipart } from './multipart.ts';
import { learner, SCENE, statement, VERBS } from './test-support/statements.ts';
import { getStatements, postStatements, startXapiApp, xapiHeaders } from './test-support/xapi-test-app.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';

const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';
const BOUNDARY = 'defects-boundary-42';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jws(payload: unknown, key: KeyObject): string {
  const input = `${b64url({ alg: 'RS256' })}.${b64url(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** `original` with a signature attachment over `payload`, as a multipart/mixed body. */
function signedBody(original: Record<string, unknown>, payload: unknown, key: KeyObject): Buffer {
  const token = Buffer.from(jws(payload, key));
  const withSignature = {
    ...original,
    attachments: [
      {
        usageType: SIGNATURE,
        display: { en: 'Signature' },
        contentType: 'application/octet-stream',
        length: token.length,
        sha2: sha256(token),
      },
    ],
  };
  return buildMultipart(
    [
      { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(withSignature)) },
      {
        headers: { 'Content-Type': 'application/octet-stream', 'X-Experience-API-Hash': sha256(token) },
        body: token,
      },
    ],
    BOUNDARY,
  );
}

/** A SubStatement whose context names each kind of context activity as one object, not a list. */
function subStatementWithSingleContext(): Record<string, unknown> {
  const one = (name: string) => ({ objectType: 'Activity', id: `${SCENE}/${name}` });
  return statement({
    object: {
      objectType: 'SubStatement',
      actor: learner('zhao.min'),
      verb: { id: VERBS.completed, display: { en: 'completed' } },
      object: { objectType: 'Activity', id: `${SCENE}/steps/q2` },
      context: {
        contextActivities: { parent: one('parent'), grouping: one('grouping'), category: one('category'), other: one('other') },
      },
    },
  });
}

const LISTS = ['parent', 'grouping', 'category', 'other'] as const;

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI statements defects on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    let key: KeyObject;
    beforeAll(async () => {
      lrs = await startXapiApp(variant);
      key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    });
    afterAll(async () => {
      await lrs?.close();
    });

    it('normalises a SubStatement’s single contextActivities objects to arrays on the way in', async () => {
      const s = subStatementWithSingleContext();
      expect((await postStatements(lrs.app, s)).statusCode).toBe(200);
      for (const format of ['exact', 'ids', 'canonical']) {
        const res = await getStatements(lrs.app, { statementId: String(s.id), format });
        expect(res.statusCode, format).toBe(200);
        const lists = res.json().object.context.contextActivities;
        for (const list of LISTS)
          expect(lists[list], `${format} ${list}`).toEqual([expect.objectContaining({ id: `${SCENE}/${list}` })]);
      }
      // Stored as arrays: the row itself holds lists.
      const row = await lrs.database.db
        .selectFrom('xapi_statements')
        .select('statement')
        .where('id', '=', String(s.id))
        .executeTakeFirstOrThrow();
      expect(Array.isArray(JSON.parse(row.statement).object.context.contextActivities.parent)).toBe(true);
    });

    it('still answers format=ids and canonical pages with 200 when an old row holds a single context activity', async () => {
      const id = randomUUID();
      const stored = new Date().toISOString();
      const old = {
        ...subStatementWithSingleContext(),
        id,
        stored,
        timestamp: stored,
        version: '2.0.0',
        authority: { objectType: 'Agent', account: { homePage: 'https://lrs.shixun.test/', name: 'test-all' } },
      };
      // As a row written before SubStatement contexts were normalised.
      await lrs.database.db
        .insertInto('xapi_statements')
        .values({
          id,
          statement: JSON.stringify(old),
          stored,
          verb_id: VERBS.answered,
          registration: null,
          target_id: null,
          is_voiding: 0,
          voided: 0,
          fingerprint: sha256(id),
          client_timestamp: null,
        })
        .execute();
      for (const format of ['ids', 'canonical', 'exact']) {
        const res = await getStatements(lrs.app, { format, limit: '10' });
        expect(res.statusCode, `${format}: ${res.body.slice(0, 200)}`).toBe(200);
        const found = (
          res.json().statements as Array<{ id: string; object: { context: { contextActivities: Record<string, unknown> } } }>
        ).find((item) => item.id === id);
        expect(found?.object.context.contextActivities.parent, format).toEqual([
          expect.objectContaining({ id: `${SCENE}/parent` }),
        ]);
        const single = await getStatements(lrs.app, { statementId: id, format });
        expect(single.statusCode, format).toBe(200);
      }
    });

    it('sends X-Experience-API-Consistent-Through on every statements answer, whatever the status', async () => {
      const cases: Array<[string, () => Promise<{ statusCode: number; headers: Record<string, unknown> }>, number]> = [
        ['200 query', () => getStatements(lrs.app), 200],
        ['404 unknown id', () => getStatements(lrs.app, { statementId: randomUUID() }), 404],
        ['400 bad parameter', () => getStatements(lrs.app, { verb: 'not an iri', nonsense: '1' }), 400],
        ['400 invalid statement', () => postStatements(lrs.app, { actor: learner() }), 400],
        [
          '400 no version header',
          () =>
            lrs.app.inject({
              method: 'GET',
              url: '/xapi/statements',
              headers: { authorization: xapiHeaders().authorization ?? '' },
            }),
          400,
        ],
        [
          '401 no credentials',
          () => lrs.app.inject({ method: 'GET', url: '/xapi/statements', headers: { 'x-experience-api-version': '2.0.0' } }),
          401,
        ],
        [
          '415 wrong content type',
          () =>
            lrs.app.inject({
              method: 'POST',
              url: '/xapi/statements',
              headers: xapiHeaders({ 'content-type': 'text/plain' }),
              payload: 'x',
            }),
          415,
        ],
      ];
      for (const [name, call, status] of cases) {
        const res = await call();
        expect(res.statusCode, name).toBe(status);
        const through = res.headers['x-experience-api-consistent-through'];
        expect(typeof through, name).toBe('string');
        expect(Number.isNaN(Date.parse(String(through))), name).toBe(false);
      }
    });

    it('refuses result.duration P4W1D: weeks combine with no other designator', async () => {
      for (const duration of ['P4W1D', 'P1Y2W', 'P2WT1H']) {
        const res = await postStatements(lrs.app, statement({ result: { duration } }));
        expect(res.statusCode, duration).toBe(400);
        expect(res.json().message, duration).toMatch(/result\.duration.*weeks only alone/);
      }
      for (const duration of ['P4W', 'P1Y2M3DT4H5M6.5S', 'PT0.01S']) {
        expect((await postStatements(lrs.app, statement({ result: { duration } }))).statusCode, duration).toBe(200);
      }
    });

    it('compares durations to 0.01 s when matching a signed statement with its JWS payload', async () => {
      const post = (body: Buffer) =>
        lrs.app.inject({
          method: 'POST',
          url: '/xapi/statements',
          headers: xapiHeaders({ 'content-type': `multipart/mixed; boundary=${BOUNDARY}` }),
          payload: body,
        });
      const sent = statement({ result: { duration: 'PT1M2.341S' } });
      // The payload has more digits than the statement; equal to the hundredth.
      const same = await post(signedBody(sent, { ...sent, result: { duration: 'PT1M2.3419S' } }, key));
      expect(same.statusCode, same.body).toBe(200);
      const other = statement({ result: { duration: 'PT1M2.34S' } });
      const differs = await post(signedBody(other, { ...other, result: { duration: 'PT1M2.35S' } }, key));
      expect(differs.statusCode).toBe(400);
      expect(differs.json().message).toMatch(/JWS payload does not match/);
    });

    it('answers 400, not 415, to statements with attachments sent as multipart/form-data', async () => {
      const s = statement();
      const res = await lrs.app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: xapiHeaders({ 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }),
        payload: buildMultipart(
          [{ headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(s)) }],
          BOUNDARY,
        ),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/multipart\/mixed, not multipart\/form-data/);
      expect((await getStatements(lrs.app, { statementId: String(s.id) })).statusCode).toBe(404);
    });
  });
}
