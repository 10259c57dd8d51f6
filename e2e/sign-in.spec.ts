// Signing in and out in the browser: the form (mouse and keyboard only), a wrong password, too
// many failures, the way back to the page that asked for sign-in, and signing out.
import { accountMenu, createUser, signInThroughForm, uniqueUsername, whoAmI } from './fixtures/accounts.ts';
import { expect, test } from './fixtures/index.ts';

test('a learner signs in with the form, is shown in the header, and signs out', async ({ page, request }) => {
  const learner = await createUser(request, { role: 'learner', name: 'Li Wei' });
  await page.goto('/?lang=en');
  const menu = page.locator('.user-menu');
  await expect(menu.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();

  await signInThroughForm(page, learner);
  // Back on the catalog, with name and role in the header; learners get no admin console link.
  await expect(page.locator('.catalog h1')).toBeVisible();
  await expect(menu).toContainText('Li Wei (learner)');
  await expect(menu.getByRole('link', { name: 'Admin console' })).toHaveCount(0);
  expect((await whoAmI(page.request))?.user.username).toBe(learner.username);

  // The session survives a reload (cookie), not only the remembered copy.
  await page.reload();
  await expect(menu).toContainText('Li Wei (learner)');

  // One header row: the learner's own pages and Sign out wait behind the name.
  const header = await page.locator('.app-header').boundingBox();
  expect(header?.height ?? 0).toBeLessThan(80);
  const account = menu.getByRole('button', { name: 'Li Wei (learner)' });
  await expect(account).toHaveAttribute('aria-expanded', 'false');
  await expect(menu.getByRole('link', { name: 'My records' })).toHaveCount(0);
  await account.click();
  const list = page.locator('.user-menu .account-panel');
  await expect(list.getByRole('link')).toHaveText(['My certificates', 'My records', 'Sign in a headset', 'Change password']);
  // Escape closes it and gives focus back to the button; a click elsewhere closes it too.
  await page.keyboard.press('Escape');
  await expect(account).toHaveAttribute('aria-expanded', 'false');
  await expect(account).toBeFocused();
  await account.click();
  await page.locator('.catalog h1').click();
  await expect(account).toHaveAttribute('aria-expanded', 'false');

  await (await accountMenu(page)).getByRole('button', { name: 'Sign out' }).click();
  await expect(menu.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  expect(await whoAmI(page.request)).toBeNull();
  await page.reload();
  await expect(menu.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
});

test('a wrong password is announced, and many failures say when to try again', async ({ page, request }) => {
  const learner = await createUser(request, { role: 'learner' });
  await page.goto('/?page=sign-in&lang=en');
  const form = page.locator('form.sign-in-form');
  await form.getByLabel('Username or employee ID').fill(learner.username);
  await form.getByLabel('Password').fill('not-the-password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toHaveText('The username or password is wrong. Check them and try again.');
  expect(await whoAmI(page.request)).toBeNull();

  // A username of its own, so the throttle touches no other test. Past three free failures, each
  // wrong password doubles the wait before the next try from this browser.
  const locked = uniqueUsername('e2e-locked');
  await form.getByLabel('Username or employee ID').fill(locked);
  for (let attempt = 0; attempt < 5; attempt++) {
    await form.getByLabel('Password').fill(`wrong-${attempt}-password`);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await form.getByLabel('Password').fill('wrong-again-password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toHaveText(/^Too many failed sign-ins\. Try again in [1-4] s\.$/);

  // The Chinese page says the same (a try after the wait counts as one more failure and waits longer).
  await page.goto('/?page=sign-in&lang=zh-CN');
  await page.locator('input[autocomplete="username"]').fill(locked);
  await page.locator('input[autocomplete="current-password"]').fill('wrong-again-password');
  await expect(async () => {
    await page.locator('form.sign-in-form button[type="submit"]').click();
    await expect(page.locator('form.sign-in-form [role="alert"]')).toHaveText(/^登录失败次数过多，请在 \d+ 秒后重试。$/, {
      timeout: 3000,
    });
  }).toPass({ timeout: 30_000 });
});

test('with the keyboard alone a trainer signs in and lands where sign-in was asked for', async ({ page, request }) => {
  const trainer = await createUser(request, { role: 'trainer', name: 'Zhang Min' });
  // The device page sends a signed-out visitor to sign in, then back with the code.
  await page.goto('/?page=device&code=BCDF-2345&lang=en');
  await expect(page).toHaveURL(/page=sign-in/);
  expect(new URL(page.url()).searchParams.get('next')).toBe('/?page=device&code=BCDF-2345&lang=en');

  // Tab to the username field, as a keyboard user would.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.getAttribute('autocomplete') === 'username')) break;
  }
  await expect(page.locator('input[autocomplete="username"]')).toBeFocused();
  await page.keyboard.type(trainer.username);
  await page.keyboard.press('Tab');
  await expect(page.locator('input[autocomplete="current-password"]')).toBeFocused();
  await page.keyboard.type(trainer.password);
  await page.keyboard.press('Enter');

  await expect(page.locator('.user-menu')).toContainText('Zhang Min (trainer)');
  await expect(page).toHaveURL(/page=device&code=BCDF-2345/);
  await expect(page.getByRole('heading', { name: 'Sign this headset in as Zhang Min' })).toBeVisible();
});

test('a next parameter pointing at another site is ignored', async ({ page, request }) => {
  const learner = await createUser(request, { role: 'learner' });
  await page.goto(`/?page=sign-in&lang=en&next=${encodeURIComponent('https://evil.example/phish')}`);
  await page.locator('input[autocomplete="username"]').fill(learner.username);
  await page.locator('input[autocomplete="current-password"]').fill(learner.password);
  await page.locator('form.sign-in-form button[type="submit"]').click();
  await expect(page.locator(`.user-menu[data-username="${learner.username}"]`)).toBeVisible();
  expect(page.url()).not.toContain('evil');
  await expect(page.locator('.catalog h1')).toBeVisible();
});
