// The State, Activity Profile and Agent Profile resources on every database: each resource's happy
// path, binary round trips, JSON merge on POST, ids listings with since, deletes of one document
// and of all state of a registration, and HEAD.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import {
  ACTIVITY,
  AGENT,
  callOf,
  documentAt,
  etagOf,
  json,
  OTHER_AGENT,
  REGISTRATION,
  RESOURCES,
  startDocumentsApp,
} from './test-support/document-resources.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI document resources on ${variant.name}`, () => {
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
  });
}
