// Journeys through the algorithm-ethics and governance courses: full marks with the mouse in 3D,
// and a failing path through the DOM panel, each with the expected verdict and score.
import { ALGORITHM_FAILING, ALGORITHM_PASSING, ALGORITHM_STEPS } from './fixtures/algorithm-ethics-paths.ts';
import type { StepPlan } from './fixtures/data-security-paths.ts';
import { playStep3d, playStepDom } from './fixtures/drive.ts';
import { GOVERNANCE_FAILING, GOVERNANCE_PASSING, GOVERNANCE_STEPS } from './fixtures/governance-paths.ts';
import { expect, test } from './fixtures/index.ts';

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

for (const course of COURSE_PATHS) {
  test(`${course.id}: a learner finishes every scene with the mouse in 3D with full marks`, async ({ app, page, saveArtifact }) => {
    test.setTimeout(480_000);
    await app.openCourse(course.id);
    for (const stepId of course.steps) {
      await app.expectStep(stepId);
      await playStep3d(app, course.passing[stepId]!);
    }
    const results = page.locator('main.results');
    await expect(results).toHaveAttribute('data-passed', 'true');
    await expect(results).toHaveAttribute('data-score', String(course.max));
    for (const record of (await app.state()).records) expect(record.result.score, `${record.stepId} on the passing path`).toBe(record.result.max);
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
