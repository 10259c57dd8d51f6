// Order the steps. Credit is the share of item pairs the learner put in the right relative order
// (Kendall's tau, rescaled), so one swapped pair costs little and a reversed list earns nothing.
import type { SequenceStep } from '../../course/schema.ts';
import type { SequenceResponse } from '../responses.ts';
import { round2, unknownIds, type StepKind } from './step-kind.ts';
import { stableShuffle } from '../../course/public-view.ts';

export function orderedPairShare(correct: readonly string[], given: readonly string[]): number {
  const position = new Map(given.map((id, i) => [id, i] as const));
  let good = 0;
  let total = 0;
  for (let i = 0; i < correct.length; i++) {
    for (let j = i + 1; j < correct.length; j++) {
      total++;
      if ((position.get(correct[i]!) ?? 0) < (position.get(correct[j]!) ?? 0)) good++;
    }
  }
  return total === 0 ? 1 : good / total;
}

export const sequenceKind: StepKind<SequenceStep, SequenceResponse> = {
  // Starts in the same shuffled order the public view shows.
  empty: (step) => ({ type: 'sequence', order: stableShuffle(step.items, step.id).map((i) => i.id) }),
  check: (step, r) => {
    if (r.order.length !== step.items.length || new Set(r.order).size !== r.order.length) return 'the order must list every item exactly once';
    return unknownIds(r.order, step.items.map((i) => i.id), 'item');
  },
  complete: () => true,
  grade: (step, r) => {
    const correct = step.items.map((i) => i.id);
    const share = orderedPairShare(correct, r.order);
    const score = round2(step.points * share);
    const verdict = share === 1 ? ('full' as const) : share >= 0.5 ? ('partial' as const) : ('wrong' as const);
    return { score, max: step.points, lines: [{ ref: step.id, points: score, verdict, text: step.feedback }] };
  },
};
