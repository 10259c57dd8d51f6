// Journeys through the algorithm-ethics and governance courses: full marks (the mouse in 3D on the
// widget kinds only these courses have), and a failing path through the DOM panel, each with the
// expected verdict and score.
import { ALGORITHM_FAILING, ALGORITHM_PASSING, ALGORITHM_STEPS } from './fixtures/algorithm-ethics-paths.ts';
import type { StepPlan } from './fixtures/data-security-paths.ts';
import { playStep3d, playStepDom } from './fixtures/drive.ts';
import { GOVERNANCE_FAILING, GOVERNANCE_PASSING, GOVERNANCE_STEPS } from './fixtures/governance-paths.ts';
import { expect, RENDER_VIEWPORT, test } from './fixtures/index.ts';

test.use({ viewport: RENDER_VIEWPORT });

interface CoursePaths {
  readonly id: string;
  readonly steps: readonly string[];
  readonly passing: Readonly<Record<string, StepPlan>>;
  readonly failing: Readonly<Record<string, StepPlan>>;
  readonly max: number;
}

const COURSE_PATHS: CoursePaths[] = [
  { id: 'algorithm-ethics', steps: ALGORITHM_STEPS, passing: ALGORITHM_PASSING, failing: ALGORITHM_FAILING, max: 100 },
  { id: 'governance', steps: GOVERNANCE_STEPS, passing: GOVERNANCE_PASSING, failing: GOVERNANCE_FAILING, max: 112 },
];

// The mouse plays the whole data-security course in 3D (e2e/desktop-journey.spec.ts): inspect,
// choice, classify, sequence and dialogue widgets. Here the mouse plays in 3D the widget kinds
// that course lacks (lab, timed), and the passing path's other steps go through the task panel:
// both feed the same attempt, so the course's full marks and pass are proven either way.
const MOUSE_ELSEWHERE = new Set<StepPlan['type']>(['inspect', 'choice', 'classify', 'sequence', 'dialogue']);

for (const course of COURSE_PATHS) {
  test(`${course.id}: a learner finishes every scene with full marks, with the mouse in 3D on its lab and timed steps`, async ({
    app,
    page,
    saveArtifact,
  }) => {
    test.setTimeout(480_000);
    await app.openCourse(course.id);
    for (const stepId of course.steps) {
      await app.expectStep(stepId);
      const plan = course.passing[stepId]!;
      if (MOUSE_ELSEWHERE.has(plan.type)) await playStepDom(app, plan);
      else await playStep3d(app, plan);
    }
    const results = page.locator('main.results');
    await expect(results).toHaveAttribute('data-passed', 'true');
    await expect(results).toHaveAttribute('data-score', String(course.max));
    for (const record of (await app.state()).records)
      expect(record.result.score, `${record.stepId} on the passing path`).toBe(record.result.max);
    await saveArtifact(`results-pass-${course.id}`);
  });

  test(`${course.id}: a learner on a failing path fails, with feedback`, async ({ app, page }) => {
    test.setTimeout(240_000);
    await app.openCourse(course.id);
    for (const stepId of course.steps) {
      await app.expectStep(stepId);
      await playStepDom(app, course.failing[stepId]!);
    }
    const results = page.locator('main.results');
    await expect(results).toHaveAttribute('data-passed', 'false');
    expect(Number(await results.getAttribute('data-score'))).toBeLessThan(course.max * 0.7);
    await expect(results.locator('details')).toHaveCount(course.steps.length);
  });
}
