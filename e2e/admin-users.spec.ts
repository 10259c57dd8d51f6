// An administrator manages users in the browser: imports a staff list with good and bad rows,
// reads the per-row errors, takes the initial passwords away as CSV, and a new learner signs in
// with one of them. Others are kept out.
import { readFile } from 'node:fs/promises';
import { E2E_ADMIN } from '../playwright.config.ts';
import { createUser, signIn, signInThroughForm, uniqueUsername } from './fixtures/accounts.ts';
import { expect, test } from './fixtures/index.ts';

test('an admin imports a CSV with good and bad rows; a new learner signs in with a generated password', async ({
  page,
  request,
  browser,
  baseURL,
  saveArtifact,
}) => {
  test.setTimeout(180_000);
  // Employee ids of this run only; one person exists already so the import updates them.
  const prefix = uniqueUsername('E').replaceAll('-', '');
  const id = (n: number) => `${prefix}${n}`;
  await createUser(request, { role: 'learner', username: id(5), name: 'Old Name' });
  const csv = [
    'employee_id,name,department,rank,role',
    `${id(1)},王芳,"数据局,安全处",科员,`,
    `${id(2)},Chen Jie,Records Office,科员,trainer`,
    `,No Id,Records Office,科员,`,
    `${id(3)},,Records Office,科员,`,
    `${id(4)},Bad Role,Records Office,科员,boss`,
    `${id(1)},Listed Twice,Records Office,科员,`,
    `${id(5)},New Name,Audit,主任科员,`,
    // A mistyped rank would silently change the required hours: refused, naming the row.
    `${id(6)},Typo Rank,Audit,主任科圆,`,
  ].join('\n');

  await signInThroughForm(page, E2E_ADMIN);
  await page.locator('.user-menu').getByRole('link', { name: 'Admin console' }).click();
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await page.getByLabel('Or paste the CSV').fill(csv);
  await page.getByRole('button', { name: 'Import', exact: true }).click();

  const summary = page.locator('.import-summary');
  await expect(summary).toHaveText('Created: 2 · Updated: 1 · Rows not imported: 5');
  const errors = page.getByRole('table', { name: 'Rows not imported' });
  const errorRows = errors.locator('tbody tr');
  await expect(errorRows).toHaveCount(5);
  // Row numbers as a spreadsheet shows them (the header is row 1), with the field at fault.
  const cells = await errorRows.evaluateAll((rows) =>
    rows.map((row) => [...row.children].slice(0, 2).map((cell) => cell.textContent)),
  );
  expect(cells).toEqual([
    ['4', 'employee_id'],
    ['5', 'name'],
    ['6', 'role'],
    ['7', 'employee_id'],
    ['9', 'rank'],
  ]);
  await expect(errorRows.filter({ hasText: '"主任科圆" is not a rank of the training policy in force' })).toHaveCount(1);
  await expect(errorRows.filter({ hasText: 'boss' })).toHaveCount(1);
  await expect(errors.locator('th[scope="col"]')).toHaveCount(3);

  // The passwords, once, for the two people created (not for the one updated).
  const passwords = page.getByRole('table', { name: 'Initial passwords (shown only this once)' });
  await expect(passwords.locator('tbody tr')).toHaveCount(2);
  await expect(passwords.locator('tbody th')).toHaveText([id(1), id(2)]);
  const wangPassword = (await passwords.locator(`tr[data-username="${id(1)}"] code`).textContent()) ?? '';
  expect(wangPassword.length).toBeGreaterThanOrEqual(10);

  // Download as CSV: UTF-8 with a BOM, the same passwords.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('initial-passwords.csv');
  const file = await readFile(await download.path());
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = file.toString('utf8').slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toBe('username,password');
  expect(lines).toContain(`${id(1)},${wangPassword}`);
  expect(lines).toHaveLength(3);

  // The user table now lists the new people and the updated one.
  const users = page.getByRole('table', { name: /^All users/ });
  await expect(users.locator(`tr[data-username="${id(1)}"]`)).toContainText('数据局,安全处');
  await expect(users.locator(`tr[data-username="${id(2)}"]`)).toContainText('trainer');
  await expect(users.locator(`tr[data-username="${id(5)}"]`)).toContainText('New Name');
  await expect(users.locator(`tr[data-username="${id(5)}"]`)).toContainText('主任科员');
  await expect(users.locator(`tr[data-username="${id(3)}"]`)).toHaveCount(0);

  // Search and filters answer from the server: an employee id in any case finds that person alone, a
  // department and role filter narrows to this run's trainer, and clearing shows everyone again.
  const finder = page.getByRole('form', { name: 'Find users' });
  await finder.getByLabel('Search').fill(id(1).toLowerCase());
  const found = page.getByRole('table', { name: /^Users found/ });
  await expect(found.locator('caption')).toHaveText('Users found (1)');
  await expect(found.locator('tbody tr')).toHaveCount(1);
  await expect(found.locator(`tr[data-username="${id(1)}"]`)).toBeVisible();
  await finder.getByLabel('Search').fill(prefix);
  await finder.getByLabel('Role').selectOption('trainer');
  await expect(found.locator('tbody tr')).toHaveCount(1);
  await expect(found.locator(`tr[data-username="${id(2)}"]`)).toBeVisible();
  await finder.getByRole('button', { name: 'Clear filters' }).click();
  await expect(users.locator(`tr[data-username="${id(5)}"]`)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'User list pages' })).toContainText(/Page 1 of \d+/);
  await saveArtifact('admin-users-search');

  // A file works as well as pasted text: the same person again is an update, with no new password.
  await page.getByLabel('CSV file').setInputFiles({
    name: 'staff.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFFemployee_id,name,department,rank\r\n${id(2)},Chen Jie,Records Office,副主任科员\r\n`, 'utf8'),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(summary).toHaveText('Created: 0 · Updated: 1 · Rows not imported: 0');
  await expect(page.getByRole('table', { name: 'Initial passwords (shown only this once)' })).toHaveCount(0);
  await expect(users.locator(`tr[data-username="${id(2)}"]`)).toContainText('副主任科员');

  // The new learner signs in, on another computer, with the password from the list.
  const learnerContext = await browser.newContext({ baseURL: baseURL ?? '' });
  try {
    const learnerPage = await learnerContext.newPage();
    await signInThroughForm(learnerPage, { username: id(1), password: wangPassword });
    await expect(learnerPage.locator('.user-menu')).toContainText('王芳 (learner)');
    await expect(learnerPage.locator('.user-menu').getByRole('link', { name: 'Admin console' })).toHaveCount(0);
  } finally {
    await learnerContext.close();
  }
});

