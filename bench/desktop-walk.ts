// Desktop (1280×720) walk through every step of a course: per-scene counts at each scene's first
// step, shader programs compiled along the way, and React commits over idle frames.
import type { BenchBrowser } from './browser.ts';
import {
  frames,
  openCourse,
  settledProbe,
  skipStep,
  waitForStep,
  type CourseOutline,
  type HookWindow,
  type StepProbe,
} from './page-hook.ts';
import type { RunningServer } from './server.ts';
import { SCENE_BUDGET, type DesktopScene, type IdleCommits, type ProgramWalk } from './types.ts';

export const IDLE_FRAMES = 300;

export interface DesktopWalk {
  readonly scenes: DesktopScene[];
  readonly programs: ProgramWalk;
  readonly idle: IdleCommits;
}

function withinBudget(p: StepProbe): boolean {
  return (
    p.calls <= SCENE_BUDGET.calls &&
    p.triangles <= SCENE_BUDGET.triangles &&
    p.programs <= SCENE_BUDGET.programs &&
    p.targets <= SCENE_BUDGET.targets
  );
}

export async function walkDesktop(browser: BenchBrowser, server: RunningServer, course: CourseOutline): Promise<DesktopWalk> {
  return browser.withContext(server.host, `desktop walk ${course.id}`, async (context) => {
    const page = await context.newPage();
    await openCourse(page, server.origin, course.id);
    const scenes: DesktopScene[] = [];
    let atFirstScene = 0;
    let last: StepProbe | null = null;
    let maxPrograms = 0;
    let idle: IdleCommits | null = null;
    const increases: ProgramWalk['increases'][number][] = [];
    for (const [sceneIndex, scene] of course.scenes.entries()) {
      let first: StepProbe | null = null;
      const max = { calls: 0, triangles: 0, targets: 0 };
      for (const [stepIndex] of scene.steps.entries()) {
        await waitForStep(page, sceneIndex, stepIndex);
        const p = await settledProbe(page, stepIndex === 0 ? 6 : 3);
        if (last && p.programs > last.programs)
          increases.push({ sceneId: scene.id, stepId: scene.steps[stepIndex] ?? '', programs: p.programs });
        last = p;
        maxPrograms = Math.max(maxPrograms, p.programs);
        max.calls = Math.max(max.calls, p.calls);
        max.triangles = Math.max(max.triangles, p.triangles);
        max.targets = Math.max(max.targets, p.targets);
        if (stepIndex === 0) first = p;
        if (sceneIndex === 0 && stepIndex === 0) {
          atFirstScene = p.programs;
          idle = {
            courseId: course.id,
            sceneId: scene.id,
            where: 'desktop',
            frames: IDLE_FRAMES,
            commits: await idleCommits(page),
          };
        }
        await skipStep(page);
      }
      if (!first) continue;
      scenes.push({
        courseId: course.id,
        sceneId: scene.id,
        firstStepId: scene.steps[0] ?? '',
        calls: first.calls,
        triangles: first.triangles,
        programs: first.programs,
        targets: first.targets,
        maxOverSteps: max,
        pass: withinBudget(first),
      });
    }
    const firstScene = course.scenes[0]?.id ?? '';
    return {
      scenes,
      programs: { courseId: course.id, atFirstScene, atEnd: last?.programs ?? 0, max: maxPrograms, increases },
      idle: idle ?? { courseId: course.id, sceneId: firstScene, where: 'desktop', frames: 0, commits: 0 },
    };
  });
}

/** React commits while the scene renders IDLE_FRAMES frames with no input. */
async function idleCommits(page: Parameters<typeof frames>[0]): Promise<number> {
  await frames(page, 3);
  return page.evaluate(async (n) => {
    const hook = (window as unknown as HookWindow).__shixunTest;
    if (!hook) throw new Error('no test hook');
    const before = hook.commits;
    await hook.waitFrames(n);
    return hook.commits - before;
  }, IDLE_FRAMES);
}
