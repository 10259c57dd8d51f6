// The app's test hook as the bench sees it in the page (e2e builds), and waits built on it.
import type { Page } from '@playwright/test';
import type { ShixunTestHook } from '../src/testing/test-hook.ts';

/** `window.__shixunTest`, typed by the app's own hook (e2e/fixtures declares a narrower global). */
export type HookWindow = { __shixunTest?: ShixunTestHook };

export interface CourseOutline {
  readonly id: string;
  readonly scenes: readonly { readonly id: string; readonly steps: readonly string[] }[];
}

export interface StepProbe {
  readonly calls: number;
  readonly triangles: number;
  readonly programs: number;
  readonly targets: number;
  readonly views: number;
}

/** Opens a course and waits until its first scene renders and the hook can skip steps. */
export async function openCourse(page: Page, origin: string, courseId: string, extra = ''): Promise<void> {
  await page.goto(`${origin}/?course=${encodeURIComponent(courseId)}&lang=zh-CN${extra}`);
  await page.waitForFunction(
    () => {
      const hook = (window as unknown as HookWindow).__shixunTest;
      return Boolean(hook?.attempt && hook.frames > 0 && hook.skipStep);
    },
    undefined,
    { timeout: 90_000, polling: 100 },
  );
  await frames(page, 3);
}

export async function frames(page: Page, n: number): Promise<void> {
  await page.evaluate((count) => (window as unknown as HookWindow).__shixunTest?.waitFrames(count), n);
}

/** Waits until the attempt presents step `stepIndex` of scene `sceneIndex`. */
export async function waitForStep(page: Page, sceneIndex: number, stepIndex: number): Promise<void> {
  await page.waitForFunction(
    ([scene, step]) => {
      const state = (window as unknown as HookWindow).__shixunTest?.attempt?.getState();
      return state?.status === 'in-progress' && state.sceneIndex === scene && state.stepIndex === step;
    },
    [sceneIndex, stepIndex] as const,
    { timeout: 60_000, polling: 50 },
  );
}

/** Renders `settle` frames, then reads renderer.info of the last frame and the raycast targets. */
export async function probe(page: Page, settle: number): Promise<StepProbe> {
  return page.evaluate(async (n) => {
    const hook = (window as unknown as HookWindow).__shixunTest;
    if (!hook) throw new Error('no test hook: is this an e2e build?');
    await hook.waitFrames(n);
    const info = hook.info();
    const xr = hook.gl?.xr;
    const views = xr?.isPresenting ? xr.getCamera().cameras.length : 1;
    return {
      calls: info.calls,
      triangles: info.triangles,
      programs: info.programs,
      targets: hook.focus?.getState().items.size ?? 0,
      views,
    };
  }, settle);
}

/**
 * Probes until two reads `settle` frames apart agree (assets such as glTF models or troika text
 * may still be arriving when a step is first presented); gives the last read after `tries`.
 */
export async function settledProbe(page: Page, settle: number, tries = 6): Promise<StepProbe> {
  let previous = await probe(page, settle);
  for (let i = 1; i < tries; i++) {
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    const next = await probe(page, settle);
    if (
      next.calls === previous.calls &&
      next.triangles === previous.triangles &&
      next.programs === previous.programs &&
      next.targets === previous.targets
    )
      return next;
    previous = next;
  }
  return previous;
}

export async function skipStep(page: Page): Promise<void> {
  await page.evaluate(() => {
    const skip = (window as unknown as HookWindow).__shixunTest?.skipStep;
    if (!skip) throw new Error('the test hook cannot skip steps');
    skip();
  });
}
