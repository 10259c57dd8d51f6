// A demo learner's way through a dialogue: at each turn the reply with the best reachable total
// with probability `skill`, else another one. The graph is small and acyclic, so it is walked whole.
import { applyEffects, END, resolveRoute, type Vars } from '../../../course/dialogue-graph.ts';
import type { DialogueNode, DialogueStep } from '../../../course/schema.ts';
import { others, type DemoRandom } from '../step-kind.ts';

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

export function demoPath(step: DialogueStep, skill: number, random: DemoRandom): string[] {
  const nodes = new Map(step.nodes.map((n) => [n.id, n] as const));
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
  return path;
}
