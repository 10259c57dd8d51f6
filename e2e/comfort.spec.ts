// Comfort in the emulated headset: teleport between stations (controller and hand), snap turn by
// the configured angle, the seated lift, recentering after the head turned away, reduced motion
// (cuts, no fade frames), the comfort panel in VR and on the page. (A step done with a finger is
// in e2e/touch-and-hands.spec.ts, with the other tracked-hand journeys.)
import type { Page } from '@playwright/test';
import { expect, RENDER_VIEWPORT, test } from './fixtures/index.ts';
import { Headset, yawRotation } from './fixtures/xr.ts';

test.use({ viewport: RENDER_VIEWPORT });

const DEG = Math.PI / 180;

/** Opens the 2D comfort settings on the play page. */
async function openComfortSettings(page: Page) {
  await page.locator('[data-action="comfort-settings"]').click();
  await expect(page.locator('.comfort-form')).toBeVisible();
}

/** Yaw difference in degrees, wrapped into (-180, 180]. */
function turned(from: number, to: number): number {
  let d = (to - from) / DEG;
  while (d <= -180) d += 360;
  while (d > 180) d -= 360;
  return d;
}

test('a learner teleports to another station with a controller ray and back with a pinching hand, through a fade', async ({
  app,
}) => {
  test.setTimeout(360_000);
  await app.openCourse('data-security');
  const headset = new Headset(app);
  await headset.enter();
  const start = await headset.comfort();
  expect([start.rig.x, start.rig.z]).toEqual([0, -0.5]);

  await headset.select('station:desk-b');
  await app.poll(async () => (await headset.comfort()).rig.x).toBeCloseTo(1.3, 5);
  const there = await headset.comfort();
  expect(there.rig.z).toBeCloseTo(-0.6, 5);
  // Faded to black and back rather than a cut or a glide.
  expect(there.fadeFrames).toBeGreaterThan(0);

  await headset.useHands(true, 'pinch');
  await headset.select('station:patrol');
  await app.poll(async () => (await headset.comfort()).rig.x).toBeCloseTo(0, 5);
  expect((await headset.comfort()).rig.z).toBeCloseTo(-0.5, 5);
});

test('snap turn turns the rig by exactly the configured angle per flick, and not at all while the stick is held', async ({
  app,
  page,
}) => {
  test.setTimeout(360_000);
  await app.openCourse('data-security');
  await openComfortSettings(page);
  await page.getByLabel('每次转向角度').selectOption('45');
  const headset = new Headset(app);
  await headset.enter();
  const before = await headset.comfort();

  await headset.stick('right', 1);
  await app.poll(async () => (await headset.comfort()).snapTurns).toBe(1);
  await headset.settled();
  const first = await headset.comfort();
  expect(turned(before.rig.yaw, first.rig.yaw)).toBeCloseTo(-45, 5);
  // Held right for a good while: nothing more.
  await app.frames(30);
  const held = await headset.comfort();
  expect(held.snapTurns).toBe(1);
  expect(held.rig.yaw).toBe(first.rig.yaw);
  // Let go, flick left: back where we started. The head stayed where it was all along.
  await headset.stick('right', 0);
  await headset.stick('right', -1);
  await app.poll(async () => (await headset.comfort()).snapTurns).toBe(2);
  await headset.settled();
  const back = await headset.comfort();
  expect(turned(before.rig.yaw, back.rig.yaw)).toBeCloseTo(0, 5);
  expect([back.rig.x, back.rig.z]).toEqual([before.rig.x, before.rig.z].map((v) => expect.closeTo(v, 5)));
  await headset.stick('right', 0);
  // Smooth locomotion is off by default: the left stick moves nobody.
  await headset.stick('left', 0, -1);
  await app.frames(20);
  await headset.stick('left', 0, 0);
  const after = await headset.comfort();
  expect([after.rig.x, after.rig.z]).toEqual([before.rig.x, before.rig.z].map((v) => expect.closeTo(v, 5)));
});

test('seated mode lifts a seated learner to standing eye height from the comfort panel in VR, and drops back when off', async ({
  app,
  page,
  saveArtifact,
}) => {
  test.setTimeout(360_000);
  await app.openCourse('data-security');
  const headset = new Headset(app);
  await headset.enter();
  // Sitting down: eyes at 1.1 m.
  await headset.head([0, 1.1, 0]);
  const standing = await headset.comfort();
  expect(standing.lift).toBe(0);

  await headset.select('comfort-open:open');
  await app.poll(() => app.has('comfort:seated')).toBe(true);
  await app.frames(4);
  await saveArtifact('comfort-panel-vr');
  await headset.select('comfort:seated');
  await app.poll(async () => (await headset.comfort()).lift).toBeCloseTo(0.5, 3);
  expect((await headset.comfort()).rig.y).toBeCloseTo(standing.rig.y + 0.5, 3);
  // The setting is the device's: the 2D page shows it too.
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('shixun.comfort.v1') ?? '{}').seated)).toBe(true);

  await headset.select('comfort:seated');
  await app.poll(async () => (await headset.comfort()).lift).toBe(0);
  expect((await headset.comfort()).rig.y).toBeCloseTo(standing.rig.y, 5);
  await headset.select('comfort:close');
  await app.poll(() => app.has('comfort-open:open')).toBe(true);
});

