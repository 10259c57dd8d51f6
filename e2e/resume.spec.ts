// A reload in the middle of an attempt resumes at the same step with the same score and the
// same half-finished answer.
import { PASSING } from './fixtures/data-security-paths.ts';
import { playStepDom } from './fixtures/drive.ts';
import { expect, test } from './fixtures/index.ts';

test('reloading mid-attempt resumes at the same step with the same score', async ({ app, page }) => {
  await app.openCourse('data-security');
  await playStepDom(app, PASSING.patrol);
  await playStepDom(app, PASSING['phishing-followup']);
  await app.expectStep('sort-cards');
  await page.locator('select[data-item="policy-faq"]').selectOption('general');
  const before = await app.state();
  expect(before.records.reduce((s, r) => s + r.result.score, 0)).toBe(37);

  await page.reload();
  await app.waitForScene();
  await app.expectStep('sort-cards');
  const after = await app.state();
  expect(after.sceneIndex).toBe(before.sceneIndex);
  expect(after.stepIndex).toBe(before.stepIndex);
  expect(after.records).toEqual(before.records);
  expect(after.draft).toEqual({ type: 'classify', placements: { 'policy-faq': 'general' } });
  await expect(page.locator('select[data-item="policy-faq"]')).toHaveValue('general');

  // The catalog offers to resume, and starting over really starts over.
  await page.goto('/');
  await expect(page.locator('[data-course="data-security"] button')).toContainText('继续上次进度');
});
