// Walks every path through a branching dialogue, carrying its variables, so the validator can
// prove each path ends and the engine knows the best reachable score.
import type { Condition, DialogueStep } from './schema.ts';
import type { PathSegment } from './problems.ts';

export const END = 'end';
const MAX_PATHS = 20_000;

export type Vars = Readonly<Record<string, number>>;

export function conditionHolds(condition: Condition, vars: Vars): boolean {
  const value = vars[condition.var] ?? 0;
  switch (condition.op) {
    case '>=':
      return value >= condition.value;
    case '<=':
      return value <= condition.value;
    case '>':
      return value > condition.value;
    case '<':
      return value < condition.value;
    case '==':
      return value === condition.value;
  }
}

export function applyEffects(vars: Vars, effects: Readonly<Record<string, number>> | undefined): Vars {
  if (!effects) return vars;
  const next: Record<string, number> = { ...vars };
  for (const [name, delta] of Object.entries(effects)) next[name] = (next[name] ?? 0) + delta;
  return next;
}

/** Follows automatic routes from a node until a node that waits for the learner (or ends). */
/** What routing reads of a node: the full course's nodes and the learner's (public) ones alike. */
export interface RoutedNode {
  readonly options?: readonly unknown[] | undefined;
  readonly route?: readonly { readonly if?: Condition | undefined; readonly next: string }[] | undefined;
  readonly end?: boolean | undefined;
}

export function resolveRoute(
  nodes: ReadonlyMap<string, RoutedNode>,
  nodeId: string,
  vars: Vars,
): { nodeId: string; visited: string[] } | { error: string; at: string } {
  const visited: string[] = [];
  let current = nodeId;
  for (;;) {
    if (current === END) return { nodeId: END, visited };
    const node = nodes.get(current);
    if (!node) return { error: `no node "${current}"`, at: current };
    if (visited.includes(current)) return { error: `routes loop back to "${current}"`, at: current };
    visited.push(current);
    if (!node.route || node.options?.length || node.end) return { nodeId: current, visited };
    const rule = node.route.find((r) => !r.if || conditionHolds(r.if, vars));
    if (!rule) {
      const state =
        Object.entries(vars)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') || 'no variables set';
      return { error: `no route rule matches when ${state}: add a last rule with no "if"`, at: current };
    }
    current = rule.next;
  }
}

export interface DialogueAnalysis {
  readonly problems: { path: PathSegment[]; message: string }[];
  /** The highest total of option points over every complete path. */
  readonly maxPoints: number;
  readonly reachable: ReadonlySet<string>;
}

export function analyzeDialogue(step: DialogueStep, basePath: readonly PathSegment[]): DialogueAnalysis {
  const nodes = new Map(step.nodes.map((n) => [n.id, n] as const));
  const index = new Map(step.nodes.map((n, i) => [n.id, i] as const));
  const problems: { path: PathSegment[]; message: string }[] = [];
  const reported = new Set<string>();
  const reachable = new Set<string>();
  const report = (path: PathSegment[], message: string) => {
    const key = `${path.join('.')}|${message}`;
    if (!reported.has(key)) {
      reported.add(key);
      problems.push({ path, message });
    }
  };
  const nodePath = (id: string): PathSegment[] => [...basePath, 'nodes', index.get(id) ?? 0];
  let maxPoints = Number.NEGATIVE_INFINITY;
  let paths = 0;

  const walk = (nodeId: string, vars: Vars, onPath: readonly string[], total: number): void => {
    if (paths > MAX_PATHS) return;
    const resolved = resolveRoute(nodes, nodeId, vars);
    if ('error' in resolved) {
      report(nodes.has(resolved.at) ? [...nodePath(resolved.at), 'route'] : [...basePath, 'start'], resolved.error);
      return;
    }
    resolved.visited.forEach((v) => reachable.add(v));
    const loop = resolved.visited.find((v) => onPath.includes(v));
    if (loop) {
      report(nodePath(loop), `the conversation can come back to "${loop}" and never end: every path must reach an ending`);
      return;
    }
    const here = resolved.nodeId;
    if (here === END) {
      paths++;
      maxPoints = Math.max(maxPoints, total);
      return;
    }
    const node = nodes.get(here);
    if (!node) return;
    if (node.end || !node.options?.length) {
      paths++;
      maxPoints = Math.max(maxPoints, total);
      return;
    }
    const path = [...onPath, ...resolved.visited];
    node.options.forEach((option) => {
      walk(option.next, applyEffects(vars, option.effects), path, total + option.points);
    });
  };

  walk(step.start, { ...(step.variables ?? {}) }, [], 0);
  if (paths > MAX_PATHS) {
    problems.push({
      path: [...basePath],
      message: `more than ${MAX_PATHS} distinct paths: split the dialogue into smaller steps`,
    });
  }
  return { problems, maxPoints: Number.isFinite(maxPoints) ? maxPoints : 0, reachable };
}
