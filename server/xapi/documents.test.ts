// The State, Activity Profile and Agent Profile resources, GET activities and GET agents, on every
// database: each document resource's happy path, ids listings with since, deletes, JSON merge,
// binary round trips, ETag concurrency (412, and 409 for profiles), HEAD, and every 400 with its reason.
import { createHash, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { CredentialStore } from './credentials.ts';
import { SCENE, statement } from './test-support/statements.ts';
import { basic, postStatements, startXapiApp, xapiHeaders } from './test-support/xapi-test-app.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';

const ACTIVITY = `${SCENE}/steps/q1`;
const AGENT = JSON.stringify({ objectType: 'Agent', mbox: 'mailto:li.wei@example.gov.cn' });
const OTHER_AGENT = JSON.stringify({ mbox: 'mailto:zhao.min@example.gov.cn' });
const REGISTRATION = 'b3a2c8f1-4d5e-4f60-9a7b-1c2d3e4f5a6b';
const etagOf = (content: string | Buffer) => `"${createHash('sha1').update(content).digest('hex')}"`;

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/** One document resource: its path and the parameters that address a document there. */
interface Resource {
  readonly name: string;
  readonly path: string;
  readonly idParam: 'stateId' | 'profileId';
  readonly scope: (extra?: Record<string, string>) => Record<string, string>;
  /** PUT over an existing document without If-Match / If-None-Match is 409 (profiles), or allowed (state). */
  readonly putNeedsPrecondition: boolean;
}

const RESOURCES: readonly Resource[] = [
  {
    name: 'State',
    path: '/xapi/activities/state',
    idParam: 'stateId',
    scope: (extra = {}) => ({ activityId: ACTIVITY, agent: AGENT, ...extra }),
    putNeedsPrecondition: false,
  },
  {
    name: 'Activity Profile',
    path: '/xapi/activities/profile',
    idParam: 'profileId',
    scope: (extra = {}) => ({ activityId: ACTIVITY, ...extra }),
    putNeedsPrecondition: true,
  },
  {
    name: 'Agent Profile',
    path: '/xapi/agents/profile',
    idParam: 'profileId',
    scope: (extra = {}) => ({ agent: AGENT, ...extra }),
    putNeedsPrecondition: true,
  },
];

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI document resources on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    beforeAll(async () => {
      lrs = await startXapiApp(variant, { limits: { documentBytes: 4096 } });
      const credentials = new CredentialStore(lrs.database.db);
      await credentials.save({ key: 'test-state', secret: 'secret-state-0123456789', scopes: ['state'] });
      await credentials.save({ key: 'test-profile', secret: 'secret-profile-0123456789', scopes: ['profile'] });
      await credentials.save({ key: 'test-define', secret: 'secret-define-0123456789', scopes: ['define'] });
    });
    afterAll(async () => {
      await lrs?.close();
    });

    const call = (
      method: Method,
      path: string,
      query: Record<string, string>,
      options: { headers?: Record<string, string>; body?: string | Buffer; contentType?: string } = {},
    ): Promise<LightMyRequestResponse> =>
      lrs.app.inject({
        method,
        url: path,
        query,
        headers: xapiHeaders({
          ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
          ...options.headers,
        }),
        ...(options.body === undefined ? {} : { payload: options.body }),
      });

    for (const resource of RESOURCES) {
      describe(resource.name, () => {
        const id = (name: string) => resource.scope({ [resource.idParam]: name });
        const json = (value: unknown, headers: Record<string, string> = {}) => ({
          body: JSON.stringify(value),
          contentType: 'application/json',
          headers,
        });

        it('stores with PUT, answers GET with the content, its type and a quoted SHA-1 ETag, and HEAD without the body', async () => {
          const body = JSON.stringify({ bookmark: 'step-3', score: 4 });
          const put = await call('PUT', resource.path, id('happy'), json(JSON.parse(body), { 'if-none-match': '*' }));
          expect(put.statusCode, put.body).toBe(204);
          const got = await call('GET', resource.path, id('happy'));
          expect(got.statusCode).toBe(200);
          expect(got.body).toBe(body);
          expect(got.headers['content-type']).toBe('application/json');
          expect(got.headers.etag).toBe(etagOf(body));
          expect(Date.parse(String(got.headers['last-modified']))).not.toBeNaN();
          expect(got.headers['x-experience-api-version']).toBe('2.0.0');
          const head = await call('HEAD', resource.path, id('happy'));
          expect(head.statusCode).toBe(200);
          expect(head.body).toBe('');
          expect(head.headers.etag).toBe(etagOf(body));
          expect((await call('HEAD', resource.path, id('absent'))).statusCode).toBe(404);
          const missing = await call('GET', resource.path, id('absent'));
          expect(missing.statusCode).toBe(404);
          expect(missing.json().message).toMatch(/No .* document "absent"/);
        });

        it('round-trips a binary document with its content type', async () => {
          const content = Buffer.from([0, 255, 1, 254, 0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]);
          expect(
            (
              await call('PUT', resource.path, id('binary'), {
                body: content,
                contentType: 'image/png',
                headers: { 'if-none-match': '*' },
              })
            ).statusCode,
          ).toBe(204);
          const got = await call('GET', resource.path, id('binary'));
          expect(got.headers['content-type']).toBe('image/png');
          expect(got.rawPayload.equals(content)).toBe(true);
          expect(got.headers.etag).toBe(etagOf(content));
        });

        it('merges JSON objects on POST, creates with POST, and refuses to merge anything that is not a JSON object', async () => {
          expect((await call('POST', resource.path, id('merge'), json({ a: 1, b: { x: 1 } }))).statusCode).toBe(204);
          expect((await call('POST', resource.path, id('merge'), json({ b: { y: 2 }, c: 3 }))).statusCode).toBe(204);
          expect((await call('GET', resource.path, id('merge'))).json()).toEqual({ a: 1, b: { y: 2 }, c: 3 });
          const cases: Array<[string, { body: string | Buffer; contentType: string }, RegExp]> = [
            ['text body', { body: 'plain', contentType: 'text/plain' }, /posted document is text\/plain/],
            ['not JSON', { body: '{oops', contentType: 'application/json' }, /posted document is not valid JSON/],
            ['JSON array', { body: '[1]', contentType: 'application/json' }, /posted document is JSON but not an object/],
          ];
          for (const [name, body, reason] of cases) {
            const res = await call('POST', resource.path, id('merge'), body);
            expect(res.statusCode, name).toBe(400);
            expect(res.json().message, name).toMatch(reason);
          }
          await call('PUT', resource.path, id('binary-merge'), {
            body: Buffer.from([1, 2, 3]),
            contentType: 'application/octet-stream',
            headers: { 'if-none-match': '*' },
          });
          const onBinary = await call('POST', resource.path, id('binary-merge'), json({ a: 1 }));
          expect(onBinary.statusCode).toBe(400);
          expect(onBinary.json().message).toMatch(/stored document is application\/octet-stream/);
          expect((await call('GET', resource.path, id('merge'))).json()).toEqual({ a: 1, b: { y: 2 }, c: 3 });
        });

        it('answers If-Match and If-None-Match mismatches with 412 and changes nothing', async () => {
          const first = JSON.stringify({ v: 1 });
          expect(
            (
              await call('PUT', resource.path, id('etag'), {
                body: first,
                contentType: 'application/json',
                headers: { 'if-none-match': '*' },
              })
            ).statusCode,
          ).toBe(204);
          const stale = etagOf('something else');
          const cases: Array<[Method, Record<string, string>, RegExp]> = [
            ['PUT', { 'if-match': stale }, /If-Match does not name/],
            ['POST', { 'if-match': stale }, /If-Match does not name/],
            ['DELETE', { 'if-match': stale }, /If-Match does not name/],
            ['PUT', { 'if-none-match': '*' }, /If-None-Match: \* asks to create/],
            ['PUT', { 'if-none-match': etagOf(first) }, /If-None-Match names the document's current ETag/],
          ];
          for (const [method, headers, reason] of cases) {
            const res = await call(method, resource.path, id('etag'), json({ v: 2 }, headers));
            expect(res.statusCode, `${method} ${JSON.stringify(headers)}`).toBe(412);
            expect(res.json().message).toMatch(reason);
          }
          const onAbsent = await call('PUT', resource.path, id('etag-absent'), json({ v: 1 }, { 'if-match': '*' }));
          expect(onAbsent.statusCode).toBe(412);
          expect((await call('GET', resource.path, id('etag-absent'))).statusCode).toBe(404);
          expect((await call('GET', resource.path, id('etag'))).body).toBe(first);
          // The right ETag, quoted or not, and * all pass.
          expect((await call('PUT', resource.path, id('etag'), json({ v: 3 }, { 'if-match': etagOf(first) }))).statusCode).toBe(
            204,
          );
          expect(
            (
              await call(
                'PUT',
                resource.path,
                id('etag'),
                json({ v: 4 }, { 'if-match': etagOf(JSON.stringify({ v: 3 })).slice(1, -1) }),
              )
            ).statusCode,
          ).toBe(204);
          expect((await call('POST', resource.path, id('etag'), json({ w: 5 }, { 'if-match': '*' }))).statusCode).toBe(204);
          expect((await call('GET', resource.path, id('etag'))).json()).toEqual({ v: 4, w: 5 });
        });

        it('lets exactly one of two concurrent writers holding the same ETag win', async () => {
          const first = JSON.stringify({ v: 0 });
          expect(
            (
              await call('PUT', resource.path, id('race'), {
                body: first,
                contentType: 'application/json',
                headers: { 'if-none-match': '*' },
              })
            ).statusCode,
          ).toBe(204);
          const writers = await Promise.all(
            [1, 2, 3, 4].map((v) => call('PUT', resource.path, id('race'), json({ v }, { 'if-match': etagOf(first) }))),
          );
          const statuses = writers.map((res) => res.statusCode).sort();
          expect(statuses).toEqual([204, 412, 412, 412]);
          const winner = writers.findIndex((res) => res.statusCode === 204) + 1;
          expect((await call('GET', resource.path, id('race'))).json()).toEqual({ v: winner });
          // Two concurrent creators with If-None-Match: * — one creates, the other is told it exists.
          const creators = await Promise.all(
            [1, 2].map((v) =>
              call('PUT', resource.path, id(`create-race-${resource.idParam}`), json({ v }, { 'if-none-match': '*' })),
            ),
          );
          expect(creators.map((res) => res.statusCode).sort()).toEqual([204, 412]);
        });

        it(
          resource.putNeedsPrecondition
            ? 'answers 409 to PUT over an existing profile without If-Match or If-None-Match'
            : 'lets PUT replace an existing state document without If-Match or If-None-Match',
          async () => {
            expect((await call('PUT', resource.path, id('conflict'), json({ v: 1 }, { 'if-none-match': '*' }))).statusCode).toBe(
              204,
            );
            const res = await call('PUT', resource.path, id('conflict'), json({ v: 2 }));
            if (resource.putNeedsPrecondition) {
              expect(res.statusCode).toBe(409);
              expect(res.json().message).toMatch(/send If-Match/);
              expect((await call('GET', resource.path, id('conflict'))).json()).toEqual({ v: 1 });
            } else {
              expect(res.statusCode).toBe(204);
              expect((await call('GET', resource.path, id('conflict'))).json()).toEqual({ v: 2 });
            }
            // A new document needs neither header.
            expect((await call('PUT', resource.path, id(`fresh-${randomUUID()}`), json({ v: 1 }))).statusCode).toBe(204);
          },
        );

        it('lists ids, with since, and deletes one document', async () => {
          const scope = resource.scope({ ...(resource.name === 'State' ? {} : {}) });
          const isolated =
            resource.name === 'Agent Profile' ? { agent: OTHER_AGENT } : { activityId: `${ACTIVITY}/${randomUUID()}` };
          const where = { ...scope, ...isolated };
          const put = (name: string) => call('PUT', resource.path, { ...where, [resource.idParam]: name }, json({ name }));
          expect((await put('one')).statusCode).toBe(204);
          expect((await put('two')).statusCode).toBe(204);
          const listed = await call('GET', resource.path, where);
          expect(listed.statusCode).toBe(200);
          expect(listed.json()).toEqual(['one', 'two']);
          await new Promise((resolve) => setTimeout(resolve, 5));
          const since = new Date().toISOString();
          await new Promise((resolve) => setTimeout(resolve, 5));
          expect((await put('three')).statusCode).toBe(204);
          expect((await call('GET', resource.path, { ...where, since })).json()).toEqual(['three']);
          expect((await call('GET', resource.path, { ...where, since: since.replace('Z', '+08:00') })).json()).toEqual([
            'one',
            'three',
            'two',
          ]);
          expect((await call('DELETE', resource.path, { ...where, [resource.idParam]: 'two' })).statusCode).toBe(204);
          expect((await call('GET', resource.path, where)).json()).toEqual(['one', 'three']);
          // Deleting what is not there changes nothing and is not an error.
          expect((await call('DELETE', resource.path, { ...where, [resource.idParam]: 'two' })).statusCode).toBe(204);
        });

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
          const right = basic(`test-${scope}`, `secret-${scope}-0123456789`);
          const wrong = basic(
            scope === 'state' ? 'test-profile' : 'test-state',
            scope === 'state' ? 'secret-profile-0123456789' : 'secret-state-0123456789',
          );
          expect((await call('GET', resource.path, id('happy'), { headers: { authorization: right } })).statusCode).toBe(200);
          for (const authorization of [
            wrong,
            basic('test-read', 'secret-read-0123456789'),
            basic('test-write', 'secret-write-0123456789'),
          ]) {
            const res = await call('PUT', resource.path, id('scoped'), { ...json({ a: 1 }), headers: { authorization } });
            expect(res.statusCode).toBe(403);
            expect(res.json().message).toMatch(new RegExp(`lack the ${scope} scope`));
          }
          const large = await call('PUT', resource.path, id('large'), {
            body: Buffer.alloc(5000, 1),
            contentType: 'application/octet-stream',
          });
          expect(large.statusCode).toBe(413);
          expect(large.json().message).toMatch(/document at most 4096 bytes/);
          expect((await call('GET', resource.path, id('large'))).statusCode).toBe(404);
        });
      });
    }

    describe('State registrations', () => {
      const path = '/xapi/activities/state';
      const activityId = `${ACTIVITY}/registrations`;
      const at = (extra: Record<string, string>) => ({ activityId, agent: AGENT, ...extra });
      const put = (extra: Record<string, string>, value: unknown) =>
        call('PUT', path, at(extra), { body: JSON.stringify(value), contentType: 'application/json' });

      it('keeps a registration’s state apart, and deletes all state of a registration or of the activity', async () => {
        const other = randomUUID();
        expect((await put({ stateId: 'resume', registration: REGISTRATION }, { r: 1 })).statusCode).toBe(204);
        expect((await put({ stateId: 'progress', registration: REGISTRATION.toUpperCase() }, { r: 2 })).statusCode).toBe(204);
        expect((await put({ stateId: 'resume', registration: other }, { r: 3 })).statusCode).toBe(204);
        expect((await put({ stateId: 'resume' }, { r: 4 })).statusCode).toBe(204);
        expect((await call('GET', path, at({ stateId: 'resume', registration: REGISTRATION }))).json()).toEqual({ r: 1 });
        expect((await call('GET', path, at({ stateId: 'resume' }))).json()).toEqual({ r: 4 });
        expect((await call('GET', path, at({ registration: REGISTRATION }))).json()).toEqual(['progress', 'resume']);
        // The same activity for another agent is someone else's state.
        expect((await call('GET', path, { activityId, agent: OTHER_AGENT })).json()).toEqual([]);

        expect((await call('DELETE', path, at({ registration: REGISTRATION }))).statusCode).toBe(204);
        expect((await call('GET', path, at({ registration: REGISTRATION }))).json()).toEqual([]);
        expect((await call('GET', path, at({ stateId: 'resume', registration: other }))).json()).toEqual({ r: 3 });
        expect((await call('GET', path, at({ stateId: 'resume' }))).json()).toEqual({ r: 4 });

        expect((await call('DELETE', path, at({}))).statusCode).toBe(204);
        expect((await call('GET', path, at({ stateId: 'resume', registration: other }))).statusCode).toBe(404);
        expect((await call('GET', path, at({ stateId: 'resume' }))).statusCode).toBe(404);
      });
    });

    describe('GET activities and GET agents', () => {
      it('merges the definitions of every stored statement naming the activity, one language when asked', async () => {
        const activityId = `${SCENE}/steps/${randomUUID()}`;
        const withDefinition = (definition: Record<string, unknown>) =>
          statement({ object: { objectType: 'Activity', id: activityId, definition } });
        expect(
          (
            await postStatements(
              lrs.app,
              withDefinition({
                name: { en: 'Old name', 'zh-CN': '分类' },
                type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
              }),
            )
          ).statusCode,
        ).toBe(200);
        expect(
          (
            await postStatements(
              lrs.app,
              withDefinition({ name: { en: 'Classify the data' }, description: { en: 'Pick the fields.' } }),
            )
          ).statusCode,
        ).toBe(200);
        const res = await call('GET', '/xapi/activities', { activityId });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({
          objectType: 'Activity',
          id: activityId,
          definition: {
            name: { en: 'Classify the data', 'zh-CN': '分类' },
            description: { en: 'Pick the fields.' },
            type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
          },
        });
        const chinese = await call('GET', '/xapi/activities', { activityId }, { headers: { 'accept-language': 'zh-CN' } });
        expect(chinese.json().definition.name).toEqual({ 'zh-CN': '分类' });
        const unknown = await call('GET', '/xapi/activities', { activityId: `${SCENE}/never-used` });
        expect(unknown.statusCode).toBe(200);
        expect(unknown.json()).toEqual({ objectType: 'Activity', id: `${SCENE}/never-used` });
        expect((await call('HEAD', '/xapi/activities', { activityId })).body).toBe('');
        const defineOnly = await call(
          'GET',
          '/xapi/activities',
          { activityId },
          { headers: { authorization: basic('test-define', 'secret-define-0123456789') } },
        );
        expect(defineOnly.statusCode).toBe(200);
        for (const [query, reason] of [
          [{}, /activityId parameter is required/],
          [{ activityId: 'relative' }, /absolute IRI/],
          [{ activityId, agent: AGENT }, /Unexpected parameter agent/],
        ] as const) {
          const bad = await call('GET', '/xapi/activities', query);
          expect(bad.statusCode).toBe(400);
          expect(bad.json().message).toMatch(reason);
        }
      });

      it('answers the Person object of an agent, with the names statements gave it', async () => {
        const mbox = `mailto:${randomUUID()}@example.gov.cn`;
        expect((await postStatements(lrs.app, statement({ actor: { mbox, name: '李伟' } }))).statusCode).toBe(200);
        expect((await postStatements(lrs.app, statement({ actor: { mbox, name: 'Li Wei' } }))).statusCode).toBe(200);
        const res = await call('GET', '/xapi/agents', { agent: JSON.stringify({ mbox }) });
        expect(res.statusCode).toBe(200);
        const person = res.json();
        expect(person.objectType).toBe('Person');
        expect(person.mbox).toEqual([mbox]);
        expect([...person.name].sort()).toEqual(['Li Wei', '李伟']);
        const stranger = await call('GET', '/xapi/agents', {
          agent: JSON.stringify({ account: { homePage: 'https://hr.example.cn/', name: 'E1' } }),
        });
        expect(stranger.json()).toEqual({ objectType: 'Person', account: [{ homePage: 'https://hr.example.cn/', name: 'E1' }] });
        const bad = await call('GET', '/xapi/agents', { agent: JSON.stringify({ mbox: 'li.wei@example.cn' }) });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().message).toMatch(/agent parameter is not a valid Agent: agent.mbox/);
      });
    });
  });
}
