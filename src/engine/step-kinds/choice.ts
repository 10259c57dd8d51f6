// Single or multiple choice. Multiple: the sum of chosen options' points (wrong picks subtract),
// kept between 0 and the sum of all positive options, so partial knowledge earns partial credit.
import type { ChoiceStep } from '../../course/schema.ts';
import type { ChoiceResponse } from '../responses.ts';
import { clamp, unknownIds, type StepKind } from './step-kind.ts';
import { stepMaxPoints } from '../../course/max-score.ts';

export const choiceKind: StepKind<ChoiceStep, ChoiceResponse> = {
  empty: () => ({ type: 'choice', selected: [] }),
  check: (step, r) => {
    if (!step.multiple && r.selected.length > 1) return 'a single-choice step takes one option';
    if (new Set(r.selected).size !== r.selected.length) return 'an option is selected twice';
    return unknownIds(r.selected, step.options.map((o) => o.id), 'option');
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
};
