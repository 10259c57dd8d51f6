// Every refusal of the State, Activity Profile and Agent Profile resources on every database: each
// 400 with its reason, the version header, the scopes, and the document size limit (413).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { basic, xapiHeaders } from './test-support/xapi-test-app.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';
import {
  callOf,
  DOCUMENT_BYTES,
  documentAt,
  json,
  REGISTRATION,
  RESOURCES,
  SCOPED,
  startDocumentsApp,
} from './test-support/document-resources.ts';
import type { Method } from './test-support/document-resources.ts';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI document errors on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    beforeAll(async () => {
      lrs = await startDocumentsApp(variant);
    });
    afterAll(async () => {
      await lrs?.close();
    });
    const call = callOf(() => lrs);

    for (const resource of RESOURCES) {
      describe(resource.name, () => {
        const id = (name: string) => documentAt(resource, name);
        it('answers 400 with a reason for every malformed request', async () => {
          const base = resource.scope();
          const cases: Array<[string, Method, Record<string, string>, RegExp]> = [
            ['unknown parameter', 'GET', { ...base, nonsense: '1' }, /Unexpected parameter nonsense/],
            [
              'since with an id',
              'GET',
              { ...base, [resource.idParam]: 'x', since: '2026-01-01T00:00:00Z' },
              /since parameter goes only with GET/,
            ],
            [
              'since without a zone',
              'GET',
              { ...base, since: '2026-01-01T00:00:00' },
              /since parameter must be an ISO 8601 date-time with a time zone/,
            ],
            [
              'empty id',
              'GET',
              { ...base, [resource.idParam]: '' },
              new RegExp(`${resource.idParam} parameter must not be empty`),
            ],
            ['PUT without id', 'PUT', base, new RegExp(`needs the ${resource.idParam} parameter`)],
            ['POST without id', 'POST', base, new RegExp(`needs the ${resource.idParam} parameter`)],
          ];
          if (resource.name !== 'State')
            cases.push(['DELETE without id', 'DELETE', base, new RegExp(`needs the ${resource.idParam} parameter`)]);
          if ('activityId' in base) {
            cases.push([
              'no activityId',
              'GET',
              { ...base, activityId: undefined as unknown as string },
              /activityId parameter is required/,
            ]);
            cases.push([
              'relative activityId',
              'GET',
              { ...base, activityId: 'steps/q1' },
              /activityId parameter must be an absolute IRI/,
            ]);
          }
          if ('agent' in base) {
            cases.push(
              ['no agent', 'GET', { ...base, agent: undefined as unknown as string }, /agent parameter is required/],
              ['agent not JSON', 'GET', { ...base, agent: 'li.wei' }, /agent parameter is not JSON/],
              [
                'agent with two identifiers',
                'GET',
                { ...base, agent: JSON.stringify({ mbox: 'mailto:a@b.cn', openid: 'https://id.example/a' }) },
                /exactly one identifier/,
              ],
              [
                'agent without identifier',
                'GET',
                { ...base, agent: JSON.stringify({ name: 'Li Wei' }) },
                /exactly one identifier/,
              ],
              [
                'agent as a Group',
                'GET',
                { ...base, agent: JSON.stringify({ objectType: 'Group', mbox: 'mailto:team@b.cn' }) },
                /agent parameter is not a valid Agent/,
              ],
            );
          }
          if (resource.name === 'State') {
            cases.push([
              'registration not a UUID',
              'GET',
              { ...base, registration: 'reg-1' },
              /registration parameter must be a UUID/,
            ]);
          } else {
            cases.push([
              'registration on a profile',
              'GET',
              { ...base, registration: REGISTRATION },
              /Unexpected parameter registration/,
            ]);
          }
          for (const [name, method, query, reason] of cases) {
            const clean = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
            const res = await call(method, resource.path, clean, method === 'GET' || method === 'DELETE' ? {} : json({ a: 1 }));
            expect(res.statusCode, name).toBe(400);
            expect(res.json().message, name).toMatch(reason);
          }
          const repeated = await lrs.app.inject({
            method: 'GET',
            url: `${resource.path}?${new URLSearchParams(base).toString()}&${resource.idParam}=a&${resource.idParam}=b`,
            headers: xapiHeaders(),
          });
          expect(repeated.statusCode).toBe(400);
          expect(repeated.json().message).toMatch(/given more than once/);
        });

        it('requires the version header and the right scope, and refuses documents over the size limit', async () => {
          const noVersion = await lrs.app.inject({
            method: 'GET',
            url: resource.path,
            query: id('happy'),
            headers: { authorization: xapiHeaders().authorization ?? '' },
          });
          expect(noVersion.statusCode).toBe(400);
          expect(noVersion.json().message).toMatch(/X-Experience-API-Version header is missing/);
          const scope = resource.name === 'State' ? 'state' : 'profile';
          const right = SCOPED[scope];
          const wrong = SCOPED[scope === 'state' ? 'profile' : 'state'];
          const stored = await call('PUT', resource.path, id('scoped'), { ...json({ a: 1 }), headers: { authorization: right } });
          expect(stored.statusCode).toBe(204);
          expect((await call('GET', resource.path, id('scoped'), { headers: { authorization: right } })).json()).toEqual({
            a: 1,
          });
          for (const authorization of [
            wrong,
            basic('test-read', 'secret-read-0123456789'),
            basic('test-write', 'secret-write-0123456789'),
          ]) {
            for (const method of ['GET', 'PUT'] as const) {
              const res = await call(method, resource.path, id('scoped'), { ...json({ a: 2 }), headers: { authorization } });
              expect(res.statusCode, method).toBe(403);
              expect(res.json().message).toMatch(new RegExp(`lack the ${scope} scope`));
            }
          }
          const large = await call('PUT', resource.path, id('large'), {
            body: Buffer.alloc(DOCUMENT_BYTES + 1, 1),
            contentType: 'application/octet-stream',
          });
          expect(large.statusCode).toBe(413);
          expect(large.json().message).toMatch(new RegExp(`document at most ${DOCUMENT_BYTES} bytes`));
          expect((await call('GET', resource.path, id('large'))).statusCode).toBe(404);
        });
      });
    }
  });
}
