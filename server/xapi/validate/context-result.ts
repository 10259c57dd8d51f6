// Validation of a statement's result (score ranges, duration) and context (registration,
// instructor, team, context activities, and the context agents and groups xAPI 2.0 added).
import { activityOrArray } from './activity.ts';
import { actor, agent, group } from './agents.ts';
import { arrayOf, boolean, duration, extensions, fields, iri, languageTag, literal, number, string, uuid } from './primitives.ts';
import type { Check } from './primitives.ts';

const score: Check = (value, path, out) => {
  if (!fields(value, path, out, { scaled: number, raw: number, min: number, max: number })) return;
  const { scaled, raw, min, max } = value;
  if (typeof scaled === 'number' && (scaled < -1 || scaled > 1))
    out.push({ path: `${path}.scaled`, message: `must be from -1 to 1, not ${scaled}` });
  if (typeof min === 'number' && typeof max === 'number' && max <= min)
    out.push({ path: `${path}.max`, message: `must be greater than min (${min}), not ${max}` });
  if (typeof raw === 'number' && typeof min === 'number' && raw < min)
    out.push({ path: `${path}.raw`, message: `must not be below min (${min}), not ${raw}` });
  if (typeof raw === 'number' && typeof max === 'number' && raw > max)
    out.push({ path: `${path}.raw`, message: `must not be above max (${max}), not ${raw}` });
};

export const result: Check = (value, path, out) => {
  fields(value, path, out, { score, success: boolean, completion: boolean, response: string, duration, extensions });
};

export const statementRef: Check = (value, path, out) => {
  fields(value, path, out, { objectType: literal('StatementRef'), id: uuid }, ['objectType', 'id']);
};

const contextActivities: Check = (value, path, out) => {
  fields(value, path, out, {
    parent: activityOrArray,
    grouping: activityOrArray,
    category: activityOrArray,
    other: activityOrArray,
  });
};

const relevantTypes = arrayOf(iri, { minItems: 1 });

const contextAgent: Check = (value, path, out) => {
  fields(value, path, out, { objectType: literal('contextAgent'), agent, relevantTypes }, ['objectType', 'agent']);
};

const contextGroup: Check = (value, path, out) => {
  fields(value, path, out, { objectType: literal('contextGroup'), group, relevantTypes }, ['objectType', 'group']);
};

const context10: Readonly<Record<string, Check>> = {
  registration: uuid,
  instructor: actor,
  team: group,
  contextActivities,
  revision: string,
  platform: string,
  language: languageTag,
  statement: statementRef,
  extensions,
};

const context20: Readonly<Record<string, Check>> = {
  ...context10,
  contextAgents: arrayOf(contextAgent, { minItems: 1 }),
  contextGroups: arrayOf(contextGroup, { minItems: 1 }),
};

/** Context for a request of the given xAPI version: contextAgents and contextGroups are 2.0 only. */
export function contextFor(version: '1.0' | '2.0'): Check {
  const spec = version === '2.0' ? context20 : context10;
  return (value, path, out) => {
    fields(value, path, out, spec);
  };
}
