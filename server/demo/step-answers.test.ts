// The synthetic learners' answers against the real courses and the real grader: a learner of
// skill 1 earns (nearly) full marks and passes, skill 0 fails badly, and every log the generator
// writes, at any skill, is one the engine accepts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/course/node/load-courses.ts';
import { gradeBatch } from '../grading/attempt-grader.ts';
import { playAttempt } from './attempt-log.ts';
import { Random } from './random.ts';
import { answerStep } from './step-answers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COURSES = loadCourses(path.join(ROOT, 'courses'), ROOT).courses.map((c) => c.course);
const START = Date.UTC(2026, 2, 2, 1, 0, 0);

function play(courseIndex: number, skill: number, seed: string) {
  const course = COURSES[courseIndex]!;
  const random = new Random(seed);
  const played = playAttempt(course, { attemptId: random.uuid(), skill, random, startMs: START });
  return { course, played, graded: gradeBatch(course, [], played.log) };
}

describe('generated attempts on the real courses', () => {
  it('finds the three courses', () => {
    expect(COURSES.map((c) => c.id).sort()).toEqual(['algorithm-ethics', 'data-security', 'governance']);
  });

  describe.each(COURSES.map((course, index) => ({ id: course.id, index })))('$id', ({ index }) => {
    it('skill 1 earns at least 0.9 of the maximum and passes', () => {
      for (let n = 0; n < 5; n++) {
        const { graded } = play(index, 1, `best-${n}`);
        expect(graded.state.status).toBe('finished');
        expect(graded.totals!.scaled).toBeGreaterThanOrEqual(0.9);
        expect(graded.totals!.passed).toBe(true);
      }
    });

    it('skill 0 earns a low score and fails', () => {
      for (let n = 0; n < 5; n++) {
        const { graded } = play(index, 0, `worst-${n}`);
        expect(graded.totals!.scaled).toBeLessThan(0.3);
        expect(graded.totals!.passed).toBe(false);
      }
    });

    it('every log at every skill is accepted by the engine, steps and scores add up', () => {
      for (const skill of [0, 0.2, 0.4, 0.6, 0.8, 0.95, 1]) {
        for (let n = 0; n < 6; n++) {
          const { course, played, graded } = play(index, skill, `any-${skill}-${n}`);
          const steps = course.scenes.reduce((sum, scene) => sum + scene.steps.length, 0);
          expect(played.log[0]).toMatchObject({
            kind: 'start',
            mode: 'assessment',
            courseId: course.id,
            courseVersion: course.version,
          });
          expect(played.log).toHaveLength(1 + 3 * steps);
          expect(graded.result.steps).toHaveLength(steps);
          expect(graded.result.dimensions.length).toBe(course.dimensions?.length ?? 0);
          const sum = graded.result.steps.reduce((total, step) => total + step.result.score, 0);
          expect(graded.totals!.score).toBeCloseTo(sum, 2);
          // Times only move forward, from the start to the finish.
          const times = played.log.map((action) => action.at);
          expect([...times].sort((a, b) => a - b)).toEqual(times);
          expect(played.finishedMs).toBe(times.at(-1));
        }
      }
    });

    it('a middling learner scores in between, on average', () => {
      const mean = (skill: number) =>
        Array.from({ length: 12 }, (_, n) => play(index, skill, `mid-${skill}-${n}`).graded.totals!.scaled).reduce(
          (a, b) => a + b,
          0,
        ) / 12;
      const [low, middle, high] = [mean(0.2), mean(0.6), mean(0.95)];
      expect(low).toBeLessThan(middle);
      expect(middle).toBeLessThan(high);
    });
  });

  it('is deterministic: the same seed gives the same log', () => {
    expect(play(0, 0.7, 'same').played.log).toEqual(play(0, 0.7, 'same').played.log);
    expect(play(0, 0.7, 'same').played.log).not.toEqual(play(0, 0.7, 'other').played.log);
  });

  it('answers timed steps inside the time limit and lab steps inside the threshold range', () => {
    const steps = COURSES.flatMap((c) => c.scenes.flatMap((s) => s.steps));
    const timed = steps.filter((s) => s.type === 'timed');
    const labs = steps.filter((s) => s.type === 'lab');
    expect(timed.length + labs.length).toBeGreaterThan(0);
    const random = new Random('limits');
    for (const skill of [0, 0.5, 1]) {
      for (const step of timed) {
        const { response } = answerStep(step, skill, random);
        if (response.type !== 'timed') throw new Error('not a timed response');
        expect(response.endedMs).not.toBeNull();
        expect(response.endedMs!).toBeLessThanOrEqual(step.timeLimitSeconds * 1000);
        for (const done of response.done) expect(done.atMs).toBeLessThanOrEqual(response.endedMs!);
      }
      for (const step of labs) {
        const { response } = answerStep(step, skill, random);
        if (response.type !== 'lab') throw new Error('not a lab response');
        expect(response.threshold).toBeGreaterThanOrEqual(step.thresholdRange[0]);
        expect(response.threshold).toBeLessThanOrEqual(step.thresholdRange[1]);
        expect(Math.round(response.threshold * 100) / 100).toBe(response.threshold);
      }
    }
  });
});
