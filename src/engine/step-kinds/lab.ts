// The algorithm check-up lab: the learner changes the model (removes features, moves the
// threshold), reads the fairness metrics computed from the data, and answers what they found.
// Points: each answer's points, plus each goal the final model meets.
import { stepMaxPoints } from '../../course/max-score.ts';
import type { LabStep } from '../../course/schema.ts';
import { labMetrics, metricValue, roundMetric } from '../lab-metrics.ts';
import type { FeedbackLine, LabResponse } from '../responses.ts';
import { clamp, unknownIds, type StepKind } from './step-kind.ts';

export const labKind: StepKind<LabStep, LabResponse> = {
  empty: (step) => ({ type: 'lab', removed: [], threshold: step.threshold, answers: {} }),
  check: (step, r) => {
    const [min, max] = step.thresholdRange;
    if (!(r.threshold >= min - 1e-9 && r.threshold <= max + 1e-9)) return `threshold ${r.threshold} is outside ${min}–${max}`;
    if (r.removed.length >= step.features.length) return 'the model needs at least one feature';
    const bad = unknownIds(r.removed, step.features.map((f) => f.id), 'feature') ?? unknownIds(Object.keys(r.answers), step.questions.map((q) => q.id), 'question');
    if (bad) return bad;
    for (const [questionId, optionId] of Object.entries(r.answers)) {
      if (!step.questions.find((q) => q.id === questionId)!.options.some((o) => o.id === optionId)) return `question "${questionId}" has no option "${optionId}"`;
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
      lines.push({ ref: question.id, points: option.points, verdict: option.points >= best ? 'full' : option.points > 0 ? 'partial' : 'wrong', text: option.feedback });
    }
    const metrics = labMetrics(step, r);
    for (const goal of step.goals ?? []) {
      const value = roundMetric(goal.metric, metricValue(metrics, goal.metric));
      const met = goal.op === '>=' ? value >= goal.value : value <= goal.value;
      lines.push({
        ref: `goal:${goal.metric}`,
        points: met ? goal.points : 0,
        verdict: met ? 'full' : 'missed',
        text: { 'zh-CN': `${goal.feedback['zh-CN']}（当前 ${value}，目标 ${goal.op} ${goal.value}）`, en: `${goal.feedback.en} (now ${value}; target ${goal.op} ${goal.value})` },
      });
    }
    const max = stepMaxPoints(step);
    return { score: clamp(lines.reduce((s, l) => s + l.points, 0), 0, max), max, lines };
  },
};
