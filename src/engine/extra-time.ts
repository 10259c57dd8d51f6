// Extra time, an accommodation an admin grants a learner: every timed step of their attempts gives
// `factor` times its time limit, and its simulated incident runs `factor` times slower in real
// time, so the learner gets more time to act without the incident growing further meanwhile. The
// browser plays and the server grades the course with the factor applied (the attempt's factor is
// the one in force when it started, kept with its result).
import type { Step } from '../course/schema.ts';
import type { PublicStep } from './step-kinds/index.ts';

/** The factors an admin may grant; 1 is none. */
export const EXTRA_TIME_FACTORS = [1, 1.25, 1.5, 2] as const;
export type ExtraTimeFactor = (typeof EXTRA_TIME_FACTORS)[number];

export function isExtraTimeFactor(value: unknown): value is ExtraTimeFactor {
  return typeof value === 'number' && (EXTRA_TIME_FACTORS as readonly number[]).includes(value);
}

type AnyStep = Step | PublicStep;

/** The step with the factor applied: a timed step's limit lengthened and its incident slowed. */
export function extraTimeStep<S extends AnyStep>(step: S, factor: number): S {
  if (step.type !== 'timed' || factor === 1) return step;
  return {
    ...step,
    timeLimitSeconds: Math.round(step.timeLimitSeconds * factor),
    minutesPerSecond: step.minutesPerSecond / factor,
  };
}

interface Timeable {
  readonly scenes: readonly { readonly steps: readonly AnyStep[] }[];
}

const applied = new WeakMap<object, Map<number, object>>();

/** The course (a course file or a public view) with the factor applied; the same object for the same course and factor. */
export function withExtraTime<C extends Timeable>(course: C, factor: number): C {
  if (factor === 1 || !course.scenes.some((scene) => scene.steps.some((step) => step.type === 'timed'))) return course;
  let byFactor = applied.get(course);
  if (!byFactor) applied.set(course, (byFactor = new Map()));
  const known = byFactor.get(factor);
  if (known) return known as C;
  const scaled: C = {
    ...course,
    scenes: course.scenes.map((scene) => ({ ...scene, steps: scene.steps.map((step) => extraTimeStep(step, factor)) })),
  };
  byFactor.set(factor, scaled);
  return scaled;
}
