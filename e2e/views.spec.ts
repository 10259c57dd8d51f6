// Screenshots of every scene, on desktop (both languages) and in the emulated headset, saved as
// artifacts to look at; each view must render with its room, props and task panel.
import { catalogScenes } from './fixtures/courses.ts';
import { expect, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';
import type { ShixunApp } from './fixtures/app.ts';

/** How much of a key object a panel may overlap (its rim: hit boxes are a little larger than the object). */
const MAX_COVERED = 0.1;

/**
 * The key objects of the step on show that the opening view does not frame whole, or that a panel
 * covers: each object's hit box and each panel's background projected to the screen. What is
 * picked up and where it goes must all be in view; a thing to find may lie elsewhere in the room,
 * but one whose middle is in view must be in view whole.
 */
async function framingProblems(app: ShixunApp): Promise<string[]> {
  const { keys, panels } = await app.hook((h) => h.viewBounds());
  const problems: string[] = [];
  const area = (b: { minX: number; minY: number; maxX: number; maxY: number }) =>
    Math.max(0, b.maxX - b.minX) * Math.max(0, b.maxY - b.minY);
  for (const key of keys) {
    // Things to find in the room may lie anywhere around it; one the view shows must show whole.
    const [cx, cy] = [(key.minX + key.maxX) / 2, (key.minY + key.maxY) / 2];
    if (key.id.startsWith('hotspot:') && (key.behind || Math.abs(cx) > 1 || Math.abs(cy) > 1)) continue;
    if (key.behind || key.minX < -1 || key.maxX > 1 || key.minY < -1 || key.maxY > 1)
      problems.push(
        `${key.id} is not inside the view (x ${key.minX.toFixed(2)}..${key.maxX.toFixed(2)}, y ${key.minY.toFixed(2)}..${key.maxY.toFixed(2)})`,
      );
    for (const panel of panels) {
      const overlap = area({
        minX: Math.max(key.minX, panel.minX),
        maxX: Math.min(key.maxX, panel.maxX),
        minY: Math.max(key.minY, panel.minY),
        maxY: Math.min(key.maxY, panel.maxY),
      });
      if (overlap > MAX_COVERED * area(key))
        problems.push(`${key.id} is covered by panel ${panel.id} (${Math.round((100 * overlap) / area(key))}%)`);
    }
  }
  return problems;
}

for (const course of catalogScenes()) {
  test(`${course.id}: every scene renders on desktop in English and in the headset`, async ({ app, page, saveArtifact }) => {
    test.setTimeout(240_000);
    const models: string[] = [];
    page.on('response', (r) => {
      if (/\/courses\/.+\.(glb|gltf)$/.test(new URL(r.url()).pathname)) models.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await app.openCourse(course.id, 'en');
    await expect(page.locator('.app-header .lang')).toHaveText('中文');
    await expect(page.locator('.task-panel .badge')).toHaveText('Practice mode (not counted towards assessment)');
    for (const [index, scene] of course.scenes.entries()) {
      if (index > 0) await app.skipSteps(course.scenes[index - 1]!.steps.length);
      await app.expectStep(scene.steps[0]!);
      await app.frames(6);
      const info = await app.renderInfo();
      expect(info.calls, `${scene.id} draws something`).toBeGreaterThan(3);
      await saveArtifact(`en-${course.id}-${scene.id}`);
      expect
        .soft(await framingProblems(app), `${scene.id}: the opening view frames every key object, clear of panels`)
        .toEqual([]);
    }
    // glTF props come from the course's own assets, served by the app.
    for (const model of models) expect(model).toMatch(/^200 /);

    // A fresh attempt for the headset pass.
    await page.evaluate(() => localStorage.clear());
    await app.openCourse(course.id);
    const headset = new Headset(app);
    await headset.enter();
    for (const [index, scene] of course.scenes.entries()) {
      if (index > 0) await app.skipSteps(course.scenes[index - 1]!.steps.length);
      await app.expectStep(scene.steps[0]!);
      await app.frames(8);
      await saveArtifact(`headset-${course.id}-${scene.id}`);
    }
  });
}
