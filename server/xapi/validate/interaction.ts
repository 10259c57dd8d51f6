// The rules of interaction activities: which component lists each interactionType may carry,
// distinct component ids, and correct response patterns that only name components that exist.
import { isObject } from './primitives.ts';
import type { Issue } from './primitives.ts';

const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;
type ComponentList = (typeof COMPONENT_LISTS)[number];

/** The component lists each interaction type allows; the others must be absent. */
export const INTERACTION_COMPONENTS: Readonly<Record<string, readonly ComponentList[]>> = {
  'true-false': [],
  choice: ['choices'],
  'fill-in': [],
  'long-fill-in': [],
  matching: ['source', 'target'],
  performance: ['steps'],
  sequencing: ['choices'],
  likert: ['scale'],
  numeric: [],
  other: [],
};

const NUMBER = /^-?\d+(\.\d+)?$/;

function componentIds(definition: Record<string, unknown>, list: ComponentList): Set<string> | undefined {
  const components = definition[list];
  if (!Array.isArray(components)) return undefined;
  return new Set(
    components.flatMap((component: unknown) => (isObject(component) && typeof component.id === 'string' ? [component.id] : [])),
  );
}

/** Checks one correct response pattern; returns what is wrong, or undefined. */
function patternProblem(type: string, pattern: string, definition: Record<string, unknown>): string | undefined {
  const known = (list: ComponentList, id: string): boolean => componentIds(definition, list)?.has(id) ?? true;
  switch (type) {
    case 'true-false':
      return pattern === 'true' || pattern === 'false' ? undefined : 'a true-false pattern is "true" or "false"';
    case 'choice':
    case 'sequencing': {
      if (pattern === '' && type === 'choice') return undefined;
      const missing = pattern.split('[,]').find((id) => !known('choices', id));
      return missing === undefined ? undefined : `names "${missing}", which is not one of the choices`;
    }
    case 'likert':
      return known('scale', pattern) ? undefined : `names "${pattern}", which is not on the scale`;
    case 'matching':
      for (const pair of pattern.split('[,]')) {
        const [source, target, extra] = pair.split('[.]');
        if (source === undefined || target === undefined || extra !== undefined) return `"${pair}" is not a source[.]target pair`;
        if (!known('source', source)) return `names source "${source}", which is not listed`;
        if (!known('target', target)) return `names target "${target}", which is not listed`;
      }
      return undefined;
    case 'performance':
      for (const pair of pattern.split('[,]')) {
        const step = pair.split('[.]')[0] ?? '';
        if (!pair.includes('[.]')) return `"${pair}" is not a step[.]response pair`;
        if (!known('steps', step)) return `names step "${step}", which is not listed`;
      }
      return undefined;
    case 'numeric': {
      const [low, high, extra] = pattern.split('[:]');
      const bad = (value: string | undefined): boolean => value !== undefined && value !== '' && !NUMBER.test(value);
      if (extra !== undefined || bad(low) || bad(high) || (low === '' && high === ''))
        return 'a numeric pattern is a number or a range "min[:]max"';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Cross-property rules of an Activity definition; property formats are checked by activity.ts. */
export function interactionIssues(definition: Record<string, unknown>, path: string, out: Issue[]): void {
  const type = definition.interactionType;
  const present = COMPONENT_LISTS.filter((list) => Object.hasOwn(definition, list));
  if (typeof type !== 'string' || !Object.hasOwn(INTERACTION_COMPONENTS, type)) {
    for (const list of [
      ...present,
      ...(Object.hasOwn(definition, 'correctResponsesPattern') ? ['correctResponsesPattern'] : []),
    ]) {
      out.push({ path: `${path}.${list}`, message: 'is only allowed with an interactionType' });
    }
    return;
  }
  const allowed = INTERACTION_COMPONENTS[type] ?? [];
  for (const list of present) {
    if (!allowed.includes(list)) {
      out.push({
        path: `${path}.${list}`,
        message: `is not allowed for interactionType "${type}"${allowed.length > 0 ? ` (use ${allowed.join(', ')})` : ''}`,
      });
    }
    const components = definition[list];
    if (!Array.isArray(components)) continue;
    const seen = new Set<string>();
    components.forEach((component: unknown, index) => {
      if (!isObject(component) || typeof component.id !== 'string') return;
      if (seen.has(component.id))
        out.push({
          path: `${path}.${list}[${index}].id`,
          message: `repeats the id "${component.id}": ids in one list must be distinct`,
        });
      seen.add(component.id);
    });
  }
  const patterns = definition.correctResponsesPattern;
  if (!Array.isArray(patterns)) return;
  patterns.forEach((pattern: unknown, index) => {
    if (typeof pattern !== 'string') return;
    const problem = patternProblem(type, pattern, definition);
    if (problem !== undefined) out.push({ path: `${path}.correctResponsesPattern[${index}]`, message: problem });
  });
}
