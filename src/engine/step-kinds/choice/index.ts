// Single or multiple choice. Multiple: the sum of chosen options' points (wrong picks subtract),
// kept between 0 and the sum of all positive options, so partial knowledge earns partial credit.
import { z } from 'zod';
import { stepMaxPoints } from '../../../course/max-score.ts';
import type { ChoiceStep, Localized } from '../../../course/schema.ts';
import { refs } from '../response-schema.ts';
import { stableShuffle } from '../shuffle.ts';
import {
  clamp,
  others,
  publicOption,
  thinkMs,
  unknownIds,
  type PublicOption,
  type PublicStepBase,
  type StepKind,
} from '../step-kind.ts';

export type PublicChoiceStep = PublicStepBase & {
  readonly type: 'choice';
  readonly multiple?: boolean | undefined;
  /** A prop the question is about; the widget places the options near it. */
  readonly prop?: string | undefined;
  readonly options: readonly PublicOption[];
  /** Other versions of the question; an assessment plays the one its attempt draws (src/engine/draw.ts). */
  readonly variants?: readonly { readonly prompt: Localized; readonly options: readonly PublicOption[] }[] | undefined;
};

/** What the learner has answered so far: plain JSON, what the browser sends and the grader replays. */
export type ChoiceResponse = { readonly type: 'choice'; readonly selected: readonly string[] };

export const choiceKind: StepKind<ChoiceStep, PublicChoiceStep, ChoiceResponse> = {
  responseSchema: z.strictObject({ type: z.literal('choice'), selected: refs }),
  publicStep: (step, base) => ({
    ...base,
    type: 'choice',
    multiple: step.multiple ?? false,
    ...(step.prop !== undefined && { prop: step.prop }),
    options: stableShuffle(step.options.map(publicOption), step.id),
    ...(step.variants !== undefined && {
      variants: step.variants.map((variant, v) => ({
        prompt: variant.prompt,
        options: stableShuffle(variant.options.map(publicOption), `${step.id}/${v + 1}`),
      })),
    }),
  }),
  empty: () => ({ type: 'choice', selected: [] }),
  check: (step, r) => {
    if (!step.multiple && r.selected.length > 1) return 'a single-choice step takes one option';
    if (new Set(r.selected).size !== r.selected.length) return 'an option is selected twice';
    return unknownIds(
      r.selected,
      step.options.map((o) => o.id),
      'option',
    );
  },
  complete: (_step, r) => r.selected.length > 0,
  grade: (step, r) => {
    const max = stepMaxPoints(step);
    const best = Math.max(...step.options.map((o) => o.points));
    const lines = step.options
      .filter((o) => r.selected.includes(o.id))
      .map((o) => ({
        ref: o.id,
        points: o.points,
        verdict: o.points <= 0 ? ('wrong' as const) : o.points >= best ? ('full' as const) : ('partial' as const),
        text: o.feedback,
      }));
    // In a multiple choice, a good option left out is worth explaining too.
    const missed = step.multiple
      ? step.options
          .filter((o) => o.points > 0 && !r.selected.includes(o.id))
          .map((o) => ({ ref: o.id, points: 0, verdict: 'missed' as const, text: o.feedback }))
      : [];
    const raw = lines.reduce((sum, l) => sum + l.points, 0);
    return { score: clamp(raw, 0, max), max, lines: [...lines, ...missed] };
  },
  interaction: (step) => ({ interactionType: 'choice', choices: step.options.map((o) => ({ id: o.id, text: o.text })) }),
  sampleAnswer: (step) => ({ type: 'choice', selected: [step.options[0]!.id] }),
  demoAnswer: (step, skill, random) => {
    let response: ChoiceResponse;
    if (!step.multiple) {
      const best = step.options.reduce((a, b) => (b.points > a.points ? b : a));
      response = { type: 'choice', selected: [random.chance(skill) ? best.id : random.pick(others(step.options, best)).id] };
    } else {
      const selected = step.options
        .filter((option) => (option.points > 0 ? random.chance(skill) : random.chance((1 - skill) * 0.6)))
        .map((o) => o.id);
      if (selected.length === 0) selected.push(random.pick(step.options).id);
      response = { type: 'choice', selected };
    }
    return { response, thinkMs: thinkMs(25, skill, random) };
  },
};
