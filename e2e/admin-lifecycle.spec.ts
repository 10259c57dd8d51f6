// The account lifecycle in the browser: an admin disables a learner and the learner's open
// session ends; the admin resets the learner's password and the learner must choose a new one at
// sign-in; the audit log page shows both actions and exports them as CSV. The new pages are
// checked by axe-core.
import { readFile } from 'node:fs/promises';
import { E2E_ADMIN } from '../playwright.config.ts';
import { accountMenu, createUser, signInThroughForm } from './fixtures/accounts.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { expect, test } from './fixtures/index.ts';

test('an admin disables a user (their session ends) and resets a password (changed at sign-in); the audit log shows both', async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(180_000);
  const learner = await createUser(request, { role: 'learner' });
  const learnerContext = await browser.newContext();
  const learnerPage = await learnerContext.newPage();
  await signInThroughForm(learnerPage, learner);

  await signInThroughForm(page, E2E_ADMIN);
  await page.goto('/?page=admin-users&lang=en');
  const row = page.getByRole('table', { name: /^All users/ }).locator(`tr[data-username="${learner.username}"]`);
  await expect(row).toContainText('Active');
  await expectAccessible(page, 'users with actions');

  // Disable: the learner's open session ends.
  await row.getByRole('button', { name: 'Disable' }).click();
  // The learner's sessions: this browser's, and the one that acknowledged the privacy notice.
  await expect(page.getByRole('status')).toHaveText(`${learner.username} is disabled; 2 session(s) ended.`);
  await expect(row).toContainText('Disabled');
  await learnerPage.reload();
  await expect(learnerPage.locator('.user-menu[data-signed-in="false"]')).toBeVisible();

  // Enable, then reset the password: a temporary one, shown once.
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'Reset password' }).click();
  const status = page.getByRole('status');
  await expect(status).toContainText(`Temporary password for ${learner.username}:`);
  const temporary = /: (\S+) \(shown this once/.exec((await status.textContent()) ?? '')?.[1] ?? '';
  expect(temporary).toMatch(/^[A-Za-z0-9]{12}$/);
  await expect(row).toContainText('Must change password');

  // The learner signs in with it and must choose a new password before anything else.
  await learnerPage.goto('/?page=sign-in&lang=en');
  const form = learnerPage.locator('form.sign-in-form');
  await form.locator('input[autocomplete="username"]').fill(learner.username);
  await form.locator('input[autocomplete="current-password"]').fill(temporary);
  await form.locator('button[type="submit"]').click();
  await expect(learnerPage.getByRole('heading', { level: 1, name: 'Change password' })).toBeVisible();
  await expectAccessible(learnerPage, 'change password (forced)');
  await learnerPage.getByLabel('Current (temporary) password').fill(temporary);
  await learnerPage.getByLabel('New password', { exact: true }).fill('password1234');
  await learnerPage.getByLabel('New password again').fill('password1234');
  await learnerPage.getByRole('button', { name: 'Save the new password' }).click();
  await expect(learnerPage.getByRole('alert')).toContainText('common passwords');
  const chosen = `own-${temporary}-pass`;
  await learnerPage.getByLabel('New password', { exact: true }).fill(chosen);
  await learnerPage.getByLabel('New password again').fill(chosen);
  await learnerPage.getByRole('button', { name: 'Save the new password' }).click();
  await expect(learnerPage.getByRole('heading', { level: 1, name: 'Change password' })).toHaveCount(0);
  await expect(learnerPage.locator(`.user-menu[data-username="${learner.username}"]`)).toBeVisible();
  const me = await learnerPage.request.get('/api/v1/auth/me');
  expect(((await me.json()) as { mustChangePassword?: boolean }).mustChangePassword).toBeUndefined();

  // Later, of their own accord, from the header: the current password is required.
  await (await accountMenu(learnerPage)).getByRole('link', { name: 'Change password' }).click();
  await expect(learnerPage.getByRole('heading', { level: 1, name: 'Change password' })).toBeVisible();
  await expectAccessible(learnerPage, 'change password (own choice)');
  await learnerPage.getByLabel('Current password').fill('not-my-password');
  await learnerPage.getByLabel('New password', { exact: true }).fill(`${chosen}-2`);
  await learnerPage.getByLabel('New password again').fill(`${chosen}-2`);
  await learnerPage.getByRole('button', { name: 'Save the new password' }).click();
  await expect(learnerPage.getByRole('alert')).toContainText('The current password is wrong.');
  await learnerPage.getByLabel('Current password').fill(chosen);
  await learnerPage.getByRole('button', { name: 'Save the new password' }).click();
  await expect(learnerPage.locator('main [role="status"]')).toHaveText(
    'Your password is changed. Sign-ins on other devices have ended.',
  );
  await learnerContext.close();

  // The audit log shows both actions, by whom and from where, and exports them as CSV.
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Admin audit log' })).toBeVisible();
  const audit = page.getByRole('table', { name: /^The latest/ });
  for (const action of ['user.disable', 'user.password-reset']) {
    const entry = audit.locator(`tr[data-action="${action}"][data-target="${learner.username}"]`);
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('admin');
    await expect(entry).toContainText(/127\.0\.0\.1|::1/);
    await expect(entry).toContainText('Chrome');
  }
  await expectAccessible(page, 'audit log');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = (await readFile(await download.path())).toString('utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFat,actor,action,target,detail,ip,user_agent');
  expect(csv).toContain(`,admin,user.disable,${learner.username},`);
  expect(csv).toContain(`,admin,user.password-reset,${learner.username},`);
});

