// Synthetic learners' answers: each decision a learner makes (a hotspot found, a fix picked, a
// bin, a dialogue reply, a lab setting, a timed action) is the best one with probability `skill`,
// otherwise a plausible mistake. Each step kind makes its own (src/engine/step-kinds/<kind>/): the
// best answers come from the course itself (points, bins, orders) or, for dialogue, lab and timed
// steps, from a search graded by the engine, so a learner of skill 1 earns the course's full (or
// best reachable) score.
import type { Step } from '../../src/course/schema.ts';
import type { StepResponse } from '../../src/engine/responses.ts';
import { demoAnswer } from '../../src/engine/step-kinds/index.ts';
import type { Random } from './random.ts';

export interface GeneratedAnswer {
  readonly response: StepResponse;
  /** Real milliseconds the learner spent on the step before submitting. */
  readonly thinkMs: number;
}

/** The answer of a learner of `skill` (0–1) to one step. */
export function answerStep(step: Step, skill: number, random: Random): GeneratedAnswer {
  return demoAnswer(step, skill, random);
}
