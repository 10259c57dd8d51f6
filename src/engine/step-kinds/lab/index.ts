// The algorithm check-up lab: the learner changes the model (removes features, moves the
// threshold), reads the fairness metrics computed from the data, and answers what they found.
// Points: each answer's points, plus each goal the final model meets.
import { z } from 'zod';
import { stepMaxPoints } from '../../../course/max-score.ts';
import type { DataTable, LabStep, Localized } from '../../../course/schema.ts';
import type { FeedbackLine } from '../../responses.ts';
import { ref, refs } from '../response-schema.ts';
import { stableShuffle } from '../shuffle.ts';
import {
  publicOption,
  summedGrade,
  thinkMs,
  unknownIds,
  type PublicOption,
  type PublicStepBase,
  type StepKind,
} from '../step-kind.ts';
import { demoLabAnswer } from './demo-answer.ts';
import { labMetrics, metricValue, roundMetric } from './metrics.ts';

/** The learner sees the model and the data (that is the exercise), not the goals or the answers. */
export type PublicLabStep = PublicStepBase & {
  readonly type: 'lab';
  readonly data?: DataTable | undefined;
  readonly groupColumn: string;
  readonly groups: LabStep['groups'];
  readonly outcomeColumn: string;
  readonly features: LabStep['features'];
  readonly threshold: number;
  readonly thresholdRange: LabStep['thresholdRange'];
  readonly questions: readonly { readonly id: string; readonly prompt: Localized; readonly options: readonly PublicOption[] }[];
};

/** What the learner has answered so far: plain JSON, what the browser sends and the grader replays. */
export type LabResponse = {
  readonly type: 'lab';
  /** Feature ids the learner took out of the model. */
  readonly removed: readonly string[];
  readonly threshold: number;
  /** Question id → option id. */
  readonly answers: Readonly<Record<string, string>>;
};

export const labKind: StepKind<LabStep, PublicLabStep, LabResponse> = {
  responseSchema: z.strictObject({ type: z.literal('lab'), removed: refs, threshold: z.number(), answers: z.record(ref, ref) }),
  publicStep: (step, base) => ({
    ...base,
    type: 'lab',
    data: step.data ?? { columns: [], rows: [] },
    groupColumn: step.groupColumn,
    groups: step.groups,
    outcomeColumn: step.outcomeColumn,
    features: step.features,
    threshold: step.threshold,
    thresholdRange: step.thresholdRange,
    questions: step.questions.map((q) => ({
      id: q.id,
      prompt: q.prompt,
      options: stableShuffle(q.options.map(publicOption), `${step.id}/${q.id}`),
    })),
  }),
  empty: (step) => ({ type: 'lab', removed: [], threshold: step.threshold, answers: {} }),
  check: (step, r) => {
    const [min, max] = step.thresholdRange;
    if (!(r.threshold >= min - 1e-9 && r.threshold <= max + 1e-9)) return `threshold ${r.threshold} is outside ${min}–${max}`;
    if (r.removed.length >= step.features.length) return 'the model needs at least one feature';
    const bad =
      unknownIds(
        r.removed,
        step.features.map((f) => f.id),
        'feature',
      ) ??
      unknownIds(
        Object.keys(r.answers),
        step.questions.map((q) => q.id),
        'question',
      );
    if (bad) return bad;
    for (const [questionId, optionId] of Object.entries(r.answers)) {
      if (!step.questions.find((q) => q.id === questionId)!.options.some((o) => o.id === optionId))
        return `question "${questionId}" has no option "${optionId}"`;
    }
    return null;
  },
  complete: (step, r) => step.questions.every((q) => r.answers[q.id] !== undefined),
  grade: (step, r) => {
    const lines: FeedbackLine[] = [];
    for (const question of step.questions) {
      const option = question.options.find((o) => o.id === r.answers[question.id]);
      if (!option) continue;
      const best = Math.max(...question.options.map((o) => o.points));
      lines.push({
        ref: question.id,
        points: option.points,
        verdict: option.points >= best ? 'full' : option.points > 0 ? 'partial' : 'wrong',
        text: option.feedback,
      });
    }
    const metrics = labMetrics(step, r);
    for (const goal of step.goals ?? []) {
      const value = roundMetric(goal.metric, metricValue(metrics, goal.metric));
      const met = goal.op === '>=' ? value >= goal.value : value <= goal.value;
      lines.push({
        ref: `goal:${goal.metric}`,
        points: met ? goal.points : 0,
        verdict: met ? 'full' : 'missed',
        text: {
          'zh-CN': `${goal.feedback['zh-CN']}（当前 ${value}，目标 ${goal.op} ${goal.value}）`,
          en: `${goal.feedback.en} (now ${value}; target ${goal.op} ${goal.value})`,
        },
      });
    }
    return summedGrade(lines, stepMaxPoints(step));
  },
  interaction: () => ({ interactionType: 'other' }),
  // The model as it opens, the first option of every question.
  sampleAnswer: (step) => ({
    type: 'lab',
    removed: [],
    threshold: step.threshold,
    answers: Object.fromEntries(step.questions.map((q) => [q.id, q.options[0]!.id])),
  }),
  demoAnswer: (step, skill, random) => {
    const response = demoLabAnswer(step, skill, random, (s, r) => labKind.grade(s, r).score);
    return { response, thinkMs: thinkMs(120, skill, random) };
  },
};
