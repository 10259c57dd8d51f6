// Single sign-on against a real OpenID provider (oidc-provider on loopback) on both databases: the
// whole authorization code flow with PKCE through the provider's login page, the session it starts
// (device-code approval included), claim changes at the next sign-in, a person the mapping refuses,
// a forged or replayed state, RP-initiated logout, and learners' local passwords switched off.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOidcProvider } from '../../e2e/fixtures/oidc-provider.ts';
import type { TestOidcProvider } from '../../e2e/fixtures/oidc-provider.ts';
import { login, sessionCookie, signedIn } from '../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { miniCoursesDir } from '../grading/test-support/grading-test-app.ts';

const HOME = 'https://shixun.test/';
const CALLBACK = `${HOME}api/v1/auth/oidc/unified-id/callback`;
const ADMIN_PASSWORD = 'sso-admin-password-1';

/** The cookies a response set, name → value. */
function setCookies(header: string | string[] | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const item of Array.isArray(header) ? header : header === undefined ? [] : [header]) {
    const pair = item.split(';')[0] ?? '';
    const equals = pair.indexOf('=');
    cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
  }
  return cookies;
}

/**
 * A browser at the provider: follows its redirects with its cookies, signs in on its login page,
 * and stops at the redirect back to the app's callback, which it returns.
 */
