// Device-code sign-in, on both databases: the whole path from code to session, single use,
// expiry, slow_down and the per-address limit on new codes.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { addUser, me, postJson, sessionCookie, signedIn, startAccountsApp } from './test-support/accounts-test-app.ts';
import type { AccountsTestApp } from './test-support/accounts-test-app.ts';

const SECOND = 1000;
const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ2-9]{4}-[BCDFGHJKLMNPQRSTVWXZ2-9]{4}$/;

interface DeviceCode {
  deviceCode: string;
  userCode: string;
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`device-code sign-in on ${variant.name}`, () => {
    let t: AccountsTestApp;
    let approver: Record<string, string>;
    beforeAll(async () => {
      t = await startAccountsApp(variant);
      await addUser(t.database, 'E5001', 'learner-pass-5001', 'learner', '王芳');
    });
    // Each test moves the clock; a fresh browser session keeps the approver signed in.
    beforeEach(async () => {
      approver = await signedIn(t.app, 'E5001', 'learner-pass-5001');
    });
    afterAll(async () => {
      await t?.close();
    });

    let address = 0;
    /** A new code from a fresh address, so the per-address limit stays out of the way. */
    const newCode = async (): Promise<DeviceCode> => {
      address += 1;
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/device/code', remoteAddress: `10.9.0.${address}` });
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    const poll = (code: DeviceCode): Promise<LightMyRequestResponse> =>
      postJson(t.app, '/api/v1/device/token', { deviceCode: code.deviceCode });
    const approve = (userCode: string, headers = approver): Promise<LightMyRequestResponse> =>
      postJson(t.app, '/api/v1/device/approve', { userCode }, headers);

    it('issues a code with an unambiguous user code and where to enter it', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/device/code', remoteAddress: '10.8.0.1' });
      const body = response.json();
      expect(body).toEqual({
        deviceCode: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        userCode: expect.stringMatching(USER_CODE),
        verificationUri: '/device',
        verificationUriComplete: `/device?code=${body.userCode}`,
        expiresIn: 600,
        interval: 5,
      });
      expect(response.headers['cache-control']).toBe('no-store');
      const stored = await t.database.db.selectFrom('device_codes').select('device_code').execute();
      expect(stored.map((row) => row.device_code)).not.toContain(body.deviceCode);
    });

    it('goes pending → approved → a device session of the approver, once', async () => {
      const code = await newCode();
      const pending = await poll(code);
      expect(pending.statusCode).toBe(400);
      expect(pending.json()).toMatchObject({ statusCode: 400, error: 'authorization_pending' });

      // Typed by a person: lower case and without the dash is the same code.
      const approved = await approve(code.userCode.replace('-', ' ').toLowerCase());
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toEqual({ approved: true });

      t.clock.advance(5 * SECOND);
      const token = await poll(code);
      expect(token.statusCode).toBe(200);
      expect(token.json()).toMatchObject({ user: { username: 'E5001', name: '王芳' }, agent: { account: { name: 'E5001' } } });
      const setCookie = String(token.headers['set-cookie']);
      expect(setCookie).toContain(`Max-Age=${7 * 24 * 3600}`);
      expect(setCookie).toContain('HttpOnly');
      const mine = await me(t.app, sessionCookie(token));
      expect(mine.json().user.username).toBe('E5001');
      const session = await t.database.db.selectFrom('sessions').select('kind').where('kind', '=', 'device').execute();
      expect(session).toHaveLength(1);

      t.clock.advance(5 * SECOND);
      const again = await poll(code);
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ error: 'expired_token', message: expect.stringMatching(/already been used/) });
      const reapproved = await approve(code.userCode);
      expect(reapproved.statusCode).toBe(409);
    });

    it('ends a device session 7 days after sign-in, however much it is used', async () => {
      const code = await newCode();
      await approve(code.userCode);
      t.clock.advance(5 * SECOND);
      const cookie = sessionCookie(await poll(code));
      for (let day = 0; day < 6; day += 1) {
        t.clock.advance(24 * 3600 * SECOND);
        expect((await me(t.app, cookie)).statusCode).toBe(200);
      }
      t.clock.advance(24 * 3600 * SECOND);
      expect((await me(t.app, cookie)).statusCode).toBe(401);
    });

    it('expires a code after 10 minutes: approval 404, token expired_token', async () => {
      const code = await newCode();
      t.clock.advance(10 * 60 * SECOND + 1);
      const late = await approve(code.userCode);
      expect(late.statusCode).toBe(404);
      expect(late.json().message).toMatch(/expired/);
      const token = await poll(code);
      expect(token.json()).toMatchObject({ error: 'expired_token' });
    });

    it('answers slow_down to a device that polls faster than the interval', async () => {
      const code = await newCode();
      expect((await poll(code)).json().error).toBe('authorization_pending');
      t.clock.advance(2 * SECOND);
      const fast = await poll(code);
      expect(fast.statusCode).toBe(400);
      expect(fast.json()).toMatchObject({ error: 'slow_down', message: expect.stringMatching(/5 seconds/) });
      t.clock.advance(5 * SECOND);
      expect((await poll(code)).json().error).toBe('authorization_pending');
    });

    it('refuses unknown device codes and approvals without a session or for unknown codes', async () => {
      const unknown = await postJson(t.app, '/api/v1/device/token', { deviceCode: 'not-a-code' });
      expect(unknown.json()).toMatchObject({ statusCode: 400, error: 'expired_token' });
      const code = await newCode();
      const anonymous = await postJson(t.app, '/api/v1/device/approve', { userCode: code.userCode });
      expect(anonymous.statusCode).toBe(401);
      expect((await approve('BBBB-2222')).statusCode).toBe(404);
      const malformed = await approve('hello');
      expect(malformed.statusCode).toBe(404);
      expect(malformed.json().message).toMatch(/BCDF-2345/);
      expect((await postJson(t.app, '/api/v1/device/token', {})).statusCode).toBe(400);
    });

    it('limits new codes to 10 a minute per address, with Retry-After', async () => {
      const ask = () => t.app.inject({ method: 'POST', url: '/api/v1/device/code', remoteAddress: '10.7.0.1' });
      for (let i = 0; i < 10; i += 1) expect((await ask()).statusCode).toBe(200);
      const limited = await ask();
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBe(60);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/device/code', remoteAddress: '10.7.0.2' })).statusCode).toBe(
        200,
      );
      t.clock.advance(60 * SECOND);
      expect((await ask()).statusCode).toBe(200);
    });
  });
}
