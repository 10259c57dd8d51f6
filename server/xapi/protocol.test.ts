// The HTTP side of the xAPI resource: version header, about, Basic auth and scopes, content
// types, body limits, malformed bodies and unknown routes — always a 4xx with a reason, never a 500.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { hashSecret, verifySecret } from '../accounts/secrets.ts';
import { CredentialStore } from './credentials.ts';
import { statement } from './test-support/statements.ts';
import { AUTH, basic, getStatements, postStatements, startXapiApp, xapiHeaders } from './test-support/xapi-test-app.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI protocol on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    beforeAll(async () => {
      lrs = await startXapiApp(variant, { limits: { jsonBytes: 64 * 1024 } });
    });
    afterAll(async () => {
      await lrs?.close();
    });

    const send = (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
      url: string,
      headers: Record<string, string>,
      payload?: string | Buffer,
    ) => lrs.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

    it('serves about without credentials or version header', async () => {
      const res = await send('GET', '/xapi/about', {});
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ version: ['2.0.0', '1.0.3'] });
      expect(res.headers['x-experience-api-version']).toBe('2.0.0');
    });

    it('requires the X-Experience-API-Version header and a supported version', async () => {
      for (const version of [undefined, '0.95', '3.0.0', '2.1.0', 'latest']) {
        const headers: Record<string, string> = { authorization: AUTH.all };
        if (version !== undefined) headers['x-experience-api-version'] = version;
        const res = await send('GET', '/xapi/statements', headers);
        expect(res.statusCode, String(version)).toBe(400);
        expect(res.json().message).toMatch(/X-Experience-API-Version/);
        expect(res.headers['x-experience-api-version']).toBe('2.0.0');
      }
      for (const [version, answered] of [
        ['2.0.0', '2.0.0'],
        ['2.0.1', '2.0.0'],
        ['1.0.3', '1.0.3'],
        ['1.0', '1.0.3'],
        ['1.0.1', '1.0.3'],
      ]) {
        const res = await send('GET', '/xapi/statements', {
          authorization: AUTH.all,
          'x-experience-api-version': String(version),
        });
        expect(res.statusCode, version).toBe(200);
        expect(res.headers['x-experience-api-version']).toBe(answered);
      }
    });

    it('stores version 1.0.0 for a 1.0.3 client that sent no version', async () => {
      const s = statement();
      expect((await postStatements(lrs.app, s, { 'x-experience-api-version': '1.0.3' })).statusCode).toBe(200);
      expect((await getStatements(lrs.app, { statementId: String(s.id) })).json().version).toBe('1.0.0');
    });

    it('answers 401 without or with wrong credentials, and asks for Basic auth', async () => {
      for (const authorization of [
        undefined,
        'Bearer abc',
        basic('test-all', 'wrong-secret-000'),
        basic('nobody', 'secret-all-0123456789'),
        'Basic !!!',
        basic('test-all', ''),
      ]) {
        const headers: Record<string, string> = { 'x-experience-api-version': '2.0.0' };
        if (authorization !== undefined) headers.authorization = authorization;
        const res = await send('GET', '/xapi/statements', headers);
        expect(res.statusCode, authorization).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
        expect(res.json().error).toBe('Unauthorized');
      }
      expect(
        (await postStatements(lrs.app, statement(), { authorization: basic('test-write', 'nope-nope-nope') })).statusCode,
      ).toBe(401);
    });

    it('answers 403 when the credential lacks the scope', async () => {
      const s = statement();
      const readOnly = await postStatements(lrs.app, s, { authorization: AUTH.read });
      expect(readOnly.statusCode).toBe(403);
      expect(readOnly.json().message).toMatch(/statements\/write/);
      expect((await getStatements(lrs.app, { statementId: String(s.id) })).statusCode).toBe(404);
      expect((await postStatements(lrs.app, s, { authorization: AUTH.write })).statusCode).toBe(200);
      const writeOnly = await getStatements(lrs.app, {}, { authorization: AUTH.write });
      expect(writeOnly.statusCode).toBe(403);
      expect(writeOnly.json().message).toMatch(/statements\/read/);
      expect((await getStatements(lrs.app, { statementId: String(s.id) }, { authorization: AUTH.read })).statusCode).toBe(200);
    });

    it('keeps secrets only as scrypt hashes, and picks up a changed seed secret', async () => {
      const row = await lrs.database.db
        .selectFrom('xapi_credentials')
        .selectAll()
        .where('key', '=', 'test-all')
        .executeTakeFirstOrThrow();
      expect(row.secret_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(row.secret_hash).not.toContain('secret-all');
      expect(await verifySecret('secret-all-0123456789', row.secret_hash)).toBe(true);
      expect(await verifySecret('secret-all-012345678', row.secret_hash)).toBe(false);
      expect(await hashSecret('x-x-x-x-x-x-x')).not.toBe(await hashSecret('x-x-x-x-x-x-x'));
      const store = new CredentialStore(lrs.database.db);
      await store.save({ key: 'rotating', secret: 'first-secret-123', scopes: ['all'] });
      const headers = { authorization: basic('rotating', 'first-secret-123') };
      expect((await getStatements(lrs.app, {}, headers)).statusCode).toBe(200);
      await store.save({ key: 'rotating', secret: 'second-secret-123', scopes: ['all'] });
      expect((await getStatements(lrs.app, {}, headers)).statusCode).toBe(401);
      expect((await getStatements(lrs.app, {}, { authorization: basic('rotating', 'second-secret-123') })).statusCode).toBe(200);
      await expect(store.save({ key: 'short', secret: 'short', scopes: ['all'] })).rejects.toThrow(/at least 12/);
    });

    it('refuses malformed JSON, empty bodies and deep nesting with 400', async () => {
      const headers = xapiHeaders({ 'content-type': 'application/json' });
      const cases: Array<[string, RegExp]> = [
        ['{"actor": ', /not valid JSON/],
        ['', /empty/],
        ['   ', /empty/],
        [`${'['.repeat(200)}${']'.repeat(200)}`, /nested/],
        [
          JSON.stringify(
            statement({
              result: { extensions: { 'https://x.test/deep': JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`) } },
            }),
          ),
          /nested/,
        ],
      ];
      for (const [body, reason] of cases) {
        const res = await send('POST', '/xapi/statements', headers, body);
        expect(res.statusCode, body.slice(0, 20)).toBe(400);
        expect(res.json().message).toMatch(reason);
      }
    });

    it('refuses other content types with 415 and oversized JSON with 413', async () => {
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        // multipart/form-data is answered 400 (statements-defects.test.ts): the spec's error for that type.
        'application/xml',
      ]) {
        const res = await send('POST', '/xapi/statements', xapiHeaders({ 'content-type': type }), 'actor=x');
        expect(res.statusCode, type).toBe(415);
        expect(res.json().message).toMatch(/application\/json/);
      }
      const big = JSON.stringify(statement({ result: { response: 'x'.repeat(70 * 1024) } }));
      const res = await send('POST', '/xapi/statements', xapiHeaders({ 'content-type': 'application/json' }), big);
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ error: 'Payload Too Large', message: expect.stringMatching(/too large/) });
      const none = await send('POST', '/xapi/statements', xapiHeaders());
      expect(none.statusCode).toBe(400);
      expect(none.json().message).toMatch(/no body/);
    });

    it('refuses query parameters on POST', async () => {
      const res = await send(
        'POST',
        '/xapi/statements?method=PUT',
        xapiHeaders({ 'content-type': 'application/json' }),
        JSON.stringify(statement()),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/Unexpected parameter/);
    });

    it('answers unknown routes and methods with a JSON 404', async () => {
      for (const [method, url] of [
        ['GET', '/xapi/activities/unknown'],
        ['PATCH', '/xapi/activities/state'],
        ['DELETE', '/xapi/statements'],
        ['GET', '/xapi/'],
        ['POST', '/xapi/about'],
      ] as const) {
        const res = await send(method, url, xapiHeaders());
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json()).toMatchObject({ error: 'Not Found', message: expect.stringMatching(/No xAPI resource/) });
        expect(res.headers['x-experience-api-version']).toBe('2.0.0');
      }
    });
  });
}

describe('the xAPI resource in the assembled server', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-wired-'));
    await mkdir(path.join(dir, 'dist'));
    await writeFile(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>app</title>');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is mounted at /xapi beside the app, on a SQLite file under the data folder', async () => {
    const app = await buildServer({
      staticDir: path.join(dir, 'dist'),
      logger: false,
      database: { dataDir: path.join(dir, 'data') },
    });
    try {
      const about = await app.inject({ url: '/xapi/about' });
      expect(about.json()).toEqual({ version: ['2.0.0', '1.0.3'] });
      const unknown = await app.inject({ url: '/xapi/nothing', headers: { accept: 'text/html' } });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().message).toMatch(/No xAPI resource/);
      const statements = await app.inject({ url: '/xapi/statements', headers: { 'x-experience-api-version': '2.0.0' } });
      expect(statements.statusCode).toBe(401);
      const page = await app.inject({ url: '/some/page', headers: { accept: 'text/html' } });
      expect(page.body).toContain('<title>app</title>');
    } finally {
      await app.close();
    }
  });
});
