// What a class member's app reports: where they are, steps done and, in practice only, the
// browser's score; and the one reading of a typed class code that both sides use.
import { describe, expect, it } from 'vitest';
import { createAttemptStore } from '../engine/attempt-store.ts';
import { loadMiniCourse, MINI_PASSING, playResponses } from '../engine/test-course.ts';
import { normalizeClassCode, spacedClassCode } from '../contracts/class-code.ts';
import { progressReport } from './class-reporting.ts';

describe('progressReport', () => {
  const course = loadMiniCourse();
  const stepCount = course.scenes.reduce((total, scene) => total + scene.steps.length, 0);

  it('names the current scene and step and counts steps done, with the practice score', () => {
    const store = createAttemptStore({ course, newId: () => 'attempt-1' });
    store.getState().actions.start('practice');
    const start = progressReport(course, store.getState(), 'practice');
    expect(start).toEqual({
      courseId: course.id,
      courseTitle: course.title,
      mode: 'practice',
      attemptId: 'attempt-1',
      sceneId: course.scenes[0]!.id,
      sceneTitle: course.scenes[0]!.title,
      stepId: course.scenes[0]!.steps[0]!.id,
      stepTitle: course.scenes[0]!.steps[0]!.title,
      stepsDone: 0,
      stepCount,
      finished: false,
      score: 0,
      max: 22,
    });
    playResponses(store, MINI_PASSING.slice(0, 2));
    const state = store.getState();
    const later = progressReport(course, state, 'practice');
    const scene = course.scenes[state.sceneIndex]!;
    expect(later).toMatchObject({ stepsDone: 2, sceneId: scene.id, stepId: scene.steps[state.stepIndex]!.id, finished: false });
    expect(later.score).toBe(state.records.reduce((total, record) => total + record.result.score, 0));
    expect(later.score).toBeGreaterThan(0);
  });

  it('after the last step: finished, no current scene or step, the full score', () => {
    const store = createAttemptStore({ course });
    playResponses(store, MINI_PASSING);
    expect(progressReport(course, store.getState(), 'practice')).toMatchObject({
      finished: true,
      sceneId: null,
      sceneTitle: null,
      stepId: null,
      stepTitle: null,
      stepsDone: stepCount,
      score: 22,
      max: 22,
    });
  });

  it('sends no score in an assessment: the browser holds only the public view, the server grades', () => {
    const store = createAttemptStore({ course });
    playResponses(store, MINI_PASSING.slice(0, 1));
    expect(progressReport(course, store.getState(), 'assessment')).toMatchObject({
      mode: 'assessment',
      stepsDone: 1,
      score: null,
      max: null,
    });
  });
});

describe('class codes', () => {
  it('reads six digits however they are spaced, and nothing else', () => {
    expect(normalizeClassCode('482913')).toBe('482913');
    expect(normalizeClassCode(' 482 913 ')).toBe('482913');
    expect(normalizeClassCode('482-913')).toBe('482913');
    expect(normalizeClassCode('48291')).toBeUndefined();
    expect(normalizeClassCode('4829133')).toBeUndefined();
    expect(normalizeClassCode('48a913')).toBeUndefined();
    expect(normalizeClassCode('４８２　９１３')).toBe('482913');
    expect(spacedClassCode('482913')).toBe('482 913');
  });
});
