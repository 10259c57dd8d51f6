// What an attempt is played on: the course as the learner is shown it, and the grader of its
// steps. Practice is open-book: the browser holds the course file and grades each step itself.
// In an assessment the browser holds only the public view and a grader that records the answer
// and grades nothing; the server replays the same log open-book on the full course.
import { stepMaxPoints } from '../course/max-score.ts';
import type { Course, Step } from '../course/schema.ts';
import { openBookCourse } from './draw.ts';
import type { PlayedCourse, PublicCourse, PublicStep } from './public-view.ts';
import type { StepResponse, StepResult } from './responses.ts';
import { gradeStep, presentedStep } from './step-kinds/index.ts';

export interface StepGrader {
  /** The result of a submitted step. */
  grade(sceneId: string, step: PublicStep, response: StepResponse): StepResult;
  /** The most points the step can give. */
  maxPoints(sceneId: string, step: PublicStep): number;
  /** false where the grader holds no answer keys: its results say nothing, the server grades. */
  readonly hasKeys: boolean;
}

export interface AttemptPlay {
  readonly course: PlayedCourse;
  readonly grader: StepGrader;
}

/** A course file, played open-book; or a course and its grader, played as they are. */
export type PlaySource = Course | AttemptPlay;

/** What an assessment step's result is in the browser: nothing, until the server's arrives. */
export const RECORDED_ONLY: StepResult = Object.freeze({ score: 0, max: 0, lines: [] });

const openBooks = new WeakMap<Course, AttemptPlay>();

/**
 * The course file played open-book: presented as each kind opens it, graded with its keys. A step
 * with versions is played as its own question with its whole pool (src/engine/draw.ts); an
 * assessment's drawn course has only the drawn ones left.
 */
export function openBook(file: Course): AttemptPlay {
  const known = openBooks.get(file);
  if (known) return known;
  const course = openBookCourse(file);
  const steps = new Map<string, Step>(
    course.scenes.flatMap((scene) => scene.steps.map((step) => [`${scene.id}/${step.id}`, step] as const)),
  );
  const full = (sceneId: string, step: PublicStep): Step => {
    const found = steps.get(`${sceneId}/${step.id}`);
    if (!found) throw new Error(`no step "${step.id}" in scene "${sceneId}" of ${course.id}`);
    return found;
  };
  const play: AttemptPlay = {
    course: { ...course, scenes: course.scenes.map((scene) => ({ ...scene, steps: scene.steps.map(presentedStep) })) },
    grader: {
      grade: (sceneId, step, response) => gradeStep(full(sceneId, step), response),
      maxPoints: (sceneId, step) => stepMaxPoints(full(sceneId, step)),
      hasKeys: true,
    },
  };
  openBooks.set(file, play);
  return play;
}

/** A public view played without keys: every answer is recorded, none graded (an assessment in the browser). */
export function recordedOnly(view: PublicCourse): AttemptPlay {
  return { course: view, grader: { grade: () => RECORDED_ONLY, maxPoints: () => 0, hasKeys: false } };
}

export function playOf(source: PlaySource): AttemptPlay {
  return 'grader' in source ? source : openBook(source);
}
