// The registry of step kinds: one entry per step type, each a folder beside this file. The generic
// code (the attempt, the public view, xAPI, the e2e skip, the demo, the server's parsing of an
// actions batch) goes through these functions instead of switching on types.
import { z } from 'zod';
import type { Scene, Step, StepType } from '../../course/schema.ts';
import type { StepResponse, StepResult } from '../responses.ts';
import { choiceKind, type PublicChoiceStep } from './choice/index.ts';
import { classifyKind, type PublicClassifyStep } from './classify/index.ts';
import { dialogueKind, type PublicDialogueStep } from './dialogue/index.ts';
import { inspectKind, type PublicInspectStep } from './inspect/index.ts';
import { labKind, type PublicLabStep } from './lab/index.ts';
import { sequenceKind, type PublicSequenceStep } from './sequence/index.ts';
import type { DemoAnswer, DemoRandom, PublicStepBase, StepInteraction, StepKind } from './step-kind.ts';
import { timedKind, type PublicTimedStep } from './timed/index.ts';

/** A step as the learner is shown it. A course file's step (answer keys included) is one too. */
export type PublicStep =
  | PublicInspectStep
  | PublicChoiceStep
  | PublicClassifyStep
  | PublicSequenceStep
  | PublicDialogueStep
  | PublicLabStep
  | PublicTimedStep;

type KindTable = {
  [T in StepType]: StepKind<Extract<Step, { type: T }>, Extract<PublicStep, { type: T }>, Extract<StepResponse, { type: T }>>;
};

/** In the order the course format lists the types; the server's error messages follow it. */
export const STEP_KINDS: KindTable = {
  inspect: inspectKind,
  choice: choiceKind,
  classify: classifyKind,
  sequence: sequenceKind,
  dialogue: dialogueKind,
  lab: labKind,
  timed: timedKind,
};

// Every course step must be playable as it is: the full step satisfies its public shape.
const fullStepsArePublic = <S extends Step>(step: S): PublicStep => step;
void fullStepsArePublic;

type AnyKind = StepKind<Step, PublicStep, StepResponse>;

// The table is keyed by type, so a step and a response of the same type always meet the same kind.
function kindOf(type: StepType): AnyKind {
  return STEP_KINDS[type] as unknown as AnyKind;
}

export function emptyResponse(step: PublicStep): StepResponse {
  return kindOf(step.type).empty(step);
}

export function checkResponse(step: PublicStep, response: StepResponse): string | null {
  if (response.type !== step.type) return `step "${step.id}" is a ${step.type} step, not ${response.type}`;
  return kindOf(step.type).check(step, response);
}

export function responseComplete(step: PublicStep, response: StepResponse): boolean {
  return response.type === step.type && kindOf(step.type).complete(step, response);
}

export function gradeStep(step: Step, response: StepResponse): StepResult {
  return kindOf(step.type).grade(step, response);
}

/** The step without answer keys, points or feedback, its option lists in the order shown. */
export function publicStep(step: Step, scene: Scene): PublicStep {
  const base: PublicStepBase = {
    id: step.id,
    title: step.title,
    prompt: step.prompt,
    ...(step.station !== undefined && { station: step.station }),
    ...(step.dimension !== undefined && { dimension: step.dimension }),
  };
  return kindOf(step.type).publicStep(step, base, scene);
}

/** The step as an open-book (practice) attempt presents it: the file's step, reordered where the kind opens shuffled. */
export function presentedStep(step: Step): Step {
  return kindOf(step.type).presented?.(step) ?? step;
}

export function stepInteraction(step: PublicStep): StepInteraction {
  return kindOf(step.type).interaction(step);
}

/** Some complete response to the step, built from what the learner sees. */
export function sampleAnswer(step: PublicStep, draft: StepResponse): StepResponse {
  return draft.type === step.type ? kindOf(step.type).sampleAnswer(step, draft) : draft;
}

/** A synthetic learner's answer of `skill` (0–1) to one step, for the demo's data. */
export function demoAnswer(step: Step, skill: number, random: DemoRandom): DemoAnswer<StepResponse> {
  return kindOf(step.type).demoAnswer(step, skill, random);
}

const [first, ...rest] = Object.values(STEP_KINDS).map((kind) => kind.responseSchema);

/** Any step's response, as the server parses it from an actions batch. */
export const stepResponseSchema = z.discriminatedUnion('type', [first!, ...rest]);
