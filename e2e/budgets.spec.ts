// Exact counts from docs/performance.md for every scene of every course: draw calls, triangles and
// shader programs per view, raycast targets, and no program compiled after a scene is ready.
import { catalogScenes } from './fixtures/courses.ts';
import { expect, RENDER_VIEWPORT, test } from './fixtures/index.ts';

test.use({ viewport: RENDER_VIEWPORT });

const BUDGET = { calls: 50, triangles: 150_000, programs: 12, targets: 40 };

test('every scene stays within the draw-call, triangle, program and raycast budgets', async ({ app }) => {
  test.setTimeout(300_000);
  for (const course of catalogScenes()) {
    await app.openCourse(course.id);
    // Headless Chromium draws on the CPU (SwiftShader): the view turns antialiasing off and keeps
    // one device pixel per CSS pixel there (src/scenes/render-quality.ts).
    const drawing = await app.hook((h) => ({
      antialias: h.gl!.getContextAttributes()?.antialias,
      pixelRatio: h.gl!.getPixelRatio(),
      renderer: (() => {
        const gl = h.gl!.getContext();
        const debug = gl.getExtension('WEBGL_debug_renderer_info');
        return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      })(),
    }));
    expect(drawing.renderer).toMatch(/swiftshader/i);
    expect(drawing, `${course.id}: drawing on the CPU`).toMatchObject({ antialias: false, pixelRatio: 1 });
    // "Ready" = loaded models compiled too: the program count holds still for 10 frames.
    let programsAfterFirstScene = -1;
    for (let i = 0; i < 10; i++) {
      await app.frames(10);
      const now = (await app.renderInfo()).programs;
      if (now === programsAfterFirstScene) break;
      programsAfterFirstScene = now;
    }
    for (const scene of course.scenes) {
      // Every step of the scene, measured when it is presented.
      for (const stepId of scene.steps) {
        await app.expectStep(stepId);
        await app.frames(6);
        const info = await app.renderInfo();
        const targets = await app.hook((h) => h.focus!.getState().items.size);
        const where = `${course.id}/${scene.id}/${stepId}`;
        expect(info.calls, `${where} draw calls`).toBeLessThanOrEqual(BUDGET.calls);
        expect(info.triangles, `${where} triangles`).toBeLessThanOrEqual(BUDGET.triangles);
        expect(info.programs, `${where} shader programs`).toBeLessThanOrEqual(BUDGET.programs);
        expect(targets, `${where} raycast targets`).toBeLessThanOrEqual(BUDGET.targets);
        await app.skipSteps(1);
      }
    }
    // The same few materials serve every scene, and models compile as they load: nothing new
    // compiles while the learner works through the course.
    const final = await app.hook((h) => h.info().programs);
    expect(final, `${course.id}: programs compiled after the first scene was ready`).toBe(programsAfterFirstScene);
  }
});
