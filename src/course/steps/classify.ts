// The classify step's format: items to sort into bins, with partial credit for defensible other bins.
// With `pool`, the items are a pool: an assessment attempt draws `pool.draw` of them, practice shows all.
import { z } from 'zod';
import { id, localizedSchema, stepBase } from '../schema-parts.ts';
import type { PathSegment } from '../problems.ts';
import { checkRef, checkUnique, type Report, type StepFormat } from '../step-format.ts';

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
  /** Draw this many of the items for each assessment attempt (the items are then a pool, all worth the same). */
  pool: z.strictObject({ draw: z.number().int().min(2, 'a classify step shows at least 2 items: draw 2 or more') }).optional(),
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
    if (step.pool) checkPool(step, [...path, 'pool'], report);
  },
  // A pool's maximum is that of any draw: its items are all worth the same.
  maxPoints: (step) =>
    step.pool ? step.pool.draw * (step.items[0]?.points ?? 0) : step.items.reduce((sum, i) => sum + i.points, 0),
};

function checkPool(step: ClassifyStep, path: PathSegment[], report: Report): void {
  const { draw } = step.pool!;
  if (draw >= step.items.length)
    report(
      [...path, 'draw'],
      `draw ${draw} is not less than the ${step.items.length} items in the pool: add items or lower draw, so attempts differ (or remove pool)`,
    );
  const first = step.items[0]!;
  step.items.forEach((item, i) => {
    if (item.points !== first.points)
      report(
        [...path.slice(0, -1), 'items', i, 'points'],
        `pool items must all be worth the same, so every draw has the same maximum: "${item.id}" gives ${item.points}, "${first.id}" gives ${first.points}`,
      );
  });
}
