// One entry per step type: the engine dispatches through this table instead of switching on types.
import type { Step } from '../../course/schema.ts';
import type { StepResponse, StepResult } from '../responses.ts';
import { choiceKind } from './choice.ts';
import { classifyKind } from './classify.ts';
import { dialogueKind } from './dialogue.ts';
import { inspectKind } from './inspect.ts';
import { labKind } from './lab.ts';
import { timedKind } from './timed.ts';
import { sequenceKind } from './sequence.ts';
import type { StepKind } from './step-kind.ts';

type KindTable = { [T in Step['type']]: StepKind<Extract<Step, { type: T }>, Extract<StepResponse, { type: T }>> };

export const STEP_KINDS: KindTable = {
  inspect: inspectKind,
  choice: choiceKind,
  classify: classifyKind,
  sequence: sequenceKind,
  dialogue: dialogueKind,
  lab: labKind,
  timed: timedKind,
};

// The table is keyed by type, so a step and a response of the same type always meet the same kind.
function kindOf(step: Step): StepKind<Step, StepResponse> {
  return STEP_KINDS[step.type] as unknown as StepKind<Step, StepResponse>;
}

export function emptyResponse(step: Step): StepResponse {
  return kindOf(step).empty(step);
}

export function checkResponse(step: Step, response: StepResponse): string | null {
  if (response.type !== step.type) return `step "${step.id}" is a ${step.type} step, not ${response.type}`;
  return kindOf(step).check(step, response);
}

export function responseComplete(step: Step, response: StepResponse): boolean {
  return response.type === step.type && kindOf(step).complete(step, response);
}

export function gradeStep(step: Step, response: StepResponse): StepResult {
  return kindOf(step).grade(step, response);
}
