// The dialogue step's format: nodes of a conversation, replies with points and variable effects, routes on the variables.
import { z } from 'zod';
import { analyzeDialogue, END } from '../dialogue-graph.ts';
import { conditionSchema, id, localizedSchema, stepBase } from '../schema-parts.ts';
import { checkRef, checkUnique, type Report, type StepFormat } from '../step-format.ts';

export const dialogueOptionSchema = z.strictObject({
  id,
  text: localizedSchema,
  points: z.number(),
  feedback: localizedSchema,
  /** Node to go to, or "end". */
  next: z.string(),
  /** Variable changes: name → amount added. */
  effects: z.record(z.string(), z.number()).optional(),
});

export const dialogueNodeSchema = z.strictObject({
  id,
  speaker: localizedSchema,
  /** The scene character who says this line (they turn to the learner and speak). */
  character: id.optional(),
  text: localizedSchema,
  /** Learner replies. A node without options must route or end. */
  options: z.array(dialogueOptionSchema).optional(),
  /** Automatic routing on variables: the first matching rule wins; a rule without `if` always matches. */
  route: z.array(z.strictObject({ if: conditionSchema.optional(), next: z.string() })).optional(),
  /** An ending: the conversation stops here (the text is the consequence). */
  end: z.boolean().optional(),
});

export const dialogueStep = z.strictObject({
  ...stepBase,
  type: z.literal('dialogue'),
  variables: z.record(z.string(), z.number()).optional(),
  start: id,
  nodes: z.array(dialogueNodeSchema).min(1),
});

export type DialogueStep = z.infer<typeof dialogueStep>;
export type DialogueNode = z.infer<typeof dialogueNodeSchema>;
export type DialogueOption = z.infer<typeof dialogueOptionSchema>;

export const dialogueFormat: StepFormat<DialogueStep> = {
  check: (step, path, scene, outer) => {
    // Reference errors make path analysis meaningless, so it runs only when the graph is sound.
    let broken = false;
    const report: Report = (p, m) => {
      broken = true;
      outer(p, m);
    };
    const nodes = checkUnique(step.nodes, [...path, 'nodes'], 'node', report);
    if (nodes.has(END)) report([...path, 'nodes'], `"${END}" is reserved for "the conversation ends": rename that node`);
    const known = new Set([...nodes, END]);
    checkRef(step.start, nodes, [...path, 'start'], 'node', report);
    const variables = new Set(Object.keys(step.variables ?? {}));
    step.nodes.forEach((node, n) => {
      const np = [...path, 'nodes', n];
      const hasOptions = (node.options?.length ?? 0) > 0;
      if (node.character !== undefined) checkRef(node.character, scene.characters, [...np, 'character'], 'character', report);
      if (node.end && (hasOptions || node.route)) report(np, 'an ending (end: true) cannot have options or routes');
      if (hasOptions && node.route)
        report([...np, 'route'], 'a node either waits for a reply (options) or routes on variables (route), not both');
      if (!node.end && !hasOptions && !node.route)
        report(np, 'this node has no options, no route and is not an ending: add options, a route, or end: true');
      node.options?.forEach((o, k) => {
        checkRef(o.next, known, [...np, 'options', k, 'next'], 'node', report);
        for (const name of Object.keys(o.effects ?? {}))
          checkRef(name, variables, [...np, 'options', k, 'effects', name], 'variable', report);
      });
      if (node.options) checkUnique(node.options, [...np, 'options'], 'option', report);
      node.route?.forEach((r, k) => {
        checkRef(r.next, known, [...np, 'route', k, 'next'], 'node', report);
        if (r.if) checkRef(r.if.var, variables, [...np, 'route', k, 'if', 'var'], 'variable', report);
      });
    });
    if (broken) return;
    const analysis = analyzeDialogue(step, path);
    analysis.problems.forEach((p) => report(p.path, p.message));
    step.nodes.forEach((node, n) => {
      if (!analysis.reachable.has(node.id))
        report([...path, 'nodes', n], `node "${node.id}" can never be reached from "${step.start}": link to it or remove it`);
    });
  },
  maxPoints: (step) => Math.max(0, analyzeDialogue(step, []).maxPoints),
};