test('recenter (hold B) puts the learner back at the station facing the task, with the panel in front of the head', async ({
  app,
}) => {
  test.setTimeout(360_000);
  await app.openCourse('data-security');
  const headset = new Headset(app);
  await headset.enter();
  const station = (await app.hook((h) => h.station))!;
  // The learner wandered half a metre and turned 70° to the left.
  await headset.head([0.5, 1.6, 0.3], yawRotation(70));

  await headset.press('right', 'b-button', 1);
  await app.poll(async () => (await headset.comfort()).recenters, { timeout: 20_000 }).toBe(1);
  await headset.press('right', 'b-button', 0);
  await headset.settled();
  await app.frames(3);

  const { rig } = await headset.comfort();
  // The head is now above the station and looks the way the station faces.
  const headWorld = {
    x: rig.x + 0.5 * Math.cos(rig.yaw) + 0.3 * Math.sin(rig.yaw),
    z: rig.z - 0.5 * Math.sin(rig.yaw) + 0.3 * Math.cos(rig.yaw),
    yaw: rig.yaw + 70 * DEG,
  };
  expect(headWorld.x).toBeCloseTo(station.position[0], 3);
  expect(headWorld.z).toBeCloseTo(station.position[2], 3);
  expect(turned(station.yaw * DEG, headWorld.yaw)).toBeCloseTo(0, 3);

  // The task panel's button is ahead of the head, 1–1.8 m away, a little below the eyes.
  const button = (await app.hook((h) => h.worldCenter('inspect:finish')))!;
  const dx = button[0] - headWorld.x;
  const dz = button[2] - headWorld.z;
  const off = Math.abs(turned(headWorld.yaw, Math.atan2(-dx, -dz)));
  expect(off).toBeLessThan(35);
  expect(Math.hypot(dx, dz)).toBeGreaterThan(1);
  expect(Math.hypot(dx, dz)).toBeLessThan(1.8);
  expect(button[1]).toBeLessThan(rig.y + 1.6);
});

test('panels that drift out of the comfortable cone come back in front of the learner, never glued to the head', async ({
  app,
}) => {
  test.setTimeout(360_000);
  await app.openCourse('data-security');
  const headset = new Headset(app);
  await headset.enter();
  const finish = async () => (await app.hook((h) => h.worldCenter('inspect:finish')))!;
  const before = await finish();
  // Looking a little aside (inside the cone) for as long as one likes leaves the panels where they are.
  await headset.head([0, 1.6, 0], yawRotation(20));
  await app.frames(40);
  expect(await finish()).toEqual(before);
  expect((await headset.comfort()).follows).toBe(0);
  // Turned well away: after a moment the panels come round to the front of the head, once.
  await headset.head([0, 1.6, 0], yawRotation(100));
  await app.poll(async () => (await headset.comfort()).follows, { timeout: 30_000 }).toBe(1);
  const after = await finish();
  const station = (await app.hook((h) => h.station))!;
  const bearing = Math.atan2(-(after[0] - station.position[0]), -(after[2] - station.position[2]));
  expect(Math.abs(turned(100 * DEG, bearing))).toBeLessThan(35);
  await app.frames(30);
  expect(await finish()).toEqual(after);
  expect((await headset.comfort()).follows).toBe(1);
});

