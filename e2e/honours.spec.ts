// An admin decides honours in the console: the system proposes two learners of one department who
// passed every required course at full marks, each with the reasons; the admin awards one, tries to
// decline the other without a reason (refused), declines with a reason, and sees who decided and
// when. The page is checked with axe-core before and after. Results are graded through the real API.
import { E2E_ADMIN } from '../playwright.config.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { createUser, signInThroughForm, uniqueUsername } from './fixtures/accounts.ts';
import { gradeAssessment } from './fixtures/assessment.ts';
import { expect, test } from './fixtures/index.ts';

test('an admin awards one proposed honour and declines another with a reason', async ({
  page,
  request,
  playwright,
  baseURL,
  saveArtifact,
}) => {
  test.setTimeout(180_000);
  // A department of this run only: its proposals are these two learners.
  const department = `E2E荣誉处${uniqueUsername('d').slice(-8)}`;
  const first = await createUser(request, { role: 'learner', name: '荣誉学员一', department, rank: '科员' });
  const second = await createUser(request, { role: 'learner', name: '荣誉学员二', department, rank: '科员' });
  for (const learner of [first, second]) {
    const view = await gradeAssessment(playwright, baseURL!, learner, 'data-security', 1);
    expect(view.official?.scaled ?? 0).toBeGreaterThanOrEqual(0.9);
  }

  await signInThroughForm(page, E2E_ADMIN, 'en');
  await page.goto('/?page=admin-honours&lang=en');
  await expect(page.getByRole('heading', { level: 1, name: 'Honours' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Honours' })).toHaveAttribute('aria-current', 'page');
  const honour = page.locator('section.honour', { has: page.getByRole('heading', { name: 'Outstanding trainee' }) });
  const row = (name: string) => honour.locator('table.honour-proposals tbody tr', { hasText: name });
  await expect(row(first.name)).toContainText(department);
  await expect(row(first.name)).toContainText('Required course data-security: 100 % (at least 90 %)');
  await expect(row(first.name)).toContainText('No corrected result in the period');
  await expect(row(second.name)).toContainText('Within the limit');
  await expectAccessible(page, 'honours: proposals');

  await row(first.name)
    .getByRole('button', { name: `Award ${first.name}` })
    .click();
  await expect(page.getByRole('status')).toContainText(`Recorded: ${first.name}`);
  await expect(row(first.name)).toContainText('✓ Awarded by admin on');

  // Declining needs a reason: the page says so before anything is sent.
  await row(second.name)
    .getByRole('button', { name: `Decline ${second.name}` })
    .click();
  await expect(row(second.name).getByRole('alert')).toHaveText('Write a reason to decline.');
  await row(second.name).getByLabel(`Reason for ${second.name} (required to decline)`).fill('本年度已获其他荣誉，名额让给他人。');
  await row(second.name)
    .getByRole('button', { name: `Decline ${second.name}` })
    .click();
  await expect(row(second.name)).toContainText('× Declined by admin on');

  const decisions = honour.locator('table.honour-decisions tbody tr');
  await expect(decisions.filter({ hasText: second.name })).toContainText('本年度已获其他荣誉，名额让给他人。');
  await expect(decisions.filter({ hasText: first.name })).toContainText('✓ Awarded');
  await expect(decisions.filter({ hasText: first.name }).locator('td').nth(3)).toHaveText('admin');
  await expectAccessible(page, 'honours: decided');
  await saveArtifact('honours-decided-en');

  // The same in Chinese.
  await page.goto('/?page=admin-honours&lang=zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '荣誉评选' })).toBeVisible();
  const zhHonour = page.locator('section.honour', { has: page.getByRole('heading', { name: '优秀学员' }) });
  await expect(zhHonour.locator('table.honour-decisions tbody tr', { hasText: first.name })).toContainText('✓ 已授予');
  await expectAccessible(page, 'honours: zh-CN');
});
