// A department admin signs in and works the console: only the sections they can use are in its
// navigation, the training report and the user list hold only the people of their own
// department, and the form does not offer the admin role. Both pages are checked by axe-core.
import { E2E_ADMIN } from '../playwright.config.ts';
import { createUser, signInThroughForm, uniqueUsername } from './fixtures/accounts.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { expect, test } from './fixtures/index.ts';

const PERIOD = String(new Date().getFullYear());

test('a department admin sees only their own department in the report and the user list', async ({ page, request }) => {
  test.setTimeout(120_000);
  const own = uniqueUsername('Dept-Own');
  const other = uniqueUsername('Dept-Other');
  const departmentAdmin = await createUser(request, { role: 'department-admin', department: own });
  const colleague = await createUser(request, { role: 'learner', department: own, rank: '科员' });
  const stranger = await createUser(request, { role: 'learner', department: other, rank: '科员' });

  await signInThroughForm(page, departmentAdmin);
  await page.locator('.user-menu').getByRole('link', { name: 'Admin console' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Training standing report' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Admin console' });
  await expect(nav.getByRole('link')).toHaveText(['Users', 'Reports', 'Credentials']);

  await page.getByLabel('Period', { exact: true }).selectOption(PERIOD);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const learners = page.locator('table.learner-table');
  await expect(learners.locator(`tr[data-username="${colleague.username}"]`)).toHaveCount(1);
  await expect(learners.locator(`tr[data-username="${stranger.username}"]`)).toHaveCount(0);
  const departments = await page.getByLabel('Department', { exact: true }).locator('option').allTextContents();
  expect(departments).toContain(own);
  expect(departments).not.toContain(other);
  await expectAccessible(page, 'report of a department admin');

  await nav.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  const rows = page.locator('table.user-table tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`table.user-table tr[data-username="${colleague.username}"]`)).toHaveCount(1);
  await expect(page.locator(`table.user-table tr[data-username="${departmentAdmin.username}"]`)).toHaveCount(1);
  await expect(page.locator(`table.user-table tr[data-username="${stranger.username}"]`)).toHaveCount(0);
  await expect(page.locator(`table.user-table tr[data-username="${E2E_ADMIN.username}"]`)).toHaveCount(0);
  await expect(page.locator('select[name="role"] option')).toHaveText(['learner', 'trainer', 'department admin']);
  await expect(page.locator('input[name="department"]')).toHaveValue(own);
  await expectAccessible(page, 'users of a department admin');
});
