// The emulated Quest 3 rendering both eyes (?xr-stereo): per-scene counts per view, and the JS
// time of each XR frame on the first scene.
import type { Page } from '@playwright/test';
import type { BenchBrowser } from './browser.ts';
import { frames, openCourse, settledProbe, skipStep, waitForStep, type CourseOutline, type HookWindow } from './page-hook.ts';
import type { RunningServer } from './server.ts';
import { SCENE_BUDGET, type IdleCommits, type XrScene } from './types.ts';

export const XR_FRAME_SAMPLES = 300;

export interface XrWalk {
  readonly scenes: XrScene[];
  /** JS ms per XR frame on the first scene (only when asked for). */
  readonly frameTimes: number[] | null;
  /** React commits while those frames rendered with no input (only when asked for). */
  readonly idle: IdleCommits | null;
}

async function enterVr(page: Page): Promise<void> {
  await page.locator('[data-action="enter-vr"]').click({ timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as HookWindow).__shixunTest?.gl?.xr.isPresenting === true, undefined, {
    timeout: 60_000,
  });
  await frames(page, 10);
}

/** Clears the hook's frame times, then waits until `n` XR frames have been timed (no input meanwhile). */
async function collectFrameTimes(page: Page, n: number): Promise<{ times: number[]; commits: number }> {
  const before = await page.evaluate(() => {
    const hook = (window as unknown as HookWindow).__shixunTest;
    if (hook) hook.frameTimes.length = 0;
    return hook?.commits ?? 0;
  });
  await page.waitForFunction((count) => ((window as unknown as HookWindow).__shixunTest?.frameTimes.length ?? 0) >= count, n, {
    timeout: 180_000,
    polling: 250,
  });
  return page.evaluate((start) => {
    const hook = (window as unknown as HookWindow).__shixunTest;
    return { times: [...(hook?.frameTimes ?? [])], commits: (hook?.commits ?? 0) - start };
  }, before);
}

export async function walkXr(
  browser: BenchBrowser,
  server: RunningServer,
  course: CourseOutline,
  timeFrames: boolean,
): Promise<XrWalk> {
  return browser.withContext(server.host, `headset walk ${course.id}`, async (context) => {
    const page = await context.newPage();
    await openCourse(page, server.origin, course.id, '&xr-stereo');
    await enterVr(page);
    const timed = timeFrames ? await collectFrameTimes(page, XR_FRAME_SAMPLES) : null;
    const firstScene = course.scenes[0]?.id ?? '';
    const idle = timed
      ? {
          courseId: course.id,
          sceneId: firstScene,
          where: 'headset' as const,
          frames: timed.times.length,
          commits: timed.commits,
        }
      : null;
    const scenes: XrScene[] = [];
    for (const [sceneIndex, scene] of course.scenes.entries()) {
      for (const [stepIndex] of scene.steps.entries()) {
        await waitForStep(page, sceneIndex, stepIndex);
        if (stepIndex === 0) {
          const p = await settledProbe(page, 6);
          const views = Math.max(1, p.views);
          const callsPerView = p.calls / views;
          const trianglesPerView = p.triangles / views;
          scenes.push({
            courseId: course.id,
            sceneId: scene.id,
            views: p.views,
            calls: p.calls,
            triangles: p.triangles,
            callsPerView,
            trianglesPerView,
            pass: callsPerView <= SCENE_BUDGET.calls && trianglesPerView <= SCENE_BUDGET.triangles,
          });
        }
        await skipStep(page);
      }
    }
    return { scenes, frameTimes: timed?.times ?? null, idle };
  });
}
