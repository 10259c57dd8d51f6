// A demo learner against the clock: the order of the helpful actions that earns the most
// (deadlines on the simulated clock included), found once per step, each kept with probability
// `skill`; harmful actions slipped in by the less skilled; acting at the learner's own pace.
import type { TimedStep } from '../../../course/schema.ts';
import type { TimedResponse } from '../../responses.ts';
import type { DemoRandom } from '../step-kind.ts';

type Score = (step: TimedStep, response: TimedResponse) => number;

/** Real seconds between two actions of a quick, sure learner. */
const BRISK_GAP_MS = 3_000;
const MAX_PERMUTED = 7;
const bestTimedOrders = new WeakMap<TimedStep, string[]>();

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function timedScore(step: TimedStep, order: readonly string[], score: Score): number {
  const done = order.map((id, i) => ({ id, atMs: (i + 1) * BRISK_GAP_MS }));
  return score(step, { type: 'timed', done, endedMs: (order.length + 1) * BRISK_GAP_MS });
}

function bestTimedOrder(step: TimedStep, score: Score): string[] {
  const cached = bestTimedOrders.get(step);
  if (cached) return cached;
  const helpful = step.actions.filter((a) => a.points > 0).map((a) => a.id);
  let best = helpful;
  if (helpful.length <= MAX_PERMUTED) {
    let bestScore = -Infinity;
    for (const order of permutations(helpful)) {
      const points = timedScore(step, order, score);
      if (points > bestScore) [best, bestScore] = [order, points];
    }
  } else {
    // Too many to try every order: deadlines first, earliest first, then the rest as listed.
    const due = new Map((step.deadlines ?? []).map((d) => [d.action, d.byMinute] as const));
    best = [...helpful].sort((a, b) => (due.get(a) ?? Infinity) - (due.get(b) ?? Infinity));
  }
  bestTimedOrders.set(step, best);
  return best;
}

export function demoTimedAnswer(step: TimedStep, skill: number, random: DemoRandom, score: Score): TimedResponse {
  const harmful = step.actions.filter((a) => a.points <= 0).map((a) => a.id);
  const plan = bestTimedOrder(step, score).filter(() => random.chance(skill));
  for (const id of harmful) {
    if (random.chance((1 - skill) * 0.5)) plan.splice(random.int(0, plan.length), 0, id);
  }
  const limitMs = step.timeLimitSeconds * 1000;
  const done: { id: string; atMs: number }[] = [];
  let at = 0;
  for (const id of plan) {
    at += BRISK_GAP_MS + Math.round(random.next() * (1 - skill) * 20_000);
    // When the time runs out the step ends: later actions never happen.
    if (at > limitMs) break;
    done.push({ id, atMs: at });
  }
  return { type: 'timed', done, endedMs: Math.min(limitMs, at + 2_000) };
}
