// The app loads from its own server, renders, has WebGL2, and asks no other host for anything.
import { expect, test } from './fixtures/base.ts';

test('the app loads and renders without any off-host request', async ({ page, offHostRequests }) => {
  await page.goto('/');
  await page.waitForFunction(
    () => document.querySelector('main') !== null || (document.getElementById('root')?.innerHTML.trim() ?? '') !== '',
    null,
    { timeout: 30_000 },
  );
  await page.waitForLoadState('networkidle');
  expect(offHostRequests()).toEqual([]);
});

test('headless Chromium has WebGL2', async ({ page }) => {
  await page.goto('/');
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    return gl ? String(gl.getParameter(gl.RENDERER)) : null;
  });
  expect(renderer, 'WebGL2 context in headless Chromium').not.toBeNull();
});