test('an admin issues, rotates and revokes an xAPI credential on the API tokens page; the old secret stops at once', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const key = `tool-${Date.now().toString(36)}`;
  const client = await playwright.request.newContext({ baseURL: baseURL! });
  const read = (secret: string) =>
    client.get('/xapi/statements', {
      headers: {
        authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
        'x-experience-api-version': '2.0.0',
      },
    });

  await signInThroughForm(page, E2E_ADMIN);
  await page.goto('/?page=admin-tokens&lang=en');
  // Issued from the console: the secret is shown this once.
  const form = page.getByRole('form', { name: 'Issue an xAPI credential' });
  await form.getByLabel('Key (leave empty to have one generated)').fill('bad key');
  await form.getByRole('button', { name: 'Issue an xAPI credential' }).click();
  await expect(form.getByRole('alert')).toHaveText('The key cannot contain colons or spaces.');
  await form.getByLabel('Key (leave empty to have one generated)').fill(key);
  await form.getByLabel('Label (what it is for; optional)').fill('Partner LMS');
  await form.getByRole('checkbox', { name: /Read statements/ }).check();
  await form.getByRole('checkbox', { name: /Write statements/ }).uncheck();
  await form.getByRole('button', { name: 'Issue an xAPI credential' }).click();
  await expect(page.locator('.xapi-credentials [role="status"]')).toHaveText(`${key} is issued.`);
  const first = (await page.locator(`.xapi-secret[data-key="${key}"]`).textContent()) ?? '';
  expect(first.length).toBeGreaterThan(20);
  expect((await read(first)).status()).toBe(200);
  const row = page.locator(`table.xapi-table tr[data-key="${key}"]`);
  await expect(row).toContainText('Partner LMS');
  await expect(row).toContainText('statements/read');
  await expectAccessible(page, 'API tokens with xAPI credentials');
  await row.getByRole('button', { name: 'Rotate secret' }).click();
  const second = (await page.locator(`.xapi-secret[data-key="${key}"]`).textContent()) ?? '';
  expect(second.length).toBeGreaterThan(20);
  expect((await read(first)).status()).toBe(401);
  expect((await read(second)).status()).toBe(200);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.locator('.xapi-credentials [role="status"]')).toHaveText(`${key} is revoked.`);
  await expect(row).toHaveCount(0);
  expect((await read(second)).status()).toBe(401);
  await client.dispose();

  await page.goto('/?page=admin-audit&lang=en');
  for (const action of ['xapi-credential.create', 'xapi-credential.rotate', 'xapi-credential.revoke'])
    await expect(page.locator(`tr[data-action="${action}"][data-target="${key}"]`)).toHaveCount(1);
});
