// Strict statement validation over HTTP: hundreds of malformed statements, each breaking one
// rule, are refused with 400 and the path of the problem; valid variants are all accepted.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { malformedStatements, mutate } from './test-support/malformed-statements.ts';
import { learner, richStatement, statement, VERBS } from './test-support/statements.ts';
import { postStatements, startXapiApp } from './test-support/xapi-test-app.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';

const MALFORMED = malformedStatements();

/** Valid statements that exercise the permissive corners of the rules. */
function validVariants(): Array<[string, Record<string, unknown>]> {
  const base = richStatement();
  const definition = (extra: Record<string, unknown>) => ({
    id: 'https://shixun.test/q',
    definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', ...extra },
  });
  return [
    ['the rich statement', base],
    [
      'a minimal statement',
      { actor: { mbox: 'mailto:a@example.gov.cn' }, verb: { id: VERBS.completed }, object: { id: 'https://shixun.test/a' } },
    ],
    ['true-false', statement({ object: definition({ interactionType: 'true-false', correctResponsesPattern: ['true'] }) })],
    [
      'fill-in with case parameters',
      statement({
        object: definition({ interactionType: 'fill-in', correctResponsesPattern: ['{case_matters=false}个人信息'] }),
      }),
    ],
    [
      'long-fill-in',
      statement({ object: definition({ interactionType: 'long-fill-in', correctResponsesPattern: ['{lang=zh-CN}任何文本'] }) }),
    ],
    [
      'matching',
      statement({
        object: definition({
          interactionType: 'matching',
          source: [{ id: 'a' }, { id: 'b' }],
          target: [{ id: '1' }, { id: '2' }],
          correctResponsesPattern: ['a[.]1[,]b[.]2'],
        }),
      }),
    ],
    [
      'performance',
      statement({
        object: definition({
          interactionType: 'performance',
          steps: [{ id: 'lock' }],
          correctResponsesPattern: ['lock[.]1[:]3'],
        }),
      }),
    ],
    [
      'sequencing',
      statement({
        object: definition({
          interactionType: 'sequencing',
          choices: [{ id: 'a' }, { id: 'b' }],
          correctResponsesPattern: ['b[,]a'],
        }),
      }),
    ],
    [
      'likert',
      statement({
        object: definition({
          interactionType: 'likert',
          scale: [{ id: 'agree', description: { en: 'Agree' } }],
          correctResponsesPattern: ['agree'],
        }),
      }),
    ],
    [
      'numeric range',
      statement({ object: definition({ interactionType: 'numeric', correctResponsesPattern: ['4[:]', '1.5[:]2', '-3'] }) }),
    ],
    [
      'other',
      statement({ object: definition({ interactionType: 'other', correctResponsesPattern: ['(35.937432,-86.868896)'] }) }),
    ],
    [
      'choice with no correct choice',
      statement({ object: definition({ interactionType: 'choice', choices: [{ id: 'a' }], correctResponsesPattern: [''] }) }),
    ],
    [
      'anonymous group actor',
      statement({ actor: { objectType: 'Group', member: [learner('a'), { mbox_sha1sum: 'ab'.repeat(20) }] } }),
    ],
    ['identified group without members', statement({ actor: { objectType: 'Group', openid: 'https://id.example.com/g' } })],
    ['agent object', statement({ object: { objectType: 'Agent', account: { homePage: 'https://shixun.test/', name: 'E2' } } })],
    ['group object', statement({ object: { objectType: 'Group', mbox: 'mailto:g@example.gov.cn' } })],
    [
      'StatementRef object',
      statement({
        verb: { id: 'http://adlnet.gov/expapi/verbs/commented' },
        object: { objectType: 'StatementRef', id: randomUUID() },
      }),
    ],
    [
      'SubStatement object',
      statement({
        object: {
          objectType: 'SubStatement',
          actor: learner(),
          verb: { id: VERBS.completed },
          object: { id: 'https://shixun.test/a' },
          timestamp: '2026-05-01T00:00:00Z',
          context: { platform: 'VR' },
        },
      }),
    ],
    [
      'language tags of every shape',
      statement({
        verb: {
          id: VERBS.answered,
          display: {
            'zh-Hans-CN': '回答',
            'de-CH-1901': 'x',
            'x-private': 'x',
            'i-klingon': 'x',
            'sgn-BE-FR': 'x',
            'en-US-x-twain': 'x',
            'es-419': 'x',
            und: 'x',
          },
        },
      }),
    ],
    ['timestamps in several ISO 8601 forms', statement({ timestamp: '2026-05-01T09:30+08:00', result: { duration: 'P4W' } })],
    ['a compact zone offset', statement({ timestamp: '2026-05-01T09:30:00.123456+0800', result: { duration: 'PT0.5S' } })],
    ['scores without min and max', statement({ result: { score: { raw: -4, scaled: -1 }, duration: 'P1DT2H' } })],
    [
      'an attachment by fileUrl',
      statement({
        attachments: [
          {
            usageType: 'https://shixun.test/u',
            display: { en: 'x' },
            contentType: 'text/plain; charset=utf-8',
            length: 0,
            sha2: 'ab'.repeat(32),
            fileUrl: 'https://shixun.test/f',
          },
        ],
      }),
    ],
    [
      'extensions holding nulls and nesting',
      statement({ result: { extensions: { 'https://shixun.test/x': { a: [null, { b: null }] } } } }),
    ],
    ['version 1.0.3', statement({ version: '1.0.3' })],
    [
      'contextActivities as single objects',
      statement({ context: { contextActivities: { parent: { id: 'https://shixun.test/p' } } } }),
    ],
    ['an IRI with non-ASCII characters', statement({ object: { id: 'https://shixun.test/课程/数据安全' } })],
    ['an urn and a tag IRI', statement({ verb: { id: 'urn:x-shixun:verbs:ack' }, object: { id: 'tag:shixun.test,2026:q1' } })],
    ['upper-case UUIDs', { ...statement(), id: randomUUID().toUpperCase() }],
    [
      'an identified team with an empty member list',
      mutate({ ...base, id: randomUUID() }, ['context', 'team', 'member'], []) as Record<string, unknown>,
    ],
  ];
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI statement validation on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    beforeAll(async () => {
      lrs = await startXapiApp(variant);
    });
    afterAll(async () => {
      await lrs?.close();
    });

    it('has at least 200 distinct malformed statements to try', () => {
      expect(MALFORMED.length).toBeGreaterThanOrEqual(200);
      expect(new Set(MALFORMED.map((item) => item.name)).size).toBe(MALFORMED.length);
    });

    it.each(MALFORMED.map((item) => [item.name, item] as const))(
      'refuses %s with 400 and the path of the problem',
      async (_name, item) => {
        const res = await postStatements(lrs.app, item.statement);
        expect(res.statusCode, res.body).toBe(400);
        const body = res.json<{ error: string; message: string; issues: Array<{ path: string; message: string }> }>();
        expect(body.error).toBe('Bad Request');
        expect(body.message.length).toBeGreaterThan(10);
        const onPath = body.issues.some((issue) => issue.path.startsWith(item.path) || item.path.startsWith(issue.path));
        expect(onPath, `${item.path} not in ${JSON.stringify(body.issues)}`).toBe(true);
      },
    );

    it.each(validVariants())('accepts %s', async (_name, valid) => {
      const res = await postStatements(lrs.app, valid);
      expect(res.statusCode, res.body).toBe(200);
    });

    it('refuses bodies that are not statements', async () => {
      for (const body of ['a string', 42, null, true, [statement(), 'not a statement']]) {
        const res = await postStatements(lrs.app, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
    });

    it("reports every problem of a batch, with each statement's index", async () => {
      const res = await postStatements(lrs.app, [statement(), statement({ verb: { id: 'x' } }), statement({ actor: {} })]);
      expect(res.statusCode).toBe(400);
      const paths = res.json<{ issues: Array<{ path: string }> }>().issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['statements[1].verb.id', 'statements[2].actor']));
    });

    it('allows contextAgents and contextGroups only under xAPI 2.0', async () => {
      const s = statement({ context: { contextAgents: [{ objectType: 'contextAgent', agent: learner('x') }] } });
      const old = await postStatements(lrs.app, s, { 'x-experience-api-version': '1.0.3' });
      expect(old.statusCode).toBe(400);
      expect(old.json().message).toContain('statement.context.contextAgents');
      expect(old.headers['x-experience-api-version']).toBe('1.0.3');
      expect((await postStatements(lrs.app, s)).statusCode).toBe(200);
    });
  });
}
