// Validation of Activities and their definitions (interaction rules live in interaction.ts).
import { interactionIssues, INTERACTION_COMPONENTS } from './interaction.ts';
import { arrayOf, extensions, fields, iri, irl, languageMap, literal, string } from './primitives.ts';
import type { Check } from './primitives.ts';

const component: Check = (value, path, out) => {
  if (!fields(value, path, out, { id: string, description: languageMap }, ['id'])) return;
  if (value.id === '') out.push({ path: `${path}.id`, message: 'must not be empty' });
};

const components = arrayOf(component);

const definitionSpec: Readonly<Record<string, Check>> = {
  name: languageMap,
  description: languageMap,
  type: iri,
  moreInfo: irl,
  extensions,
  interactionType: literal(...Object.keys(INTERACTION_COMPONENTS)),
  correctResponsesPattern: arrayOf(string),
  choices: components,
  scale: components,
  source: components,
  target: components,
  steps: components,
};

export const activityDefinition: Check = (value, path, out) => {
  if (fields(value, path, out, definitionSpec)) interactionIssues(value, path, out);
};

export const activity: Check = (value, path, out) => {
  fields(value, path, out, { objectType: literal('Activity'), id: iri, definition: activityDefinition }, ['id']);
};

/** contextActivities values: one Activity or an array of them (the LRS stores arrays). */
export const activityOrArray: Check = (value, path, out) =>
  Array.isArray(value) ? arrayOf(activity)(value, path, out) : activity(value, path, out);
