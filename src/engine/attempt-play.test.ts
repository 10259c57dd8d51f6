// An assessment as the browser plays it: the public view, as it is, with a grader that only
// records. On the three shipped courses the engine plays it to the end with the passing answers,
// the full course (the server) grades that log as a pass, and every step opens with the draft the
// server starts from (sequences in the order shown).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALGORITHM_PASSING } from '../../e2e/fixtures/algorithm-ethics-paths.ts';
import { PASSING, type StepPlan } from '../../e2e/fixtures/data-security-paths.ts';
import { GOVERNANCE_PASSING } from '../../e2e/fixtures/governance-paths.ts';
import { loadCourses } from '../course/node/load-courses.ts';
import type { Course, Step } from '../course/schema.ts';
import type { AttemptAction } from './attempt-actions.ts';
import { openBook, recordedOnly, RECORDED_ONLY } from './attempt-play.ts';
import { replayAttempt } from './attempt-reducer.ts';
import { createAttemptStore } from './attempt-store.ts';
import { summarizeAttempt } from './attempt-summary.ts';
import { toPublicCourse } from './public-view.ts';
import type { StepResponse } from './responses.ts';
import { emptyResponse } from './step-kinds/index.ts';
import { playResponses } from './test-course.ts';

const root = resolve(import.meta.dirname, '../..');
const courses = loadCourses(resolve(root, 'courses'), root).courses.map((c) => c.course);
const PLANS: Record<string, Readonly<Record<string, StepPlan>>> = {
  'data-security': PASSING,
  'algorithm-ethics': ALGORITHM_PASSING,
  governance: GOVERNANCE_PASSING,
};

/** The e2e fixtures' passing plan for a step, as the raw response the DOM panel would build. */
function responseFor(step: Step, plan: StepPlan): StepResponse {
  switch (plan.type) {
    case 'inspect':
      return { type: 'inspect', found: { ...plan.fixes } };
    case 'choice':
      return { type: 'choice', selected: plan.pick };
    case 'classify':
      return { type: 'classify', placements: plan.placements };
    case 'sequence':
      return { type: 'sequence', order: plan.order };
    case 'dialogue':
      return { type: 'dialogue', path: plan.path };
    case 'lab':
      if (step.type !== 'lab') throw new Error(`${step.id} is not a lab`);
      return { type: 'lab', removed: plan.remove, threshold: plan.threshold ?? step.threshold, answers: plan.answers };
    case 'timed':
      // Promptly: one action a second, then stop.
      return {
        type: 'timed',
        done: plan.actions.map((id, i) => ({ id, atMs: (i + 1) * 1000 })),
        endedMs: (plan.actions.length + 1) * 1000,
      };
  }
}

function passingResponses(course: Course): StepResponse[] {
  const plans = PLANS[course.id]!;
  return course.scenes.flatMap((scene) => scene.steps.map((step) => responseFor(step, plans[step.id]!)));
}

describe('an assessment played on the public view', () => {
  it('has the three shipped courses to check', () => {
    expect(courses.map((c) => c.id).sort()).toEqual(['algorithm-ethics', 'data-security', 'governance']);
  });

  for (const course of courses) {
    describe(course.id, () => {
      const view = toPublicCourse(course);

      it('plays a whole assessment on the engine, grading nothing, and the full course grades that log as a pass', () => {
        let t = 1_000_000;
        let log: readonly AttemptAction[] = [];
        const store = createAttemptStore({
          course: recordedOnly(view),
          now: () => (t += 1_000),
          newId: () => 'a7c1c7de-0000-4000-8000-000000000001',
          onLog: (l) => (log = l),
        });
        store.getState().actions.start('assessment');
        playResponses(store, passingResponses(course));
        expect(store.getState().status).toBe('finished');
        expect(store.getState().records).toHaveLength(course.scenes.reduce((n, s) => n + s.steps.length, 0));
        expect(store.getState().records.every((r) => r.result === RECORDED_ONLY)).toBe(true);

        // What the server does with the log: replay it on the full course.
        const official = summarizeAttempt(course, replayAttempt(course, log));
        expect(official.completed).toBe(true);
        expect(official.passed).toBe(true);
        expect(official.scaled).toBeGreaterThanOrEqual(course.masteryScore);
        // And the same answers played straight on the full course score the same.
        const direct = createAttemptStore({
          course,
          now: () => (t += 1_000),
          newId: () => 'a7c1c7de-0000-4000-8000-000000000002',
        });
        direct.getState().actions.start('assessment');
        playResponses(direct, passingResponses(course));
        expect(official.score).toBe(summarizeAttempt(course, direct.getState()).score);
      });

      it('opens each step with the same draft the server starts from (sequences in the shown order)', () => {
        const practice = openBook(course).course;
        course.scenes.forEach((scene, si) =>
          scene.steps.forEach((step, k) => {
            expect(emptyResponse(view.scenes[si]!.steps[k]!), `${step.id}`).toEqual(
              emptyResponse(practice.scenes[si]!.steps[k]!),
            );
          }),
        );
        for (const shown of view.scenes.flatMap((s) => s.steps)) {
          if (shown.type !== 'sequence') continue;
          const opening = emptyResponse(shown);
          expect(opening.type === 'sequence' && opening.order).toEqual(shown.items.map((i) => i.id));
        }
      });
    });
  }
});
