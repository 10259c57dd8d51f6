// The choice step's format: one or several options, each with its points and feedback. A step may
// add variants: other wordings of the same question (prompt and options), one of which an
// assessment attempt draws; practice shows the step's own prompt and options.
import { z } from 'zod';
import { id, localizedSchema, optionSchema, stepBase, type Option } from '../schema-parts.ts';
import { checkRef, checkUnique, type StepFormat } from '../step-format.ts';

const choiceVariant = z.strictObject({
  prompt: localizedSchema,
  options: z.array(optionSchema).min(2),
});

export const choiceStep = z.strictObject({
  ...stepBase,
  type: z.literal('choice'),
  multiple: z.boolean().optional(),
  /** A prop the question is about; the widget places the options near it. */
  prop: id.optional(),
  options: z.array(optionSchema).min(2),
  /** Other versions of the question, same maximum; an assessment attempt draws one of these or the step's own. */
  variants: z.array(choiceVariant).min(1).optional(),
});

export type ChoiceStep = z.infer<typeof choiceStep>;

function optionsMax(options: readonly Option[], multiple: boolean | undefined): number {
  return multiple ? options.reduce((sum, o) => sum + Math.max(0, o.points), 0) : Math.max(0, ...options.map((o) => o.points));
}

export const choiceFormat: StepFormat<ChoiceStep> = {
  check: (step, path, { props }, report) => {
    const seen = checkUnique(step.options, [...path, 'options'], 'option', report);
    if (step.prop !== undefined) checkRef(step.prop, props, [...path, 'prop'], 'prop', report);
    const max = optionsMax(step.options, step.multiple);
    step.variants?.forEach((variant, v) => {
      const vp = [...path, 'variants', v];
      checkUnique(variant.options, [...vp, 'options'], 'option', report);
      variant.options.forEach((option, o) => {
        if (seen.has(option.id))
          report(
            [...vp, 'options', o, 'id'],
            `option id "${option.id}" is already used by another version of this step: give every variant option ids of its own, so an answer names the variant it answers`,
          );
        seen.add(option.id);
      });
      const variantMax = optionsMax(variant.options, step.multiple);
      if (variantMax !== max)
        report(
          [...vp, 'options'],
          `this variant can give ${variantMax} points but the step's own options give ${max}: every variant must have the same maximum, so every attempt is scored out of the same total`,
        );
    });
  },
  maxPoints: (step) => optionsMax(step.options, step.multiple),
};