test('smooth locomotion, once turned on, glides with the left stick under a vignette that clears when the stick is let go, and can be turned off', async ({
  app,
  page,
  saveArtifact,
}) => {
  test.setTimeout(360_000);
  await app.openCourse('data-security');
  await openComfortSettings(page);
  const vignetteBox = page.getByLabel('平滑移动时收窄视野边缘（暗角，减轻晕动）');
  // Only meaningful with smooth locomotion: disabled until it is on.
  await expect(vignetteBox).toBeDisabled();
  await page.getByLabel('平滑移动（摇杆连续移动和转向，易引起晕动）').check();
  await expect(vignetteBox).toBeEnabled();
  await expect(vignetteBox).toBeChecked();
  const headset = new Headset(app);
  await headset.enter();
  const start = await headset.comfort();
  const vignetteShown = () => app.hook((h) => h.scene?.getObjectByName('comfort-vignette')?.visible ?? null);
  expect(await vignetteShown()).toBe(false);

  // Full stick forward: the learner glides ahead (-z at a 0° station) and the ring closes fully.
  await headset.stick('left', 0, -1);
  await app.poll(async () => (await headset.comfort()).vignette).toBe(1);
  expect(await vignetteShown()).toBe(true);
  await saveArtifact('comfort-vignette');
  await app.poll(async () => (await headset.comfort()).rig.z).toBeLessThan(start.rig.z - 0.2);
  expect((await headset.comfort()).snapTurns).toBe(0);
  await headset.stick('left', 0, 0);
  await app.poll(async () => (await headset.comfort()).vignette).toBe(0);
  await app.frames(3);
  expect(await vignetteShown()).toBe(false);
  const stopped = await headset.comfort();
  await app.frames(10);
  expect((await headset.comfort()).rig.z).toBe(stopped.rig.z);

  // Walked into the room (past desks whose hit boxes now sit between hand and panel): hold B to
  // stand on the station again, then turn the vignette off from the panel in VR (its button shows
  // while smooth locomotion is on). The glide goes on without it.
  await headset.press('right', 'b-button', 1);
  await app.poll(async () => (await headset.comfort()).recenters, { timeout: 20_000 }).toBe(1);
  await headset.press('right', 'b-button', 0);
  await headset.settled();
  expect((await headset.comfort()).rig.z).toBeCloseTo(start.rig.z, 1);
  await headset.select('comfort-open:open');
  await app.poll(() => app.has('comfort:vignette')).toBe(true);
  await headset.select('comfort:vignette');
  await app.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('shixun.comfort.v1') ?? '{}').vignette)).toBe(false);
  await headset.select('comfort:close');
  const frames = (await headset.comfort()).vignetteFrames;
  await headset.stick('left', 0, -1);
  await app.poll(async () => (await headset.comfort()).rig.z).toBeLessThan(start.rig.z - 0.2);
  await headset.stick('left', 0, 0);
  const after = await headset.comfort();
  expect([after.vignette, after.vignetteFrames]).toEqual([0, frames]);
});

test('reduced motion: teleport and snap turn are instant cuts with no fade frame, and the page drops its transitions', async ({
  app,
  page,
}) => {
  test.setTimeout(360_000);
  await app.openCourse('data-security');
  await openComfortSettings(page);
  await page.getByLabel('减少动态效果').selectOption('on');
  await expect(page.locator('html')).toHaveAttribute('data-reduced-motion', '');
  const headset = new Headset(app);
  await headset.enter();

  await headset.select('station:desk-b');
  await app.poll(async () => (await headset.comfort()).rig.x).toBeCloseTo(1.3, 5);
  await headset.stick('right', 1);
  await app.poll(async () => (await headset.comfort()).snapTurns).toBe(1);
  await headset.stick('right', 0);
  await app.frames(10);
  const probe = await headset.comfort();
  expect(turned(0, probe.rig.yaw)).toBeCloseTo(-30, 5);
  expect(probe.fadeFrames).toBe(0);
});

test('the comfort settings on the play page are keyboard-usable, persist on this device and recenter a desktop view', async ({
  app,
  page,
  saveArtifact,
}) => {
  await app.openCourse('data-security');
  await page.locator('[data-action="comfort-settings"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-action="comfort-settings"]')).toHaveAttribute('aria-expanded', 'true');
  await page.getByLabel('每次转向角度').selectOption('90');
  await page.getByLabel('平滑移动（摇杆连续移动和转向，易引起晕动）').check();
  await page.getByLabel('坐姿模式（把视线抬高到站立高度）').check();
  await saveArtifact('comfort-settings-2d');
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('shixun.comfort.v1') ?? '{}'))).toEqual({
    snapAngle: 90,
    smoothLocomotion: true,
    vignette: true,
    seated: true,
    reducedMotion: 'system',
  });

  // Look away by dragging, then Recenter faces the task again.
  const yaw0 = await app.hook((h) => h.camera!.rotation.y);
  await app.lookToward('hotspot:unbadged-visitor');
  const yaw1 = await app.hook((h) => h.camera!.rotation.y);
  expect(Math.abs(yaw1 - yaw0)).toBeGreaterThan(0.2);
  await page.locator('[data-action="recenter"]').click();
  await app.frames(3);
  expect(await app.hook((h) => h.camera!.rotation.y)).toBeCloseTo(yaw0, 5);

  await page.reload();
  await app.waitForScene();
  await openComfortSettings(page);
  await expect(page.getByLabel('每次转向角度')).toHaveValue('90');
  await expect(page.getByLabel('坐姿模式（把视线抬高到站立高度）')).toBeChecked();
});
