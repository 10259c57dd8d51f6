// Drag items into bins: full points in the right bin, the author's partial credit in a defensible one.
import type { ClassifyStep } from '../../course/schema.ts';
import type { ClassifyResponse } from '../responses.ts';
import { unknownIds, type StepKind } from './step-kind.ts';
import { stepMaxPoints } from '../../course/max-score.ts';

export const classifyKind: StepKind<ClassifyStep, ClassifyResponse> = {
  empty: () => ({ type: 'classify', placements: {} }),
  check: (step, r) =>
    unknownIds(Object.keys(r.placements), step.items.map((i) => i.id), 'item') ??
    unknownIds(Object.values(r.placements), step.bins.map((b) => b.id), 'bin'),
  complete: (step, r) => step.items.every((i) => r.placements[i.id] !== undefined),
  grade: (step, r) => {
    const lines = step.items.map((item) => {
      const bin = r.placements[item.id];
      const points = bin === item.bin ? item.points : bin !== undefined ? (item.partial?.[bin] ?? 0) : 0;
      const verdict = bin === undefined ? ('missed' as const) : points >= item.points ? ('full' as const) : points > 0 ? ('partial' as const) : ('wrong' as const);
      return { ref: item.id, points, verdict, text: item.feedback };
    });
    return { score: lines.reduce((s, l) => s + l.points, 0), max: stepMaxPoints(step), lines };
  },
};
