// The classify step's format: items to sort into bins, with partial credit for defensible other bins.
import { z } from 'zod';
import { id, localizedSchema, stepBase } from '../schema-parts.ts';
import { checkRef, checkUnique, type StepFormat } from '../step-format.ts';

export const classifyStep = z.strictObject({
  ...stepBase,
  type: z.literal('classify'),
  bins: z.array(z.strictObject({ id, label: localizedSchema })).min(2),
  items: z
    .array(
      z.strictObject({
        id,
        label: localizedSchema,
        /** The bin that earns full points. */
        bin: id,
        points: z.number().positive(),
        /** Partial credit for defensible other bins: bin id → points. */
        partial: z.record(z.string(), z.number().min(0)).optional(),
        feedback: localizedSchema,
      }),
    )
    .min(2),
});

export type ClassifyStep = z.infer<typeof classifyStep>;

export const classifyFormat: StepFormat<ClassifyStep> = {
  check: (step, path, _scene, report) => {
    const bins = checkUnique(step.bins, [...path, 'bins'], 'bin', report);
    checkUnique(step.items, [...path, 'items'], 'item', report);
    step.items.forEach((item, i) => {
      checkRef(item.bin, bins, [...path, 'items', i, 'bin'], 'bin', report);
      for (const [bin, points] of Object.entries(item.partial ?? {})) {
        checkRef(bin, bins, [...path, 'items', i, 'partial', bin], 'bin', report);
        if (bin === item.bin)
          report([...path, 'items', i, 'partial', bin], 'the correct bin already earns full points: remove it from partial');
        if (points >= item.points)
          report(
            [...path, 'items', i, 'partial', bin],
            `partial credit ${points} must be less than the item's ${item.points} points`,
          );
      }
    });
  },
  maxPoints: (step) => step.items.reduce((sum, i) => sum + i.points, 0),
};
