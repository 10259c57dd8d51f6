// The same widgets with a finger on a touch screen and with tracked hands in the headset.
import { expect, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';

test.describe('touch screen', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 820, height: 1180 } });

  test('a learner on a tablet taps a hazard and taps the fix', async ({ app, page, saveArtifact }) => {
    await app.openCourse('data-security');
    const tap = async (id: string) => {
      const point = await page.evaluate((target) => window.__shixunTest.findClickPoint(target), id);
      expect(point, `${id} is on screen`).not.toBeNull();
      await page.touchscreen.tap(point!.x, point!.y);
      await app.frames(3);
    };
    await tap('hotspot:unlocked-pc');
    await expect.poll(() => page.evaluate(() => window.__shixunTest.focus?.getState().items.has('fixes:lock-screen'))).toBe(true);
    await tap('fixes:lock-screen');
    await expect.poll(async () => (await app.state()).draft?.found).toEqual({ 'unlocked-pc': 'lock-screen' });
    await saveArtifact('touch-tablet-clean-desk');
  });
});

test('in a headset a learner pinches with a tracked hand to act on hotspots and panels', async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.openCourse('data-security');
  const headset = new Headset(app);
  await headset.enter();
  await headset.useHands(true);
  await headset.pinch('hotspot:unknown-usb');
  await expect.poll(() => page.evaluate(() => window.__shixunTest.focus?.getState().items.has('fixes:hand-to-security'))).toBe(true);
  await headset.pinch('fixes:hand-to-security');
  await expect.poll(async () => (await app.state()).draft?.found).toEqual({ 'unknown-usb': 'hand-to-security' });
});
