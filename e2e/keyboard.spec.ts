// Keyboard only: Tab into the 3D view, arrows move a visible focus ring, Enter acts, Enter picks
// a card up and Enter on a bin drops it. No mouse event is sent in this test.
import { PASSING } from './fixtures/data-security-paths.ts';
import { playStepKeys3d } from './fixtures/drive.ts';
import { expect, RENDER_VIEWPORT, test } from './fixtures/index.ts';

test.use({ viewport: RENDER_VIEWPORT });

test('a keyboard-only learner finishes a whole scene in the 3D view', async ({ app, page, saveArtifact }) => {
  test.setTimeout(240_000);
  await app.openCourse('data-security');
  await app.skipSteps(2);
  await app.expectStep('sort-cards');

  for (let i = 0; i < 12; i++) {
    if (await page.evaluate(() => document.activeElement?.classList.contains('scene-view'))) break;
    await page.keyboard.press('Tab');
  }
  await expect(page.locator('.scene-view')).toBeFocused();
  await app.frames(2);
  // Focus landed on an object and the ring is drawn around it.
  expect(await app.hook((h) => h.focus?.getState().focusedId)).not.toBeNull();
  expect(await app.hook((h) => h.scene?.getObjectByName('focus-ring') != null)).toBe(true);
  await expect(page.getByTestId('scene-announcement')).not.toBeEmpty();
  await saveArtifact('keyboard-focus-ring');

  await playStepKeys3d(app, PASSING['sort-cards']);
  await app.expectStep('who-decides');
  await playStepKeys3d(app, PASSING['who-decides']);
  await app.expectStep('pick-columns');

  const records = (await app.state()).records.filter((r) => r.sceneId === 'grade-data');
  expect(records.map((r) => r.result.score)).toEqual([27, 4]);
});
