// A whole assessment attempt of a synthetic learner as the browser would have sent it: the start
// action, then for each step a response, the submit and the advance, stamped with plausible times
// from `startMs` on (thinking time per step, reading the feedback before moving on). Steps with
// variants or a pool are answered as the attempt drew them.
import type { Course } from '../../src/course/schema.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { drawCourse } from '../../src/engine/draw.ts';
import type { Random } from './random.ts';
import { answerStep } from './step-answers.ts';

export interface PlayedAttempt {
  readonly log: AttemptAction[];
  /** ms since the epoch of the first and the last action. */
  readonly startedMs: number;
  readonly finishedMs: number;
}

export interface PlayOptions {
  readonly attemptId: string;
  /** 0–1: the chance each decision is the best one. */
  readonly skill: number;
  readonly random: Random;
  readonly startMs: number;
}

export function playAttempt(file: Course, options: PlayOptions): PlayedAttempt {
  const { random, skill } = options;
  // The learner answers the steps as this attempt drew them, as the browser would show them.
  const course = drawCourse(file, options.attemptId);
  let now = options.startMs;
  const log: AttemptAction[] = [
    {
      kind: 'start',
      at: now,
      attemptId: options.attemptId,
      courseId: course.id,
      courseVersion: course.version,
      mode: 'assessment',
    },
  ];
  for (const scene of course.scenes) {
    // Entering a scene: the room loads and the intro is read.
    now += random.int(8_000, 30_000);
    for (const step of scene.steps) {
      const answer = answerStep(step, skill, random);
      now += answer.thinkMs;
      log.push({ kind: 'respond', at: now, response: answer.response });
      now += random.int(500, 3_000);
      log.push({ kind: 'submit', at: now });
      now += random.int(4_000, 25_000);
      log.push({ kind: 'advance', at: now });
    }
  }
  return { log, startedMs: options.startMs, finishedMs: now };
}
