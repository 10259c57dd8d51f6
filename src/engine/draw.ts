// Which version of a step an attempt gets. A choice step with `variants` and a classify step with
// a `pool` are drawn per assessment attempt, seeded by the attempt id and the step's place, so the
// browser (which plays the drawn public view) and the server (which grades the drawn course) draw
// the same without talking. Practice is open-book: the step's own version and the whole pool.
// Pure and deterministic: no Math.random.
import type { Course, Step } from '../course/schema.ts';
import type { PublicStep } from './step-kinds/index.ts';

/** What one attempt drew for one step: `variant` 0 is the step's own question, n the n-th of its `variants`. */
export type StepDraw =
  | { readonly sceneId: string; readonly stepId: string; readonly variant: number }
  | { readonly sceneId: string; readonly stepId: string; readonly items: readonly string[] };

/** A uniform source in [0, 1) seeded by `key` (FNV-1a into mulberry32): the same key, the same sequence. */
export function seededRandom(key: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  let state = h;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const drawKey = (attemptId: string, sceneId: string, stepId: string) => `${attemptId}/${sceneId}/${stepId}`;

/** Which of `count` versions the attempt gets. */
export function drawVariant(attemptId: string, sceneId: string, stepId: string, count: number): number {
  return Math.floor(seededRandom(drawKey(attemptId, sceneId, stepId))() * count);
}

/** `draw` of the `ids`, in the order they are listed (a partial Fisher–Yates shuffle picks them). */
export function drawItems(attemptId: string, sceneId: string, stepId: string, ids: readonly string[], draw: number): string[] {
  const random = seededRandom(drawKey(attemptId, sceneId, stepId));
  const order = [...ids];
  for (let i = 0; i < Math.min(draw, order.length); i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const picked = new Set(order.slice(0, draw));
  return ids.filter((id) => picked.has(id));
}

type AnyStep = Step | PublicStep;

/** Whether the step has versions to draw from. */
export function isDrawn(step: AnyStep): boolean {
  return (step.type === 'choice' && (step.variants?.length ?? 0) > 0) || (step.type === 'classify' && step.pool !== undefined);
}

/** The step as the attempt draws it, without its other versions; and what was drawn (null where nothing is). */
export function drawStep<S extends AnyStep>(step: S, sceneId: string, attemptId: string): { step: S; draw: StepDraw | null } {
  if (step.type === 'choice' && step.variants?.length) {
    const { variants, ...own } = step;
    const variant = drawVariant(attemptId, sceneId, step.id, variants.length + 1);
    const picked =
      variant === 0 ? own : { ...own, prompt: variants[variant - 1]!.prompt, options: variants[variant - 1]!.options };
    return { step: picked as S, draw: { sceneId, stepId: step.id, variant } };
  }
  if (step.type === 'classify' && step.pool) {
    const { pool, ...own } = step;
    const ids = drawItems(
      attemptId,
      sceneId,
      step.id,
      step.items.map((item) => item.id),
      pool.draw,
    );
    const items = step.items.filter((item) => ids.includes(item.id));
    return { step: { ...own, items } as S, draw: { sceneId, stepId: step.id, items: ids } };
  }
  return { step, draw: null };
}

/** The step as practice shows it: its own question, the whole pool. */
export function openBookStep<S extends AnyStep>(step: S): S {
  if (step.type === 'choice' && step.variants !== undefined) {
    const { variants: _variants, ...own } = step;
    return own as S;
  }
  if (step.type === 'classify' && step.pool !== undefined) {
    const { pool: _pool, ...own } = step;
    return own as S;
  }
  return step;
}

interface Drawable {
  readonly scenes: readonly { readonly id: string; readonly steps: readonly AnyStep[] }[];
}

/** The course (a course file or a public view) as one attempt draws it: only the drawn version of each step. */
export function drawCourse<C extends Drawable>(course: C, attemptId: string): C {
  return {
    ...course,
    scenes: course.scenes.map((scene) => ({
      ...scene,
      steps: scene.steps.map((step) => drawStep(step, scene.id, attemptId).step),
    })),
  };
}

/** What the attempt drew, step by step, for the steps that have versions (a reviewer reproduces the draw from it). */
export function drawsOf(course: Drawable, attemptId: string): StepDraw[] {
  return course.scenes.flatMap((scene) =>
    scene.steps.flatMap((step) => {
      const { draw } = drawStep(step, scene.id, attemptId);
      return draw ? [draw] : [];
    }),
  );
}

/** Whether any step of the course (a course file or a public view) is drawn per attempt. */
export function hasDrawnSteps(course: Drawable): boolean {
  return course.scenes.some((scene) => scene.steps.some(isDrawn));
}

/** The course as practice plays it: every step's own question and whole pool. */
export function openBookCourse(course: Course): Course {
  if (!hasDrawnSteps(course)) return course;
  return { ...course, scenes: course.scenes.map((scene) => ({ ...scene, steps: scene.steps.map(openBookStep) })) };
}

/**
 * Why an answer to a drawn step is refused before the engine sees it: it names an option or item
 * that the step has, but that this attempt did not draw. null when it names none.
 */
export function undrawnAnswer(full: Step, drawn: Step, ids: readonly string[]): string | null {
  const known = (step: Step): string[] =>
    step.type === 'choice'
      ? [...step.options, ...(step.variants ?? []).flatMap((v) => v.options)].map((o) => o.id)
      : step.type === 'classify'
        ? step.items.map((item) => item.id)
        : [];
  const all = new Set(known(full));
  const shown = new Set(known(drawn));
  const stray = ids.find((id) => all.has(id) && !shown.has(id));
  return stray === undefined
    ? null
    : `"${stray}" belongs to a version of step "${full.id}" that this attempt did not draw: answer the options and items the attempt shows`;
}

/**
 * The course as practice plays it: each choice step's own question only. Practice is graded in
 * the browser, so its chunk carries answer keys; the other versions an assessment may draw are
 * left out, so their keys never reach a browser and practising cannot mine them.
 */
export function toPracticeCourse(course: Course): Course {
  return {
    ...course,
    scenes: course.scenes.map((scene) => ({
      ...scene,
      steps: scene.steps.map((step) => {
        if (step.type !== 'choice' || step.variants === undefined) return step;
        const { variants: _variants, ...own } = step;
        return own;
      }),
    })),
  };
}
