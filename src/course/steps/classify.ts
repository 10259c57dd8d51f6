// The classify step's format: items to sort into bins, with partial credit for defensible other bins.
// With `pool`, the items are a pool: an assessment attempt draws `pool.draw` of them, practice shows all.
import { z } from 'zod';
import { id, localizedSchema, stepBase } from '../schema-parts.ts';

/** What each item is in the room: the object the learner carries (src/scenes/widgets/sorting-objects.ts). */
export const SORT_OBJECTS = ['document', 'folder', 'usb-stick', 'phone', 'laptop', 'badge', 'disc'] as const;
/** Where a bin's items go in the room: the receptacle standing for the bin. */
export const RECEPTACLES = ['tray', 'cabinet', 'safe', 'shredder', 'bin', 'box'] as const;
import type { PathSegment } from '../problems.ts';
import { checkRef, checkUnique, type Report, type StepFormat } from '../step-format.ts';

export const classifyStep = z.strictObject({
  ...stepBase,
  type: z.literal('classify'),
  bins: z
    .array(
      z.strictObject({
        id,
        label: localizedSchema,
        /** The receptacle standing for the bin (default: tray, cabinet, safe, shredder, box, bin in bin order). */
        receptacle: z.enum(RECEPTACLES).optional(),
        /** Where the receptacle stands, [x, y, z] in metres (y = its base); it turns to face the station. Default: a row behind the table. */
        at: z
          .tuple([z.number(), z.number(), z.number()], {
            error: 'write the position as [x, y, z] in metres, e.g. [0.6, 0, -1.8]',
          })
          .optional(),
      }),
    )
    .min(2),
  /** The prop (a desk or counter of the scene) the items lie on; default: a sorting table the step brings. */
  table: id.optional(),
  items: z
    .array(
      z.strictObject({
        id,
        label: localizedSchema,
        /** The object the item is (default: documents and folders in turn). */
        object: z.enum(SORT_OBJECTS).optional(),
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
  check: (step, path, scene, report) => {
    const bins = checkUnique(step.bins, [...path, 'bins'], 'bin', report);
    if (step.table !== undefined) checkRef(step.table, scene.props, [...path, 'table'], 'prop', report);
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
