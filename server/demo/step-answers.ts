// Synthetic learners' answers, one generator per step kind: each decision a learner makes
// (a hotspot found, a fix picked, a bin, a dialogue reply, a lab setting, a timed action) is the
// best one with probability `skill`, otherwise a plausible mistake. The best answers come from
// the course itself (points, bins, orders) or, for dialogue, lab and timed steps, from a search
// graded by the engine, so a learner of skill 1 earns the course's full (or best reachable) score.
import { applyEffects, END, resolveRoute } from '../../src/course/dialogue-graph.ts';
import type { Vars } from '../../src/course/dialogue-graph.ts';
import type { ChoiceStep, ClassifyStep, DialogueNode, DialogueStep, InspectStep, LabStep, SequenceStep, Step, TimedStep } from '../../src/course/schema.ts';
import type { ChoiceResponse, ClassifyResponse, DialogueResponse, InspectResponse, LabResponse, SequenceResponse, StepResponse, TimedResponse } from '../../src/engine/responses.ts';
import { gradeStep } from '../../src/engine/step-kinds/index.ts';
import type { Random } from './random.ts';

export interface GeneratedAnswer {
  readonly response: StepResponse;
  /** Real milliseconds the learner spent on the step before submitting. */
  readonly thinkMs: number;
}

/** The answer of a learner of `skill` (0–1) to one step. */
export function answerStep(step: Step, skill: number, random: Random): GeneratedAnswer {
  const think = (base: number) => Math.round((base + random.next() * base * (1.5 - skill)) * 1000);
  switch (step.type) {
    case 'inspect':
      return { response: answerInspect(step, skill, random), thinkMs: think(60) };
    case 'choice':
      return { response: answerChoice(step, skill, random), thinkMs: think(25) };
    case 'classify':
      return { response: answerClassify(step, skill, random), thinkMs: think(50) };
    case 'sequence':
      return { response: answerSequence(step, skill, random), thinkMs: think(30) };
    case 'dialogue':
      return { response: answerDialogue(step, skill, random), thinkMs: think(70) };
    case 'lab':
      return { response: answerLab(step, skill, random), thinkMs: think(120) };
    case 'timed': {
      const response = answerTimed(step, skill, random);
      return { response, thinkMs: (response.endedMs ?? 0) + 1_000 };
    }
  }
}

function others<T>(items: readonly T[], not: T): T[] {
  return items.filter((item) => item !== not);
}

function answerInspect(step: InspectStep, skill: number, random: Random): InspectResponse {
  const found: Record<string, string | null> = {};
  for (const hotspot of step.hotspots) {
    const fixes = hotspot.fixes ?? [];
    if (hotspot.hazard) {
      if (!random.chance(skill)) continue;
      if (fixes.length === 0) {
        found[hotspot.id] = null;
        continue;
      }
      const best = fixes.reduce((a, b) => (b.points > a.points ? b : a));
      const worse = others(fixes, best);
      found[hotspot.id] = random.chance(skill) || worse.length === 0 ? best.id : random.pick(worse).id;
    } else if (random.chance((1 - skill) * 0.4)) {
      // A decoy flagged: the learner thought it risky and picked some fix.
      found[hotspot.id] = fixes.length > 0 ? random.pick(fixes).id : null;
    }
  }
  return { type: 'inspect', found };
}

function answerChoice(step: ChoiceStep, skill: number, random: Random): ChoiceResponse {
  if (!step.multiple) {
    const best = step.options.reduce((a, b) => (b.points > a.points ? b : a));
    return { type: 'choice', selected: [random.chance(skill) ? best.id : random.pick(others(step.options, best)).id] };
  }
  const selected = step.options.filter((option) => (option.points > 0 ? random.chance(skill) : random.chance((1 - skill) * 0.6))).map((o) => o.id);
  if (selected.length === 0) selected.push(random.pick(step.options).id);
  return { type: 'choice', selected };
}

function answerClassify(step: ClassifyStep, skill: number, random: Random): ClassifyResponse {
  const bins = step.bins.map((b) => b.id);
  const placements: Record<string, string> = {};
  for (const item of step.items) placements[item.id] = random.chance(skill) ? item.bin : random.pick(others(bins, item.bin));
  return { type: 'classify', placements };
}

