// The blind course on the three shipped courses: a valid Course the engine plays to the end with
// the passing answers, whose log the full course (the server) grades as a pass, and which holds
// nothing the public view does not.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALGORITHM_PASSING } from '../../e2e/fixtures/algorithm-ethics-paths.ts';
import { PASSING, type StepPlan } from '../../e2e/fixtures/data-security-paths.ts';
import { GOVERNANCE_PASSING } from '../../e2e/fixtures/governance-paths.ts';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { replayAttempt } from '../engine/attempt-reducer.ts';
import { createAttemptStore } from '../engine/attempt-store.ts';
import { summarizeAttempt } from '../engine/attempt-summary.ts';
import type { StepResponse } from '../engine/responses.ts';
import { emptyResponse } from '../engine/step-kinds/index.ts';
import { playResponses } from '../engine/test-course.ts';
import { BLIND_TEXT, blindCourse, isBlindText } from './blind-course.ts';
import { loadCourses } from './node/load-courses.ts';
import { toPublicCourse } from './public-view.ts';
import { courseSchema, type Course, type Step } from './schema.ts';

const root = resolve(import.meta.dirname, '../..');
const courses = loadCourses(resolve(root, 'courses'), root).courses.map((c) => c.course);
const PLANS: Record<string, Readonly<Record<string, StepPlan>>> = { 'data-security': PASSING, 'algorithm-ethics': ALGORITHM_PASSING, governance: GOVERNANCE_PASSING };

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
      return { type: 'timed', done: plan.actions.map((id, i) => ({ id, atMs: (i + 1) * 1000 })), endedMs: (plan.actions.length + 1) * 1000 };
  }
}

function passingResponses(course: Course): StepResponse[] {
  const plans = PLANS[course.id]!;
  return course.scenes.flatMap((scene) => scene.steps.map((step) => responseFor(step, plans[step.id]!)));
}

/** Every string in a value (object keys excluded). */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsOf(v, out));
  return out;
}

function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

/** Every `points` value anywhere in a value. */
function pointsOf(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => pointsOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'points' && typeof v === 'number') out.push(v);
      else pointsOf(v, out);
    }
  }
  return out;
}

describe('blind course', () => {
  it('has the three shipped courses to check', () => {
    expect(courses.map((c) => c.id).sort()).toEqual(['algorithm-ethics', 'data-security', 'governance']);
  });

  for (const course of courses) {
    describe(course.id, () => {
      const view = toPublicCourse(course);
      const blind = blindCourse(view);

      it('is a valid Course by the course schema, with the same scenes and steps', () => {
        const parsed = courseSchema.safeParse(blind);
        expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
        expect(blind.scenes.map((s) => s.steps.map((st) => `${s.id}/${st.id}/${st.type}`))).toEqual(course.scenes.map((s) => s.steps.map((st) => `${s.id}/${st.id}/${st.type}`)));
        expect(blindCourse(view)).toEqual(blind);
      });

      it('plays a whole assessment on the engine, and the full course grades that log as a pass', () => {
        let t = 1_000_000;
        let log: readonly AttemptAction[] = [];
        const store = createAttemptStore({ course: blind, now: () => (t += 1_000), newId: () => 'a7c1c7de-0000-4000-8000-000000000001', onLog: (l) => (log = l) });
        store.getState().actions.start('assessment');
        playResponses(store, passingResponses(course));
        expect(store.getState().status).toBe('finished');
        expect(store.getState().records).toHaveLength(course.scenes.reduce((n, s) => n + s.steps.length, 0));

        // What the server does with the log: replay it on the full course.
        const official = summarizeAttempt(course, replayAttempt(course, log));
        expect(official.completed).toBe(true);
        expect(official.passed).toBe(true);
        expect(official.scaled).toBeGreaterThanOrEqual(course.masteryScore);
        // And the same answers played straight on the full course score the same.
        const direct = createAttemptStore({ course, now: () => (t += 1_000), newId: () => 'a7c1c7de-0000-4000-8000-000000000002' });
        direct.getState().actions.start('assessment');
        playResponses(direct, passingResponses(course));
        expect(official.score).toBe(summarizeAttempt(course, direct.getState()).score);
      });

      it('opens each step with the same draft the server starts from (sequences in the shown order)', () => {
        course.scenes.forEach((scene, si) =>
          scene.steps.forEach((step, k) => {
            expect(emptyResponse(blind.scenes[si]!.steps[k]!), `${step.id}`).toEqual(emptyResponse(step));
          }),
        );
        const sequences = view.scenes.flatMap((s) => s.steps).filter((s) => s.type === 'sequence');
        for (const shown of sequences) {
          const step = blind.scenes.flatMap((s) => s.steps).find((s) => s.id === shown.id)!;
          const opening = emptyResponse(step);
          expect(opening.type === 'sequence' && opening.order).toEqual(shown.items.map((i) => i.id));
        }
      });

      it('holds no answer-key text, key field or key value beyond the public view', () => {
        const text = JSON.stringify(blind);
        const publicText = JSON.stringify(view);
        // Every string of the full course that the public view leaves out (feedback, explanations,
        // notes, sources, outcomes) is absent from the blind course too.
        const secrets = new Set(stringsOf(course).filter((s) => s.length > 3 && !publicText.includes(JSON.stringify(s).slice(1, -1))));
        expect(secrets.size).toBeGreaterThan(50);
        for (const secret of secrets) expect(text.includes(JSON.stringify(secret).slice(1, -1)), `leaked: ${secret.slice(0, 60)}`).toBe(false);
        // Keys that exist only as answers are gone altogether.
        const keys = keysOf(blind);
        for (const key of ['partial', 'penalty', 'findPoints', 'goals', 'deadlines', 'correct']) expect(keys.has(key), key).toBe(false);
        // What must be there for the engine is the same for every item: it tells nothing.
        expect(new Set(pointsOf(blind.scenes.map((s) => s.steps.filter((st) => st.type !== 'classify' && st.type !== 'sequence'))))).toEqual(new Set([0]));
        for (const step of blind.scenes.flatMap((s) => s.steps)) {
          if (step.type === 'inspect') expect(step.hotspots.every((h) => h.hazard === false && isBlindText(h.explanation))).toBe(true);
          if (step.type === 'classify') expect(step.items.every((i) => i.bin === step.bins[0]!.id && i.points === 1 && isBlindText(i.feedback))).toBe(true);
          if (step.type === 'sequence') expect(step.points).toBe(1);
        }
        expect(isBlindText(BLIND_TEXT)).toBe(true);
      });
    });
  }
});
