// The choice step's format: one or several options, each with its points and feedback.
import { z } from 'zod';
import { id, optionSchema, stepBase } from '../schema-parts.ts';
import { checkRef, checkUnique, type StepFormat } from '../step-format.ts';

export const choiceStep = z.strictObject({
  ...stepBase,
  type: z.literal('choice'),
  multiple: z.boolean().optional(),
  /** A prop the question is about; the widget places the options near it. */
  prop: id.optional(),
  options: z.array(optionSchema).min(2),
});

export type ChoiceStep = z.infer<typeof choiceStep>;

export const choiceFormat: StepFormat<ChoiceStep> = {
  check: (step, path, { props }, report) => {
    checkUnique(step.options, [...path, 'options'], 'option', report);
    if (step.prop !== undefined) checkRef(step.prop, props, [...path, 'prop'], 'prop', report);
  },
  maxPoints: (step) =>
    step.multiple
      ? step.options.reduce((sum, o) => sum + Math.max(0, o.points), 0)
      : Math.max(0, ...step.options.map((o) => o.points)),
};
