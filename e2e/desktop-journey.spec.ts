// Desktop journeys through the whole data-security course: with the mouse in the 3D scene on a
// passing path, and through the DOM task panel on a failing one.
import { FAILING, PASSING, SCENES, STEP_ORDER } from './fixtures/data-security-paths.ts';
import { playStep3d, playStepDom } from './fixtures/drive.ts';
import { expect, test } from './fixtures/index.ts';

test('a learner finishes every scene with the mouse in 3D and passes with full marks', async ({ app, page, saveArtifact }) => {
  test.setTimeout(360_000);
  await app.openCourse('data-security');
  let scene = -1;
  for (const stepId of STEP_ORDER) {
    await app.expectStep(stepId);
    const state = await app.state();
    if (state.sceneIndex !== scene) {
      scene = state.sceneIndex;
      await app.frames(4);
      await saveArtifact(`desktop-${SCENES[scene]}`);
    }
    await playStep3d(app, PASSING[stepId]);
  }
  await expect(page.getByTestId('verdict')).toContainText('合格');
  const final = await app.state();
  expect(final.status).toBe('finished');
  for (const record of final.records) expect(record.result.score, `${record.stepId} on the passing path`).toBe(record.result.max);
  await expect(page.locator('main.results')).toHaveAttribute('data-score', '100');
  await expect(page.locator('main.results')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('score-line')).toContainText('100 / 100');
  await saveArtifact('desktop-results-pass');
});

test('a learner on a failing path sees fail with feedback that explains why', async ({ app, page, saveArtifact }) => {
  await app.openCourse('data-security');
  for (const stepId of STEP_ORDER) {
    await app.expectStep(stepId);
    await playStepDom(app, FAILING[stepId]);
  }
  const results = page.locator('main.results');
  await expect(results).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('verdict')).toContainText('未达合格线');
  const score = Number(await results.getAttribute('data-score'));
  expect(score).toBeLessThan(70);
  // Every step's feedback is there, and harmful choices are named as such, with the reason.
  await expect(results.locator('details')).toHaveCount(STEP_ORDER.length);
  await results.locator('details').first().click();
  await expect(results.locator('details').first().locator('[data-verdict="wrong"]').first()).toContainText(/\S{8,}/);
  await saveArtifact('desktop-results-fail');
});
