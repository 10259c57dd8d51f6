// Branching dialogue. The response is the list of option ids chosen; replaying it through the
// nodes (with variables and routes) gives the current node, the consequences and the score.
import { z } from 'zod';
import { applyEffects, END, resolveRoute, type Vars } from '../../../course/dialogue-graph.ts';
import { stepMaxPoints } from '../../../course/max-score.ts';
import type { Condition, DialogueStep, Localized } from '../../../course/schema.ts';
import type { FeedbackLine } from '../../responses.ts';
import { refs } from '../response-schema.ts';
import { stableShuffle } from '../shuffle.ts';
import { thinkMs, type PublicOption, type PublicStepBase, type StepKind } from '../step-kind.ts';
import { demoPath } from './demo-path.ts';

export interface PublicDialogueNode {
  readonly id: string;
  readonly speaker: Localized;
  /** The scene character saying the line, if it is one of the scene's people. */
  readonly character?: string | undefined;
  readonly text: Localized;
  readonly end?: boolean | undefined;
  readonly options?:
    | readonly (PublicOption & { readonly next: string; readonly effects?: Readonly<Record<string, number>> | undefined })[]
    | undefined;
  readonly route?: readonly { readonly if?: Condition | undefined; readonly next: string }[] | undefined;
}

/** The whole graph (routes and effects are the exercise), without points or feedback; replies shuffled. */
export type PublicDialogueStep = PublicStepBase & {
  readonly type: 'dialogue';
  readonly variables?: Readonly<Record<string, number>> | undefined;
  readonly start: string;
  readonly nodes: readonly PublicDialogueNode[];
};

export interface DialogueCursor {
  /** The node waiting for the learner, or an ending; null if the path is invalid. */
  readonly node: PublicDialogueNode | null;
  readonly vars: Vars;
  readonly ended: boolean;
  readonly error: string | null;
  /** Nodes shown so far, in order (including routed-through ones). */
  readonly transcript: readonly string[];
}

export function walkDialogue(step: PublicDialogueStep, path: readonly string[]): DialogueCursor {
  const nodes = new Map(step.nodes.map((n) => [n.id, n] as const));
  let vars: Vars = { ...(step.variables ?? {}) };
  const transcript: string[] = [];
  let at = resolveRoute(nodes, step.start, vars);
  for (const optionId of path) {
    if ('error' in at) break;
    transcript.push(...at.visited);
    const node = nodes.get(at.nodeId);
    if (!node)
      return { node: null, vars, ended: true, error: `option "${optionId}" chosen after the conversation ended`, transcript };
    const option = node.options?.find((o) => o.id === optionId);
    if (!option) return { node, vars, ended: false, error: `node "${node.id}" has no option "${optionId}"`, transcript };
    vars = applyEffects(vars, option.effects);
    at = resolveRoute(nodes, option.next, vars);
  }
  if ('error' in at) return { node: null, vars, ended: true, error: at.error, transcript };
  transcript.push(...at.visited);
  if (at.nodeId === END) return { node: null, vars, ended: true, error: null, transcript };
  const node = nodes.get(at.nodeId) ?? null;
  const ended = !node || node.end === true || !node.options?.length;
  return { node, vars, ended, error: null, transcript };
}

/** What the learner has answered so far: plain JSON, what the browser sends and the grader replays. */
export type DialogueResponse = { readonly type: 'dialogue'; readonly path: readonly string[] };

export const dialogueKind: StepKind<DialogueStep, PublicDialogueStep, DialogueResponse> = {
  responseSchema: z.strictObject({ type: z.literal('dialogue'), path: refs }),
  publicStep: (step, base) => ({
    ...base,
    type: 'dialogue',
    variables: step.variables ?? {},
    start: step.start,
    nodes: step.nodes.map((n) => ({
      id: n.id,
      speaker: n.speaker,
      ...(n.character && { character: n.character }),
      text: n.text,
      end: n.end ?? false,
      options: stableShuffle(
        (n.options ?? []).map((o) => ({ id: o.id, text: o.text, next: o.next, ...(o.effects && { effects: o.effects }) })),
        `${step.id}/${n.id}`,
      ),
      ...(n.route && { route: n.route.map((r) => ({ next: r.next, ...(r.if && { if: r.if }) })) }),
    })),
  }),
  empty: () => ({ type: 'dialogue', path: [] }),
  check: (step, r) => walkDialogue(step, r.path).error,
  complete: (step, r) => walkDialogue(step, r.path).ended,
  grade: (step, r) => {
    const nodes = new Map(step.nodes.map((n) => [n.id, n] as const));
    const lines: FeedbackLine[] = [];
    let vars: Vars = { ...(step.variables ?? {}) };
    let at = resolveRoute(nodes, step.start, vars);
    for (const optionId of r.path) {
      if ('error' in at) break;
      const option = nodes.get(at.nodeId)?.options?.find((o) => o.id === optionId);
      if (!option) break;
      lines.push({
        ref: option.id,
        points: option.points,
        verdict: option.points > 0 ? 'full' : option.points < 0 ? 'wrong' : 'partial',
        text: option.feedback,
      });
      vars = applyEffects(vars, option.effects);
      at = resolveRoute(nodes, option.next, vars);
    }
    const ending = 'error' in at ? undefined : nodes.get(at.nodeId);
    if (ending) lines.push({ ref: ending.id, points: 0, verdict: 'info', text: ending.text });
    const max = stepMaxPoints(step);
    const raw = lines.reduce((s, l) => s + l.points, 0);
    return { score: Math.min(max, Math.max(0, raw)), max, lines };
  },
  interaction: () => ({ interactionType: 'other' }),
  // The first reply at every turn, to an ending.
  sampleAnswer: (step) => {
    const path: string[] = [];
    for (let cursor = walkDialogue(step, path); !cursor.ended && cursor.node?.options?.[0]; cursor = walkDialogue(step, path))
      path.push(cursor.node.options[0].id);
    return { type: 'dialogue', path };
  },
  demoAnswer: (step, skill, random) => {
    const response: DialogueResponse = { type: 'dialogue', path: demoPath(step, skill, random) };
    return { response, thinkMs: thinkMs(70, skill, random) };
  },
};
