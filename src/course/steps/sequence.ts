// The sequence step's format: items written in the correct order, points for the order given.
import { z } from 'zod';
import { id, localizedSchema, stepBase } from '../schema-parts.ts';
import { checkUnique, type StepFormat } from '../step-format.ts';

export const sequenceStep = z.strictObject({
  ...stepBase,
  type: z.literal('sequence'),
  /** Items in the correct order; the learner sees them shuffled. */
  items: z.array(z.strictObject({ id, text: localizedSchema })).min(3),
  points: z.number().positive(),
  feedback: localizedSchema,
});

export type SequenceStep = z.infer<typeof sequenceStep>;

export const sequenceFormat: StepFormat<SequenceStep> = {
  check: (step, path, _scene, report) => {
    checkUnique(step.items, [...path, 'items'], 'item', report);
  },
  maxPoints: (step) => step.points,
};