async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  password: string,
): Promise<{ callback: string; loginPage: string }> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  let url = authorizationUrl;
  let method = 'GET';
  let body: string | undefined;
  let loginPage = '';
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.startsWith(HOME)) return { callback: url, loginPage };
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(body === undefined ? {} : { body }),
    });
    for (const [name, value] of setCookies(response.headers.getSetCookie())) jar.set(name, value);
    const location = response.headers.get('location');
    if (location !== null) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (action === undefined || body !== undefined) return { callback: '', loginPage: html };
    loginPage = html;
    url = new URL(action, url).href;
    method = 'POST';
    body = new URLSearchParams({ login, password }).toString();
  }
  throw new Error('Too many redirects at the provider.');
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`single sign-on through OpenID Connect on ${variant.name}`, () => {
    let provider: TestOidcProvider;
    let database: TestDatabase;
    let app: FastifyInstance;
    let dirs: string[];
    let courses: { dir: string; remove: () => void };

    beforeAll(async () => {
      provider = await startTestOidcProvider({
        clientId: 'shixun',
        clientSecret: 'shixun-client-secret',
        redirectUris: [CALLBACK],
        postLogoutRedirectUris: [HOME],
        people: [
          {
            username: 'wang',
            password: 'wang-pass',
            claims: { name: 'Wang Fang', employee_id: 'E5001', department: 'Ops', rank: '科员', cleared: true },
          },
          { username: 'li', password: 'li-pass', claims: { name: 'Li Lei', employee_id: 'E5002', cleared: false } },
          {
            username: 'zhao',
            password: 'zhao-pass',
            claims: { name: 'Zhao Min', employee_id: 'E5003', rank: 'Marshal', cleared: true },
          },
          {
            username: 'boss',
            password: 'boss-pass',
            claims: { name: 'Chief', employee_id: 'E5009', groups: ['training-admins'], cleared: true },
          },
        ],
      });
      const staticDir = await mkdtemp(path.join(tmpdir(), 'shixun-sso-'));
      const keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-sso-key-'));
      dirs = [staticDir, keyDir];
      await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Shixun</title>');
      courses = miniCoursesDir();
      database = await variant.open();
      app = await buildServer({
        apiOnly: true,
        logger: false,
        database,
        coursesDir: courses.dir,
        ledgerKeyDir: keyDir,
        identityFile: path.join(staticDir, 'no-identity.yaml'),
        env: {
          SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD,
          SHIXUN_PUBLIC_URL: HOME,
          RETENTION_SWEEP_HOURS: '0',
          SHIXUN_OIDC_PROVIDER_ID: 'unified-id',
          SHIXUN_OIDC_ISSUER: provider.issuer,
          SHIXUN_OIDC_CLIENT_ID: 'shixun',
          SHIXUN_OIDC_CLIENT_SECRET: 'shixun-client-secret',
          SHIXUN_OIDC_NAME_ZH: '统一身份认证',
          SHIXUN_OIDC_NAME_EN: 'Unified ID',
          SHIXUN_OIDC_CLAIM_DEPARTMENT: 'department',
          SHIXUN_OIDC_CLAIM_RANK: 'rank',
          SHIXUN_OIDC_CLAIM_GROUPS: 'groups',
          SHIXUN_OIDC_ROLE_ADMIN_GROUPS: 'training-admins',
          SHIXUN_OIDC_REQUIRE_CLAIM: 'cleared',
        },
      });
      await app.ready();
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      await provider?.close();
      courses?.remove();
      for (const dir of dirs ?? []) await rm(dir, { recursive: true, force: true });
    });

    /** Starts at the app, signs in at the provider, and hands the provider's answer to the app's callback. */
    async function sso(username: string, password: string, next = '/device'): Promise<LightMyRequestResponse> {
      const start = await app.inject({ url: `/api/v1/auth/oidc/unified-id/start?next=${encodeURIComponent(next)}` });
      expect(start.statusCode).toBe(302);
      const browser = setCookies(start.headers['set-cookie']).get('shixun_oidc') ?? '';
      const authorization = new URL(start.headers.location as string);
      expect(authorization.origin).toBe(provider.issuer);
      expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorization.searchParams.get('redirect_uri')).toBe(CALLBACK);
      const { callback } = await signInAtProvider(authorization.href, username, password);
      expect(callback).not.toBe('');
      const back = new URL(callback);
      return app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: `shixun_oidc=${browser}` } });
    }
    const whoIs = async (cookie: string) => (await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).json().user;
    const userRow = (username: string) =>
      database.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();

    it('lists the provider for the sign-in page', async () => {
      const answer = await app.inject({ url: '/api/v1/auth/providers' });
      expect(answer.json()).toEqual({
        providers: [{ id: 'unified-id', displayName: { 'zh-CN': '统一身份认证', en: 'Unified ID' } }],
        learnerPasswords: true,
      });
    });

    it('signs a new person in through the provider: the account is made from the claims and the session works', async () => {
      const back = await sso('wang', 'wang-pass');
      expect(back.statusCode).toBe(302);
      expect(back.headers.location).toBe('/device');
      const cookie = sessionCookie(back);
      expect(await whoIs(cookie)).toMatchObject({
        username: 'E5001',
        name: 'Wang Fang',
        department: 'Ops',
        rank: '科员',
        role: 'learner',
      });
      // A headset's device code is approved with the single sign-on session.
      const code = (await app.inject({ method: 'POST', url: '/api/v1/device/code' })).json();
      const approve = await app.inject({
        method: 'POST',
        url: '/api/v1/device/approve',
        headers: { cookie, 'x-shixun-csrf': '1', 'content-type': 'application/json' },
        payload: { userCode: code.userCode },
      });
      expect(approve.statusCode).toBe(200);
      const token = await app.inject({
        method: 'POST',
        url: '/api/v1/device/token',
        headers: { 'content-type': 'application/json' },
        payload: { deviceCode: code.deviceCode },
      });
      expect(token.statusCode).toBe(200);
      expect(token.json().user.username).toBe('E5001');
    });

    it('applies a changed department at the next sign-in and records it in the audit log', async () => {
      (provider.people.get('wang') as { claims: Record<string, unknown> }).claims.department = 'Logistics';
      const back = await sso('wang', 'wang-pass');
      expect(back.statusCode).toBe(302);
      expect((await userRow('E5001'))?.department).toBe('Logistics');
      const audit = await database.db
        .selectFrom('admin_audit')
        .selectAll()
        .where('target', '=', 'E5001')
        .where('action', '=', 'user.update')
        .execute();
      expect(audit).toMatchObject([
        { actor_username: 'oidc:unified-id', detail: 'from unified-id: department: Ops → Logistics' },
      ]);
    });

    it('gives the admin role from a group claim', async () => {
      const back = await sso('boss', 'boss-pass');
      expect((await whoIs(sessionCookie(back))).role).toBe('admin');
    });

    it('refuses a person the mapping does not clear, and one with an unknown rank, with a reason and no account', async () => {
      const notCleared = await sso('li', 'li-pass', '/?page=catalog');
      expect(notCleared.statusCode).toBe(302);
      expect(notCleared.headers.location).toBe(`/?page=sign-in&sso=not-allowed&next=${encodeURIComponent('/?page=catalog')}`);
      expect(notCleared.headers['set-cookie']?.toString()).not.toMatch(/shixun_session=[^;]/);
      expect(await userRow('E5002')).toBeUndefined();
      // The language chosen before the sign-in comes back with the reason.
      const unknownRank = await sso('zhao', 'zhao-pass', '/?lang=en');
      expect(unknownRank.headers.location).toBe(
        `/?page=sign-in&sso=unknown-rank&lang=en&next=${encodeURIComponent('/?lang=en')}`,
      );
      expect(await userRow('E5003')).toBeUndefined();
    });

    it('keeps a wrong password at the provider: no answer reaches the app', async () => {
      const start = await app.inject({ url: '/api/v1/auth/oidc/unified-id/start' });
      const before = provider.wrongPasswords();
      const { callback, loginPage } = await signInAtProvider(start.headers.location as string, 'wang', 'not-the-password');
      expect(callback).toBe('');
      expect(loginPage).toContain('Wrong account or password.');
      expect(provider.wrongPasswords()).toBe(before + 1);
    });

    it('attack: refuses an answer without the browser cookie of its start, and a replayed answer', async () => {
      const start = await app.inject({ url: '/api/v1/auth/oidc/unified-id/start' });
      const browser = setCookies(start.headers['set-cookie']).get('shixun_oidc') ?? '';
      const { callback } = await signInAtProvider(start.headers.location as string, 'wang', 'wang-pass');
      const back = new URL(callback);
      // Login CSRF: the attacker's own answer handed to a victim's browser, which has no matching cookie.
      const forged = await app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: 'shixun_oidc=victim' } });
      expect(forged.headers.location).toBe('/?page=sign-in&sso=expired');
      // The state was used up by that try: the right browser cannot replay it either.
      const replay = await app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: `shixun_oidc=${browser}` } });
      expect(replay.headers.location).toBe('/?page=sign-in&sso=expired');
      expect(replay.headers['set-cookie']?.toString()).not.toMatch(/shixun_session=[^;]/);
    });

    it('answers 404 for an unknown provider and sends a cancelled sign-in back with a reason', async () => {
      const unknown = await app.inject({ url: '/api/v1/auth/oidc/nobody/start' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().message).toMatch(/No sign-in provider "nobody"/);
      const start = await app.inject({ url: '/api/v1/auth/oidc/unified-id/start' });
      const browser = setCookies(start.headers['set-cookie']).get('shixun_oidc') ?? '';
      const state = new URL(start.headers.location as string).searchParams.get('state') ?? '';
      const denied = await app.inject({
        url: `/api/v1/auth/oidc/unified-id/callback?error=access_denied&state=${state}`,
        headers: { cookie: `shixun_oidc=${browser}` },
      });
      expect(denied.headers.location).toBe('/?page=sign-in&sso=denied');
    });

    it('signs out here and at the provider (RP-initiated) for a single sign-on session', async () => {
      const cookie = sessionCookie(await sso('wang', 'wang-pass'));
      const withoutCsrf = await app.inject({ method: 'POST', url: '/api/v1/auth/oidc/logout', headers: { cookie } });
      expect(withoutCsrf.statusCode).toBe(403);
      const out = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/oidc/logout',
        headers: { cookie, 'x-shixun-csrf': '1' },
      });
      expect(out.statusCode).toBe(200);
      const endSession = new URL(out.json().endSessionUrl);
      expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
      expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(HOME);
      expect(endSession.searchParams.get('id_token_hint')).toMatch(/^ey/);
      expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
      // A password session has nothing to end at a provider.
      const admin = await signedIn(app, 'admin', ADMIN_PASSWORD);
      const local = await app.inject({ method: 'POST', url: '/api/v1/auth/oidc/logout', headers: admin });
      expect(local.json()).toEqual({ endSessionUrl: null });
    });

    it("switches learners' local passwords off: learners are refused with a reason, admins still sign in", async () => {
      const admin = await signedIn(app, 'admin', ADMIN_PASSWORD);
      const learner = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/users',
        headers: admin,
        payload: { username: 'local-learner', name: 'Local Learner', role: 'learner' },
      });
      const password = learner.json().password as string;
      expect((await login(app, 'local-learner', password)).statusCode).toBe(200);

      const put = (learnerPasswords: unknown, headers = admin) =>
        app.inject({ method: 'PUT', url: '/api/v1/admin/sign-in-settings', headers, payload: { learnerPasswords } });
      expect((await put('no')).statusCode).toBe(400);
      expect((await put(false)).json()).toEqual({ learnerPasswords: false });
      const refused = await login(app, 'local-learner', password);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().message).toMatch(/sign in through single sign-on/);
      expect((await login(app, 'admin', ADMIN_PASSWORD)).statusCode).toBe(200);
      expect((await app.inject({ url: '/api/v1/auth/providers' })).json().learnerPasswords).toBe(false);
      const audit = await database.db
        .selectFrom('admin_audit')
        .selectAll()
        .where('action', '=', 'sign-in-settings.update')
        .execute();
      expect(audit).toMatchObject([{ actor_username: 'admin', detail: 'learners sign in through single sign-on only' }]);

      expect((await put(true)).json()).toEqual({ learnerPasswords: true });
      expect((await login(app, 'local-learner', password)).statusCode).toBe(200);
    });
  });
}
