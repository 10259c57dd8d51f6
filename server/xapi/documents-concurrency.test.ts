// ETag concurrency of the State, Activity Profile and Agent Profile resources on every database:
// If-Match / If-None-Match mismatches are 412 and change nothing, one of several writers holding
// one ETag wins, and PUT over an existing profile without either header is 409.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { callOf, documentAt, etagOf, json, RESOURCES, startDocumentsApp } from './test-support/document-resources.ts';
import type { Method } from './test-support/document-resources.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI document concurrency on ${variant.name}`, () => {
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
      });
    }
  });
}
