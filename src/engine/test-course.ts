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

/** The mini course with versions to draw: the choice step "why" has two variants, the classify step "grade" a pool of 5 drawing 2. */
export function loadDrawnMiniCourse(): Course {
  const mini = loadMiniCourse();
  const option = (id: string, en: string, points: number) => ({
    id,
    text: { 'zh-CN': `选项${id}`, en },
    points,
    feedback: { 'zh-CN': `反馈${id}`, en: `Feedback ${id}` },
  });
  const item = (id: string, bin: string) => ({
    id,
    label: { 'zh-CN': `卡片${id}`, en: `Card ${id}` },
    bin,
    points: 2,
    feedback: { 'zh-CN': `说明${id}`, en: `Note ${id}` },
  });
  const scenes = mini.scenes.map((scene) => ({
    ...scene,
    steps: scene.steps.map((step) => {
      if (step.type === 'choice')
        return {
          ...step,
          variants: [
            {
              prompt: { 'zh-CN': '变体一的问题', en: 'Variant one asks about the law' },
              options: [option('v1-right', 'Variant one right', 2), option('v1-wrong', 'Variant one wrong', 0)],
            },
            {
              prompt: { 'zh-CN': '变体二的问题', en: 'Variant two asks about training' },
              options: [option('v2-right', 'Variant two right', 2), option('v2-wrong', 'Variant two wrong', -1)],
            },
          ],
        };
      if (step.type === 'classify')
        return {
          ...step,
          items: [
            item('faq', 'general'),
            item('grid', 'important'),
            item('menu', 'general'),
            item('census', 'important'),
            item('roster', 'important'),
          ],
          pool: { draw: 2 },
        };
      return step;
    }),
  }));
  return { ...mini, scenes };
}