test('an admin creates one user with the form and gets a generated password once', async ({ page }) => {
  const username = uniqueUsername('form');
  await signInThroughForm(page, E2E_ADMIN);
  await page.goto('/?page=admin-users&lang=en');
  const form = page.locator('form.create-user-form');
  await form.getByLabel('Username', { exact: true }).fill(username);
  await form.getByLabel('Name', { exact: true }).fill('Zhao Lei');
  await form.getByLabel('Department').fill('Registry');
  await form.getByLabel('Role').selectOption('trainer');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('status')).toContainText(`Created user ${username}.`);
  const generated = (await form.locator('.generated-password').textContent()) ?? '';
  expect(generated.length).toBeGreaterThanOrEqual(10);
  await expect(page.locator(`.user-table tr[data-username="${username}"]`)).toContainText('Zhao Lei');
  await expect(page.locator(`.user-table tr[data-username="${username}"]`)).toContainText('trainer');

  // A bad request is explained, not swallowed: the same username again is taken.
  await form.getByLabel('Username', { exact: true }).fill(username);
  await form.getByLabel('Name', { exact: true }).fill('Someone Else');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('alert')).toContainText('already taken');
});

test('a learner who opens the users page is told it is not for them, and the server agrees', async ({ page, request }) => {
  const learner = await createUser(request, { role: 'learner' });
  await page.goto('/?page=admin-users&lang=en');
  await signIn(page, learner);
  await expect(page.locator('main').getByRole('alert')).toHaveText('Only administrators can manage users.');
  await expect(page.locator('.user-table')).toHaveCount(0);
  expect((await page.request.get('/api/v1/admin/users')).status()).toBe(403);
});
