// Screenshots of every scene, on desktop (both languages) and in the emulated headset, saved as
// artifacts to look at; each view must render with its room, props and task panel.
import { catalogScenes } from './fixtures/courses.ts';
import { expect, test } from './fixtures/index.ts';
import { Headset } from './fixtures/xr.ts';

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