function answerSequence(step: SequenceStep, skill: number, random: Random): SequenceResponse {
  const order = step.items.map((i) => i.id);
  if (random.chance(skill)) return { type: 'sequence', order };
  // Mistakes: a few swapped pairs, more the less skilled; at skill 0 the order is reversed.
  if (skill <= 0) return { type: 'sequence', order: [...order].reverse() };
  const swaps = 1 + Math.floor((1 - skill) * order.length);
  for (let n = 0; n < swaps; n++) {
    const i = random.int(0, order.length - 2);
    [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
  }
  return { type: 'sequence', order };
}

// --- Dialogue: the best reachable total from each point, by walking the (small, acyclic) graph.

function dialogueNodes(step: DialogueStep): Map<string, DialogueNode> {
  return new Map(step.nodes.map((n) => [n.id, n] as const));
}

/** The waiting node reached from `nodeId` under `vars`, or null at an ending. */
function waitingNode(nodes: ReadonlyMap<string, DialogueNode>, nodeId: string, vars: Vars): DialogueNode | null {
  const at = resolveRoute(nodes, nodeId, vars);
  if ('error' in at || at.nodeId === END) return null;
  const node = nodes.get(at.nodeId);
  return !node || node.end || !node.options?.length ? null : node;
}

function bestFrom(nodes: ReadonlyMap<string, DialogueNode>, nodeId: string, vars: Vars): number {
  const node = waitingNode(nodes, nodeId, vars);
  if (!node) return 0;
  return Math.max(...node.options!.map((o) => o.points + bestFrom(nodes, o.next, applyEffects(vars, o.effects))));
}

function answerDialogue(step: DialogueStep, skill: number, random: Random): DialogueResponse {
  const nodes = dialogueNodes(step);
  const path: string[] = [];
  let vars: Vars = { ...(step.variables ?? {}) };
  let node = waitingNode(nodes, step.start, vars);
  while (node) {
    const options = node.options!;
    const value = (o: (typeof options)[number]) => o.points + bestFrom(nodes, o.next, applyEffects(vars, o.effects));
    const best = options.reduce((a, b) => (value(b) > value(a) ? b : a));
    const rest = others(options, best);
    const option = random.chance(skill) || rest.length === 0 ? best : random.pick(rest);
    path.push(option.id);
    vars = applyEffects(vars, option.effects);
    node = waitingNode(nodes, option.next, vars);
  }
  return { type: 'dialogue', path };
}

// --- Lab: the model setting (features removed, threshold on the widget's 0.01 grid) that meets
// the most goal points, found once per step by trying every setting against the data.

const bestLabModels = new WeakMap<LabStep, { removed: string[]; threshold: number }>();

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((s) => [...s, item])], [[]]);
}

function bestLabModel(step: LabStep): { removed: string[]; threshold: number } {
  const cached = bestLabModels.get(step);
  if (cached) return cached;
  const ids = step.features.map((f) => f.id);
  const [low, high] = step.thresholdRange;
  let best = { removed: [] as string[], threshold: step.threshold, score: -1 };
  for (const removed of subsets(ids).filter((s) => s.length < ids.length)) {
    for (let cents = Math.ceil(low * 100); cents <= Math.floor(high * 100 + 1e-9); cents++) {
      const threshold = cents / 100;
      // Goals only: answers are scored apart from the model.
      const score = gradeStep(step, { type: 'lab', removed, threshold, answers: {} }).score;
      if (score > best.score) best = { removed, threshold, score };
    }
  }
  const model = { removed: best.removed, threshold: best.threshold };
  bestLabModels.set(step, model);
  return model;
}

function answerLab(step: LabStep, skill: number, random: Random): LabResponse {
  const answers: Record<string, string> = {};
  for (const question of step.questions) {
    const best = question.options.reduce((a, b) => (b.points > a.points ? b : a));
    answers[question.id] = random.chance(skill) ? best.id : random.pick(others(question.options, best)).id;
  }
  if (random.chance(skill)) return { type: 'lab', ...bestLabModel(step), answers };
  if (random.chance(0.5)) return { type: 'lab', removed: [], threshold: step.threshold, answers };
  // Tinkered without reaching the goals: one feature out, the threshold moved a little.
  const [low, high] = step.thresholdRange;
  const threshold = Math.round(Math.min(high, Math.max(low, step.threshold + random.normal(0, 0.08))) * 100) / 100;
  return { type: 'lab', removed: [random.pick(step.features).id], threshold, answers };
}

// --- Timed: the order of the helpful actions that earns the most (deadlines on the simulated
// clock included), found once per step; learners then act at their own pace.

/** Real seconds between two actions of a quick, sure learner. */
const BRISK_GAP_MS = 3_000;
const MAX_PERMUTED = 7;
const bestTimedOrders = new WeakMap<TimedStep, string[]>();

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function timedScore(step: TimedStep, order: readonly string[]): number {
  const done = order.map((id, i) => ({ id, atMs: (i + 1) * BRISK_GAP_MS }));
  return gradeStep(step, { type: 'timed', done, endedMs: (order.length + 1) * BRISK_GAP_MS }).score;
}

function bestTimedOrder(step: TimedStep): string[] {
  const cached = bestTimedOrders.get(step);
  if (cached) return cached;
  const helpful = step.actions.filter((a) => a.points > 0).map((a) => a.id);
  let best = helpful;
  if (helpful.length <= MAX_PERMUTED) {
    let bestScore = -Infinity;
    for (const order of permutations(helpful)) {
      const score = timedScore(step, order);
      if (score > bestScore) [best, bestScore] = [order, score];
    }
  } else {
    // Too many to try every order: deadlines first, earliest first, then the rest as listed.
    const due = new Map((step.deadlines ?? []).map((d) => [d.action, d.byMinute] as const));
    best = [...helpful].sort((a, b) => (due.get(a) ?? Infinity) - (due.get(b) ?? Infinity));
  }
  bestTimedOrders.set(step, best);
  return best;
}

function answerTimed(step: TimedStep, skill: number, random: Random): TimedResponse {
  const harmful = step.actions.filter((a) => a.points <= 0).map((a) => a.id);
  const plan = bestTimedOrder(step).filter(() => random.chance(skill));
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
