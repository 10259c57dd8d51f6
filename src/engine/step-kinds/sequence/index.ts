// Order the steps. Credit is the share of item pairs the learner put in the right relative order
// (Kendall's tau, rescaled), so one swapped pair costs little and a reversed list earns nothing.
import { z } from 'zod';
import type { SequenceStep } from '../../../course/schema.ts';
import { refs } from '../response-schema.ts';
import { stableShuffle } from '../shuffle.ts';
import {
  publicOption,
  round2,
  thinkMs,
  unknownIds,
  type PublicOption,
  type DemoRandom,
  type PublicStepBase,
  type StepKind,
} from '../step-kind.ts';

/** The items in the order the learner first sees them, never the answer's order. */
export type PublicSequenceStep = PublicStepBase & { readonly type: 'sequence'; readonly items: readonly PublicOption[] };

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

/** What the learner has answered so far: plain JSON, what the browser sends and the grader replays. */
export type SequenceResponse = { readonly type: 'sequence'; readonly order: readonly string[] };

export const sequenceKind: StepKind<SequenceStep, PublicSequenceStep, SequenceResponse> = {
  responseSchema: z.strictObject({ type: z.literal('sequence'), order: refs }),
  publicStep: (step, base) => ({ ...base, type: 'sequence', items: stableShuffle(step.items.map(publicOption), step.id) }),
  // Practice opens in the same shuffled order the public view shows.
  presented: (step) => ({ ...step, items: stableShuffle(step.items, step.id) }),
  // The step played lists its items in the order shown: the draft starts there.
  empty: (step) => ({ type: 'sequence', order: step.items.map((i) => i.id) }),
  check: (step, r) => {
    if (r.order.length !== step.items.length || new Set(r.order).size !== r.order.length)
      return 'the order must list every item exactly once';
    return unknownIds(
      r.order,
      step.items.map((i) => i.id),
      'item',
    );
  },
  complete: () => true,
  grade: (step, r) => {
    const correct = step.items.map((i) => i.id);
    const share = orderedPairShare(correct, r.order);
    const score = round2(step.points * share);
    const verdict = share === 1 ? ('full' as const) : share >= 0.5 ? ('partial' as const) : ('wrong' as const);
    return { score, max: step.points, lines: [{ ref: step.id, points: score, verdict, text: step.feedback }] };
  },
  interaction: (step) => ({ interactionType: 'sequencing', choices: step.items.map((i) => ({ id: i.id, text: i.text })) }),
  // The opening order is a complete answer.
  sampleAnswer: (_step, draft) => draft,
  demoAnswer: (step, skill, random) => {
    const response: SequenceResponse = { type: 'sequence', order: demoOrder(step, skill, random) };
    return { response, thinkMs: thinkMs(30, skill, random) };
  },
};

/** The correct order with probability `skill`; else a few swapped pairs, more the less skilled (reversed at skill 0). */
function demoOrder(step: SequenceStep, skill: number, random: DemoRandom): string[] {
  const order = step.items.map((i) => i.id);
  if (random.chance(skill)) return order;
  if (skill <= 0) return [...order].reverse();
  const swaps = 1 + Math.floor((1 - skill) * order.length);
  for (let n = 0; n < swaps; n++) {
    const i = random.int(0, order.length - 2);
    [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
  }
  return order;
}
