// The mini course fixture and helpers for engine and records tests (Node only).
import { readFileSync } from 'node:fs';
import { parseCourseText } from '../course/parse.ts';
import type { Course } from '../course/schema.ts';
import type { AttemptStore } from './attempt-store.ts';
import type { StepResponse } from './responses.ts';

/** Answers that earn the mini course's full 22 points. */
export const MINI_PASSING: StepResponse[] = [
  { type: 'inspect', found: { screen: 'lock', stick: 'hand-in' } },
  { type: 'choice', selected: ['dsl'] },
  { type: 'classify', placements: { faq: 'general', grid: 'important' } },
  { type: 'sequence', order: ['assess', 'mask', 'publish'] },
  { type: 'dialogue', path: ['refuse'] },
];

/** Starts the attempt if needed, then answers, submits and advances through each response. */
export function playResponses(store: AttemptStore, responses: readonly StepResponse[]): void {
  const { actions } = store.getState();
  if (store.getState().status === 'not-started') actions.start();
  for (const response of responses) {
    actions.respond(response);
    actions.submit();
    actions.advance();
  }
}

export function loadMiniCourse(): Course {
  const text = readFileSync(new URL('../course/fixtures/mini-course.yaml', import.meta.url), 'utf8');
  const result = parseCourseText(text, 'mini-course.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.course;
}
