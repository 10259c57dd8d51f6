// Single sign-on in Chromium against a real OpenID provider (oidc-provider, in this test's process
// on loopback): the sign-in page's provider button (axe-clean, both languages), signing in on the
// provider's own login page after a wrong password there, a person the mapping refuses, a
// department changed at the provider and applied at the next sign-in, and signing out at the
// provider (RP-initiated). The app under test is a server of its own, started here with the
// provider configured; the off-host guard lets this spec's pages reach the provider and nothing else.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { request as playwrightRequest } from '@playwright/test';
import type { Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config.ts';
import { accountMenu, CSRF_HEADERS } from './fixtures/accounts.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { expect, test } from './fixtures/index.ts';
import { startTestOidcProvider } from './fixtures/oidc-provider.ts';
import type { TestOidcProvider } from './fixtures/oidc-provider.ts';

const PORT = Number(process.env.SHIXUN_E2E_PORT || 4317);
const PROVIDER_PORT = PORT + 1;
const APP_PORT = PORT + 2;
const APP = `http://localhost:${APP_PORT}`;
const PROVIDER = `http://localhost:${PROVIDER_PORT}`;
const DATA_DIR = `.e2e-data/${APP_PORT}-sso`;

test.use({ baseURL: APP, allowedHosts: [`localhost:${PROVIDER_PORT}`] });
test.describe.configure({ mode: 'serial' });

let provider: TestOidcProvider;
let server: ChildProcess;

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`The single sign-on test server exited with ${server.exitCode}.`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The single sign-on test server did not answer ${url} within ${timeoutMs} ms.`);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  provider = await startTestOidcProvider({
    port: PROVIDER_PORT,
    hostname: 'localhost',
    clientId: 'shixun-e2e',
    clientSecret: 'shixun-e2e-client-secret',
    redirectUris: [`${APP}/api/v1/auth/oidc/unified-id/callback`],
    postLogoutRedirectUris: [`${APP}/`],
    people: [
      {
        username: 'wang',
        password: 'wang-password',
        claims: { name: 'Wang Fang', employee_id: 'E7001', department: 'Ops', rank: '科员', cleared: true },
      },
      { username: 'li', password: 'li-password', claims: { name: 'Li Lei', employee_id: 'E7002', cleared: false } },
    ],
  });
  await rm(DATA_DIR, { recursive: true, force: true });
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(APP_PORT),
      HOST: 'localhost',
      DATA_DIR,
      SHIXUN_STATIC_DIR: process.env.SHIXUN_E2E_STATIC_DIR || 'dist-e2e',
      SHIXUN_ADMIN_PASSWORD: E2E_ADMIN.password,
      SHIXUN_PUBLIC_URL: `${APP}/`,
      SHIXUN_OIDC_PROVIDER_ID: 'unified-id',
      SHIXUN_OIDC_ISSUER: PROVIDER,
      SHIXUN_OIDC_CLIENT_ID: 'shixun-e2e',
      SHIXUN_OIDC_CLIENT_SECRET: 'shixun-e2e-client-secret',
      SHIXUN_OIDC_NAME_ZH: '统一身份认证',
      SHIXUN_OIDC_NAME_EN: 'Unified ID',
      SHIXUN_OIDC_CLAIM_DEPARTMENT: 'department',
      SHIXUN_OIDC_CLAIM_RANK: 'rank',
      SHIXUN_OIDC_REQUIRE_CLAIM: 'cleared',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHealth(`${APP}/healthz`, 90_000);
});

test.afterAll(async () => {
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await provider?.close();
  await rm(DATA_DIR, { recursive: true, force: true });
});

/** Who the admin sees with this employee id in the user list (an API client of its own). */
async function usersWithEmployeeId(employeeId: string): Promise<{ username: string; department: string | null }[]> {
  const admin = await playwrightRequest.newContext({ baseURL: APP });
  try {
    const login = await admin.post('/api/v1/auth/login', { data: E2E_ADMIN, headers: CSRF_HEADERS });
    expect(login.ok()).toBe(true);
    const list = await admin.get(`/api/v1/admin/users?q=${encodeURIComponent(employeeId)}`);
    return ((await list.json()) as { users: { username: string; department: string | null }[] }).users;
  } finally {
    await admin.dispose();
  }
}

const signInAtProvider = async (page: Page, login: string, password: string) => {
  await page.getByLabel('Account').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in at the provider' }).click();
};

test('signs in through the provider’s own login page; a wrong password stays there', async ({ page }) => {
  await page.goto('/?page=sign-in&lang=zh-CN');
  await expect(page.getByRole('link', { name: '使用 统一身份认证 登录' })).toBeVisible();
  await page.goto('/?page=sign-in&lang=en');
  const button = page.getByRole('link', { name: 'Sign in with Unified ID' });
  await expect(button).toBeVisible();
  await expectAccessible(page, 'sign-in page with a single sign-on provider');

  await button.click();
  await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/interaction/`));
  await signInAtProvider(page, 'wang', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('Wrong account or password.');
  await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/`));
  expect(provider.wrongPasswords()).toBe(1);

  await signInAtProvider(page, 'wang', 'wang-password');
  await expect(page).toHaveURL(new RegExp(`^${APP}/`));
  await expect(page.locator('.user-menu[data-username="E7001"]')).toBeVisible();
  const me = await page.request.get('/api/v1/auth/me');
  expect((await me.json()).user).toMatchObject({ username: 'E7001', name: 'Wang Fang', department: 'Ops', rank: '科员' });
});

test('a person the mapping refuses sees why, and no account is made', async ({ page }) => {
  await page.goto('/?page=sign-in&lang=en');
  await page.getByRole('link', { name: 'Sign in with Unified ID' }).click();
  await signInAtProvider(page, 'li', 'li-password');
  await expect(page).toHaveURL(new RegExp(`^${APP}/\\?page=sign-in&sso=not-allowed&lang=en`));
  await expect(page.locator('.sso-refused')).toContainText('not cleared for this training platform');
  await expectAccessible(page, 'sign-in page with a refused single sign-on');
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
  expect(await usersWithEmployeeId('E7002')).toEqual([]);
});

test('signing out ends the session at the provider too, and a changed department applies at the next sign-in', async ({
  page,
}) => {
  await page.goto('/?page=sign-in&lang=en');
  await page.getByRole('link', { name: 'Sign in with Unified ID' }).click();
  await signInAtProvider(page, 'wang', 'wang-password');
  const menu = page.locator('.user-menu[data-username="E7001"]');
  await expect(menu).toBeVisible();

  // RP-initiated logout: the provider asks to confirm, then sends the browser back to the app.
  await (await accountMenu(page)).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/session/end`));
  await page.getByRole('button', { name: 'Yes, sign out' }).click();
  await expect(page).toHaveURL(new RegExp(`^${APP}/`));
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);

  // The department changes at the provider. The provider's session has ended, so it asks for the password again.
  (provider.people.get('wang') as { claims: Record<string, unknown> }).claims.department = 'Logistics';
  await page.goto('/?page=sign-in&lang=en');
  await page.getByRole('link', { name: 'Sign in with Unified ID' }).click();
  await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/interaction/`));
  await signInAtProvider(page, 'wang', 'wang-password');
  await expect(page.locator('.user-menu[data-username="E7001"]')).toBeVisible();
  expect((await (await page.request.get('/api/v1/auth/me')).json()).user.department).toBe('Logistics');
  expect(await usersWithEmployeeId('E7001')).toMatchObject([{ username: 'E7001', department: 'Logistics' }]);
});

test("an admin switches learners' local passwords off in the console; a learner's password is refused with the reason", async ({
  page,
}) => {
  // A learner with a local password, made by the admin through the API.
  const admin = await playwrightRequest.newContext({ baseURL: APP });
  let password: string;
  try {
    await admin.post('/api/v1/auth/login', { data: E2E_ADMIN, headers: CSRF_HEADERS });
    const created = await admin.post('/api/v1/admin/users', {
      data: { username: 'local-learner', name: 'Local Learner', role: 'learner' },
      headers: CSRF_HEADERS,
    });
    expect(created.status()).toBe(201);
    password = ((await created.json()) as { password: string }).password;
    // The admin has read the privacy notice, so the console is not held behind it.
    const notice = (await (await admin.get('/api/v1/privacy/notice')).json()) as { version: string };
    const acknowledged = await admin.post('/api/v1/me/privacy/acknowledgements', {
      data: { version: notice.version, locale: 'en' },
      headers: CSRF_HEADERS,
    });
    expect(acknowledged.ok()).toBe(true);
  } finally {
    await admin.dispose();
  }

  await page.goto('/?page=sign-in&lang=en');
  const form = page.locator('form.sign-in-form');
  await form.getByLabel('Username or employee ID').fill(E2E_ADMIN.username);
  await form.getByLabel('Password').fill(E2E_ADMIN.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.user-menu[data-username="admin"]')).toBeVisible();
  await page.goto('/?page=admin-users&lang=en');
  const setting = page.getByRole('checkbox', { name: 'Learners may sign in with a username and password' });
  await expect(setting).toBeChecked();
  await setting.uncheck();
  await expect(page.getByText('Sign-in settings saved.')).toBeVisible();
  await expect(setting).not.toBeChecked();
  await expectAccessible(page, 'admin users page with the sign-in settings');
  await (await accountMenu(page)).getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('.user-menu[data-signed-in="false"]')).toBeVisible();

  await page.goto('/?page=sign-in&lang=en');
  await expect(page.locator('.sso-providers')).toContainText('Learners sign in with the button above');
  await form.getByLabel('Username or employee ID').fill('local-learner');
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toContainText('Learners sign in through single sign-on on this server');
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
});
