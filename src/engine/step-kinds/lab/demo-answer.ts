// A demo learner's lab: the best answer to each question with probability `skill`; the model
// setting (features removed, threshold on the widget's 0.01 grid) that meets the most goal points,
// found once per step by trying every setting against the data, or a tinkered one that does not.
import type { LabStep } from '../../../course/schema.ts';
import type { LabResponse } from '../../responses.ts';
import { others, type DemoRandom } from '../step-kind.ts';

type Score = (step: LabStep, response: LabResponse) => number;

const bestLabModels = new WeakMap<LabStep, { removed: string[]; threshold: number }>();

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((s) => [...s, item])], [[]]);
}

function bestLabModel(step: LabStep, score: Score): { removed: string[]; threshold: number } {
  const cached = bestLabModels.get(step);
  if (cached) return cached;
  const ids = step.features.map((f) => f.id);
  const [low, high] = step.thresholdRange;
  let best = { removed: [] as string[], threshold: step.threshold, score: -1 };
  for (const removed of subsets(ids).filter((s) => s.length < ids.length)) {
    for (let cents = Math.ceil(low * 100); cents <= Math.floor(high * 100 + 1e-9); cents++) {
      const threshold = cents / 100;
      // Goals only: answers are scored apart from the model.
      const points = score(step, { type: 'lab', removed, threshold, answers: {} });
      if (points > best.score) best = { removed, threshold, score: points };
    }
  }
  const model = { removed: best.removed, threshold: best.threshold };
  bestLabModels.set(step, model);
  return model;
}

export function demoLabAnswer(step: LabStep, skill: number, random: DemoRandom, score: Score): LabResponse {
  const answers: Record<string, string> = {};
  for (const question of step.questions) {
    const best = question.options.reduce((a, b) => (b.points > a.points ? b : a));
    answers[question.id] = random.chance(skill) ? best.id : random.pick(others(question.options, best)).id;
  }
  if (random.chance(skill)) return { type: 'lab', ...bestLabModel(step, score), answers };
  if (random.chance(0.5)) return { type: 'lab', removed: [], threshold: step.threshold, answers };
  // Tinkered without reaching the goals: one feature out, the threshold moved a little.
  const [low, high] = step.thresholdRange;
  const threshold = Math.round(Math.min(high, Math.max(low, step.threshold + random.normal(0, 0.08))) * 100) / 100;
  return { type: 'lab', removed: [random.pick(step.features).id], threshold, answers };
}
