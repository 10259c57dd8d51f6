// Sign-in, sessions and the rules around them, on both databases: cookie attributes, CSRF,
// sign-out, sliding expiry, the bootstrap admin and the database-backed rate limit.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { issueCertificate } from '../xapi/test-support/self-signed-certificate.ts';
import { createAccounts } from './accounts.ts';
import { verifySecret } from './secrets.ts';
import {
  addUser,
  HOME_PAGE,
  login,
  me,
  postJson,
  sessionCookie,
  signedIn,
  startAccountsApp,
} from './test-support/accounts-test-app.ts';
import type { AccountsTestApp } from './test-support/accounts-test-app.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function pem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** POSTs JSON over HTTPS to a listening server, accepting its self-signed certificate. */
function httpsPost(port: number, path: string, body: unknown): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        rejectUnauthorized: false,
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, setCookie: response.headers['set-cookie'] ?? [] }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`sign-in and sessions on ${variant.name}`, () => {
    let t: AccountsTestApp;
    beforeAll(async () => {
      t = await startAccountsApp(variant, { policy: { loginFailuresPerSource: 60, loginFailuresPerAccount: 10 } });
      await addUser(t.database, 'E1001', 'learner-pass-1001');
      await addUser(t.database, 'E1002', 'learner-pass-1002');
      await addUser(t.database, 'trainer1', 'trainer-pass-0001', 'trainer');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('signs in with the right password: user, agent and a strict HttpOnly cookie, no Secure over http', async () => {
      const response = await login(t.app, 'E1001', 'learner-pass-1001');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        user: { username: 'E1001', name: 'Name of E1001', role: 'learner', employeeId: 'E1001', department: null, rank: null },
        agent: { objectType: 'Agent', name: 'Name of E1001', account: { homePage: HOME_PAGE, name: 'E1001' } },
      });
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/^shixun_session=[A-Za-z0-9_-]{43}; /);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).not.toContain('Secure');
      // A browser session: no Max-Age, the server ends it.
      expect(setCookie).not.toContain('Max-Age');

      const cookie = sessionCookie(response);
      const mine = await me(t.app, cookie);
      expect(mine.statusCode).toBe(200);
      expect(mine.json().user.username).toBe('E1001');
      // The database holds the token's hash, never the token.
      const token = cookie.split('=')[1] ?? '';
      const rows = await t.database.db.selectFrom('sessions').select(['id', 'kind']).execute();
      expect(rows.map((row) => row.id)).toContain(createHash('sha256').update(token).digest('hex'));
      expect(rows.map((row) => row.id)).not.toContain(token);
    });

    it('raises a cheaply hashed initial password to the full scrypt cost at the first sign-in', async () => {
      const row = await t.database.db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'E1001')
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(await verifySecret('learner-pass-1001', row.password_hash)).toBe(true);
    });

    it('refuses a wrong password and an unknown user with the same 401', async () => {
      for (const [username, password] of [
        ['E1002', 'wrong-password-1'],
        ['nobody', 'whatever-password'],
      ] as const) {
        const response = await login(t.app, username, password, '10.1.0.1');
        expect(response.statusCode).toBe(401);
        expect(response.json()).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'The username or password is wrong.',
        });
        expect(response.headers['set-cookie']).toBeUndefined();
      }
      expect((await me(t.app, 'shixun_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/v1/auth/me' })).json().message).toMatch(/Sign in first/);
    });

    it('attack: wrong passwords from anyone never lock the owner out (no hard account lock)', async () => {
      await addUser(t.database, 'E2001', 'learner-pass-2001');
      // Before: five wrong passwords from anywhere locked the employee id for 15 minutes.
      for (let i = 0; i < 9; i += 1)
        expect((await login(t.app, 'E2001', `wrong-${i}-password`, `10.2.0.${i}`)).statusCode).toBe(401);
      expect((await login(t.app, 'E2001', 'learner-pass-2001', '10.2.1.1')).statusCode).toBe(200);
      // Case and width do not make another account to guess at.
      expect((await login(t.app, 'e2001', 'wrong-again-password', '10.2.0.1')).statusCode).toBe(401);
    });

    it('attack: fifty wrong passwords from one NAT address do not lock out the training room', async () => {
      const room = Array.from({ length: 25 }, (_, i) => `E25${String(i).padStart(2, '0')}`);
      for (const username of room) await addUser(t.database, username, `pass-of-${username}-x`);
      for (const username of room)
        for (let i = 0; i < 2; i += 1)
          expect((await login(t.app, username, `mistyped-${i}-pass`, '10.25.0.1')).statusCode).toBe(401);
      for (const username of [room[0] ?? '', room[24] ?? ''])
        expect((await login(t.app, username, `pass-of-${username}-x`, '10.25.0.1')).statusCode).toBe(200);
      expect((await login(t.app, 'E1002', 'learner-pass-1002', '10.25.0.1')).statusCode).toBe(200);
    }, 120_000);

    it('throttles one source guessing at one account with growing waits (429 + Retry-After)', async () => {
      await addUser(t.database, 'E2003', 'learner-pass-2003');
      const guess = () => login(t.app, 'E2003', 'not-the-password', '10.6.0.1');
      for (let i = 0; i < 4; i += 1) expect((await guess()).statusCode).toBe(401);
      const first = await guess();
      expect(first.statusCode).toBe(429);
      expect(first.headers['retry-after']).toBe('2');
      expect(first.json().message).toMatch(/Too many wrong passwords.*2 seconds/);
      // Even the right password waits from this source; another source is not slowed.
      expect((await login(t.app, 'E2003', 'learner-pass-2003', '10.6.0.1')).statusCode).toBe(429);
      t.clock.advance(2000);
      expect((await guess()).statusCode).toBe(401);
      expect((await guess()).headers['retry-after']).toBe('4');
      t.clock.advance(4000);
      expect((await guess()).statusCode).toBe(401);
      expect((await guess()).headers['retry-after']).toBe('8');
      expect((await login(t.app, 'E2003', 'learner-pass-2003', '10.6.9.9')).statusCode).toBe(200);
      t.clock.advance(8000);
      expect((await login(t.app, 'E2003', 'learner-pass-2003', '10.6.0.1')).statusCode).toBe(200);
    });

    it('a soft per-account limit holds back sources that failed, never a source that has not', async () => {
      await addUser(t.database, 'E2004', 'learner-pass-2004');
      for (let i = 0; i < 10; i += 1)
        expect((await login(t.app, 'E2004', 'wrong-password-x', `10.7.0.${i}`)).statusCode).toBe(401);
      const held = await login(t.app, 'E2004', 'learner-pass-2004', '10.7.0.3');
      expect(held.statusCode).toBe(429);
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login(t.app, 'E2004', 'learner-pass-2004', '10.7.1.1')).statusCode).toBe(200);
      t.clock.advance(HOUR);
      expect((await login(t.app, 'E2004', 'learner-pass-2004', '10.7.0.3')).statusCode).toBe(200);
    });

    it('resets the account-and-source count on a successful sign-in', async () => {
      await addUser(t.database, 'E2002', 'learner-pass-2002');
      for (let i = 0; i < 3; i += 1) expect((await login(t.app, 'E2002', 'wrong-password', '10.3.0.1')).statusCode).toBe(401);
      expect((await login(t.app, 'E2002', 'learner-pass-2002', '10.3.0.1')).statusCode).toBe(200);
      for (let i = 0; i < 3; i += 1) expect((await login(t.app, 'E2002', 'wrong-password', '10.3.0.1')).statusCode).toBe(401);
      expect((await login(t.app, 'E2002', 'learner-pass-2002', '10.3.0.1')).statusCode).toBe(200);
    });

    it('limits failures per address across usernames (shared in the database)', async () => {
      for (let i = 0; i < 60; i += 1)
        expect((await login(t.app, `guess${i}`, 'wrong-password', '10.4.0.1')).statusCode).toBe(401);
      const limited = await login(t.app, 'E1002', 'learner-pass-1002', '10.4.0.1');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login(t.app, 'E1002', 'learner-pass-1002', '10.4.0.2')).statusCode).toBe(200);
      // A second server process on the same database sees the same count.
      const second = await createAccounts({
        database: t.database,
        homePage: HOME_PAGE,
        now: t.clock.now,
        policy: { loginFailuresPerSource: 60 },
      });
      const other = Fastify({ logger: false });
      await other.register(second.plugin, { prefix: '/api/v1' });
      expect((await login(other, 'E1002', 'learner-pass-1002', '10.4.0.1')).statusCode).toBe(429);
      await other.close();
      t.clock.advance(HOUR);
    }, 120_000);

    it('treats a cookie-authenticated unsafe request without x-shixun-csrf as signed out', async () => {
      const headers = await signedIn(t.app, 'E1001', 'learner-pass-1001');
      const withoutHeader = await postJson(
        t.app,
        '/api/v1/device/approve',
        { userCode: 'BCDF-2345' },
        { cookie: headers.cookie ?? '' },
      );
      expect(withoutHeader.statusCode).toBe(401);
      expect(withoutHeader.json().message).toMatch(/x-shixun-csrf/);
      const withHeader = await postJson(t.app, '/api/v1/device/approve', { userCode: 'BCDF-2345' }, headers);
      expect(withHeader.statusCode).toBe(404);
      // GET needs no header.
      expect((await me(t.app, headers.cookie ?? '')).statusCode).toBe(200);
    });

    it('signs out: the session stops working and the cookie is cleared; a cross-site sign-out is refused', async () => {
      const headers = await signedIn(t.app, 'E1001', 'learner-pass-1001');
      const cookie = headers.cookie ?? '';
      const crossSite = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
      expect(crossSite.statusCode).toBe(403);
      expect((await me(t.app, cookie)).statusCode).toBe(200);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^shixun_session=; .*Max-Age=0/);
      expect((await me(t.app, cookie)).statusCode).toBe(401);
      // Signing out without a session is harmless.
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    });

    it('slides a browser session for 12 hours after its last use, then ends it', async () => {
      const { cookie = '' } = await signedIn(t.app, 'trainer1', 'trainer-pass-0001');
      t.clock.advance(11 * HOUR);
      expect((await me(t.app, cookie)).statusCode).toBe(200);
      t.clock.advance(11 * HOUR);
      expect((await me(t.app, cookie)).statusCode).toBe(200);
      t.clock.advance(12 * HOUR + MINUTE);
      const expired = await me(t.app, cookie);
      expect(expired.statusCode).toBe(401);
    });

    it('ends the sessions of a disabled user and refuses their sign-in', async () => {
      await addUser(t.database, 'E3001', 'learner-pass-3001');
      const { cookie = '' } = await signedIn(t.app, 'E3001', 'learner-pass-3001');
      await t.database.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'E3001').execute();
      expect((await me(t.app, cookie)).statusCode).toBe(401);
      const refused = await login(t.app, 'E3001', 'learner-pass-3001');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().message).toMatch(/disabled/);
    });

    it('answers bad requests with 400, 413 and 415 and a reason', async () => {
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": ',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().message).toMatch(/not valid JSON/);
      const missing = await postJson(t.app, '/api/v1/auth/login', { username: 'E1001' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().message).toMatch(/password is required/);
      const extra = await postJson(t.app, '/api/v1/auth/login', { username: 'E1001', password: 'x', remember: true });
      expect(extra.json().message).toMatch(/Unknown field\(s\) remember/);
      const form = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'username=a&password=b',
      });
      expect(form.statusCode).toBe(415);
      expect(form.json()).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      const huge = await postJson(t.app, '/api/v1/auth/login', { username: 'E1001', password: 'x'.repeat(100_000) });
      expect(huge.statusCode).toBe(413);
    });
  });

  describe.skipIf(!variant.available)(`bootstrap admin on ${variant.name}`, () => {
    it('creates admin once from SHIXUN_ADMIN_PASSWORD and never overwrites it', async () => {
      const database = await variant.open();
      try {
        const none = await createAccounts({ database, homePage: HOME_PAGE });
        expect(none.admin).toBe('missing');
        await expect(createAccounts({ database, homePage: HOME_PAGE, adminPassword: 'short' })).rejects.toThrow(
          /at least 12 characters for an admin account/,
        );
        expect((await createAccounts({ database, homePage: HOME_PAGE, adminPassword: 'first-admin-password' })).admin).toBe(
          'created',
        );
        const again = await createAccounts({ database, homePage: HOME_PAGE, adminPassword: 'second-admin-password' });
        expect(again.admin).toBe('exists');
        const admins = await database.db.selectFrom('users').selectAll().where('role', '=', 'admin').execute();
        expect(admins).toHaveLength(1);
        expect(admins[0]?.username).toBe('admin');
        expect(await verifySecret('first-admin-password', admins[0]?.password_hash ?? '')).toBe(true);
        expect(await verifySecret('second-admin-password', admins[0]?.password_hash ?? '')).toBe(false);
      } finally {
        await database.dispose();
      }
    });
  });
}

describe('session cookie over TLS', () => {
  let database: TestDatabase;
  let app: FastifyInstance<HttpsServer>;
  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cert = pem(
      issueCertificate({ subject: 'localhost', subjectKey: publicKey, issuer: 'localhost', issuerKey: privateKey, serial: 1 }),
    );
    const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sqlite = TEST_DATABASES.find((item) => item.name === 'sqlite');
    if (sqlite === undefined) throw new Error('no SQLite variant');
    database = await sqlite.open();
    const accounts = await createAccounts({ database, homePage: HOME_PAGE });
    app = Fastify({ logger: false, https: { key, cert } });
    await app.register(accounts.plugin, { prefix: '/api/v1' });
    await addUser(database, 'E4001', 'learner-pass-4001');
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const { port } = app.server.address() as AddressInfo;
    const response = await httpsPost(port, '/api/v1/auth/login', { username: 'E4001', password: 'learner-pass-4001' });
    expect(response.status).toBe(200);
    const cookie = response.setCookie.find((item) => item.startsWith('shixun_session='));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });
});
