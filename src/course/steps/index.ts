// The course format's step kinds: each kind's part of the schema, its checks and its maximum,
// one file per kind beside this one. Their behaviour is in src/engine/step-kinds/<kind>/.
import { z } from 'zod';
import type { StepFormat } from '../step-format.ts';
import { choiceFormat, choiceStep } from './choice.ts';
import { classifyFormat, classifyStep } from './classify.ts';
import { dialogueFormat, dialogueStep } from './dialogue.ts';
import { inspectFormat, inspectStep } from './inspect.ts';
import { labFormat, labStep } from './lab.ts';
import { sequenceFormat, sequenceStep } from './sequence.ts';
import { timedFormat, timedStep } from './timed.ts';

/** Any step, by its type. The order is the one the "unknown type" message lists. */
export const stepSchema = z.discriminatedUnion('type', [
  inspectStep,
  choiceStep,
  classifyStep,
  sequenceStep,
  dialogueStep,
  labStep,
  timedStep,
]);
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];

export const STEP_FORMATS: { [T in StepType]: StepFormat<Extract<Step, { type: T }>> } = {
  inspect: inspectFormat,
  choice: choiceFormat,
  classify: classifyFormat,
  sequence: sequenceFormat,
  dialogue: dialogueFormat,
  lab: labFormat,
  timed: timedFormat,
};

// The table is keyed by type, so a step always meets its own kind's format.
export function formatOf(step: Step): StepFormat<Step> {
  return STEP_FORMATS[step.type] as unknown as StepFormat<Step>;
}
