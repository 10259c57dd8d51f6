// Drag items into bins: full points in the right bin, the author's partial credit in a defensible one.
import { z } from 'zod';
import { stepMaxPoints } from '../../../course/max-score.ts';
import type { ClassifyStep, Localized } from '../../../course/schema.ts';
import { ref } from '../response-schema.ts';
import { others, thinkMs, unknownIds, type PublicStepBase, type StepKind } from '../step-kind.ts';

export type PublicClassifyStep = PublicStepBase & {
  readonly type: 'classify';
  readonly bins: readonly { readonly id: string; readonly label: Localized }[];
  readonly items: readonly { readonly id: string; readonly label: Localized }[];
  /** The items are a pool: an assessment plays the `draw` of them its attempt draws (src/engine/draw.ts). */
  readonly pool?: { readonly draw: number } | undefined;
};

/** What the learner has answered so far: plain JSON, what the browser sends and the grader replays. */
export type ClassifyResponse = { readonly type: 'classify'; readonly placements: Readonly<Record<string, string>> };

export const classifyKind: StepKind<ClassifyStep, PublicClassifyStep, ClassifyResponse> = {
  responseSchema: z.strictObject({ type: z.literal('classify'), placements: z.record(ref, ref) }),
  publicStep: (step, base) => ({
    ...base,
    type: 'classify',
    bins: step.bins.map((b) => ({ id: b.id, label: b.label })),
    items: step.items.map((i) => ({ id: i.id, label: i.label })),
    ...(step.pool !== undefined && { pool: { draw: step.pool.draw } }),
  }),
  empty: () => ({ type: 'classify', placements: {} }),
  check: (step, r) =>
    unknownIds(
      Object.keys(r.placements),
      step.items.map((i) => i.id),
      'item',
    ) ??
    unknownIds(
      Object.values(r.placements),
      step.bins.map((b) => b.id),
      'bin',
    ),
  complete: (step, r) => step.items.every((i) => r.placements[i.id] !== undefined),
  grade: (step, r) => {
    const lines = step.items.map((item) => {
      const bin = r.placements[item.id];
      const points = bin === item.bin ? item.points : bin !== undefined ? (item.partial?.[bin] ?? 0) : 0;
      const verdict =
        bin === undefined
          ? ('missed' as const)
          : points >= item.points
            ? ('full' as const)
            : points > 0
              ? ('partial' as const)
              : ('wrong' as const);
      return { ref: item.id, points, verdict, text: item.feedback };
    });
    return { score: lines.reduce((s, l) => s + l.points, 0), max: stepMaxPoints(step), lines };
  },
  interaction: (step) => ({
    interactionType: 'matching',
    source: step.items.map((i) => ({ id: i.id, text: i.label })),
    target: step.bins.map((b) => ({ id: b.id, text: b.label })),
  }),
  sampleAnswer: (step) => ({ type: 'classify', placements: Object.fromEntries(step.items.map((i) => [i.id, step.bins[0]!.id])) }),
  demoAnswer: (step, skill, random) => {
    const bins = step.bins.map((b) => b.id);
    const placements: Record<string, string> = {};
    for (const item of step.items) placements[item.id] = random.chance(skill) ? item.bin : random.pick(others(bins, item.bin));
    const response: ClassifyResponse = { type: 'classify', placements };
    return { response, thinkMs: thinkMs(50, skill, random) };
  },
};
