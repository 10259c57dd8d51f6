// Grades a batch of new actions on top of the log the server holds, with the browser's own engine:
// applies each new action to the graded state of the held log (an action the engine refuses fails
// the whole batch with 422), and returns the new state, the learning events the batch produced and
// the totals. The graded state after a batch (`GradedPoint`) is kept by the caller
// (./graded-attempts.ts), so the next batch costs only its own actions; without it the held log is
// replayed first, with the same result.
// Timed steps are graded on the server's clock where it knows when each action arrived
// (./timed-timing.ts). A step with variants or a pool is graded as the attempt drew it
// (src/engine/draw.ts, seeded by the attempt id); an answer naming what was not drawn is a 400.
import type { Course } from '../../src/course/schema.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { openBook, type AttemptPlay } from '../../src/engine/attempt-play.ts';
import { drawCourse, drawsOf, undrawnAnswer, type StepDraw } from '../../src/engine/draw.ts';
import { EngineError, reduceAttempt } from '../../src/engine/attempt-reducer.ts';
import { currentScene, currentStep, INITIAL_ATTEMPT } from '../../src/engine/attempt-state.ts';
import type { AttemptState } from '../../src/engine/attempt-state.ts';
import { summarizeAttempt } from '../../src/engine/attempt-summary.ts';
import { eventsForAction } from '../../src/engine/learning-events.ts';
import type { LearningEvent } from '../../src/engine/learning-events.ts';
import type { StepResponse } from '../../src/engine/responses.ts';
import { RequestError } from '../http/request-error.ts';
import type { GradedStep, StoredResult } from './attempt-view.ts';
import { TimedWitness, type ServerTiming } from './timed-timing.ts';

export interface GradedBatch {
  readonly state: AttemptState;
  /** The events of the new actions only, with the same ids the browser's store would give them. */
  readonly newEvents: readonly LearningEvent[];
  /** Every event of the log, new and held (the official statements are written once it ends). */
  readonly events: readonly LearningEvent[];
  readonly result: StoredResult;
  /** Set once the attempt has finished. */
  readonly totals?: { readonly score: number; readonly max: number; readonly scaled: number; readonly passed: boolean };
}

function actionLabel(action: AttemptAction): string {
  return action.kind === 'respond' ? `respond (${action.response.type})` : action.kind;
}

/**
 * The course open-book, except that a timed step's response is replaced by the one corrected to
 * the server's clock (when `timing` is given) before it is graded.
 */
function playWithCorrections(course: Course, corrected: ReadonlyMap<string, StepResponse>): AttemptPlay {
  const book = openBook(course);
  return {
    course: book.course,
    grader: {
      ...book.grader,
      grade: (sceneId, step, response) => book.grader.grade(sceneId, step, corrected.get(`${sceneId}/${step.id}`) ?? response),
    },
  };
}

/** Where grading of an attempt's log stands: after its first `state.log.length` actions. Never changed in place. */
export interface GradedPoint {
  readonly state: AttemptState;
  /** The events of the log so far, with the ids the browser's store would give them. */
  readonly events: readonly LearningEvent[];
  /** Timed steps' responses as graded on the server's clock, by `sceneId/stepId`. */
  readonly corrected: ReadonlyMap<string, StepResponse>;
  /** When the server received each action so far; undefined where it does not grade on its clock. */
  readonly arrivals?: readonly (number | undefined)[];
  readonly witness?: TimedWitness;
  readonly toleranceMs?: number;
}

/** Nothing graded yet; `toleranceMs` given: timed steps are graded on the server's clock. */
export function ungraded(toleranceMs?: number): GradedPoint {
  if (toleranceMs === undefined) return { state: INITIAL_ATTEMPT, events: [], corrected: new Map() };
  const arrivals: (number | undefined)[] = [];
  return {
    state: INITIAL_ATTEMPT,
    events: [],
    corrected: new Map(),
    arrivals,
    witness: new TimedWitness({ arrivals, toleranceMs }),
    toleranceMs,
  };
}

/**
 * Applies `fresh` to `point`: the new point and the batch's grading. `freshArrivals`: when the
 * server received each fresh action (needed where the point grades on the server's clock).
 */
export function gradeFrom(
  file: Course,
  point: GradedPoint,
  fresh: readonly AttemptAction[],
  freshArrivals: readonly (number | undefined)[] = [],
): { readonly point: GradedPoint; readonly batch: GradedBatch } {
  const held = point.state.log.length;
  const corrected = new Map(point.corrected);
  const attemptId = point.state.attemptId || (fresh[0]?.kind === 'start' ? fresh[0].attemptId : '');
  const course = drawnFor(file, attemptId);
  const play = playWithCorrections(course, corrected);
  const arrivals =
    point.arrivals === undefined ? undefined : [...point.arrivals, ...fresh.map((_, offset) => freshArrivals[offset])];
  const witness =
    point.witness === undefined || arrivals === undefined
      ? undefined
      : point.witness.continued({ arrivals, toleranceMs: point.toleranceMs ?? 0 });
  const events = [...point.events];
  let state = point.state;
  for (const [offset, action] of fresh.entries()) {
    const index = held + offset;
    const before = state;
    const scene = currentScene(play.course, before);
    const step = currentStep(play.course, before);
    if (action.kind === 'respond' && scene && step) refuseUndrawn(file, course, scene.id, step.id, action.response, index);
    if (witness && action.kind === 'submit' && scene && step?.type === 'timed' && before.draft?.type === 'timed')
      corrected.set(`${scene.id}/${step.id}`, witness.corrected(step, before.draft, index));
    try {
      state = reduceAttempt(play, before, action);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      throw new RequestError(
        422,
        `Action ${index} (${actionLabel(action)}) does not fit the attempt: ${error.message}. Nothing from this batch was recorded.`,
      );
    }
    witness?.observe(play.course, state, action, index);
    for (const draft of eventsForAction(play, before, state, action)) {
      events.push({
        ...draft,
        id: `${state.attemptId}:${events.length}`,
        attemptId: state.attemptId,
        courseId: state.courseId,
        courseVersion: state.courseVersion,
        at: action.at,
      } as LearningEvent);
    }
  }
  const next: GradedPoint = {
    state,
    events,
    corrected,
    ...(arrivals === undefined ? {} : { arrivals }),
    ...(witness === undefined ? {} : { witness }),
    ...(point.toleranceMs === undefined ? {} : { toleranceMs: point.toleranceMs }),
  };
  return { point: next, batch: batchOf(play, state, events, point.events.length, drawsOf(file, attemptId)) };
}

const drawnCourses = new WeakMap<Course, Map<string, Course>>();

/** The course as attempt `attemptId` drew it; kept for the attempts graded lately, as a batch follows a batch. */
export function drawnFor(file: Course, attemptId: string): Course {
  let byAttempt = drawnCourses.get(file);
  if (!byAttempt) drawnCourses.set(file, (byAttempt = new Map()));
  const known = byAttempt.get(attemptId);
  if (known) return known;
  const drawn = drawCourse(file, attemptId);
  if (byAttempt.size >= 1000) byAttempt.delete(byAttempt.keys().next().value!);
  byAttempt.set(attemptId, drawn);
  return drawn;
}

/** The ids a response names: options, items (and, for the kinds that have them, bins and the rest). */
function namedIds(response: StepResponse): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key?: string) => {
    if (typeof value === 'string' && key !== 'type') found.push(value);
    else if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        found.push(k);
        walk(v, k);
      }
  };
  walk(response);
  return found;
}

const stepOf = (course: Course, sceneId: string, stepId: string) =>
  course.scenes.find((scene) => scene.id === sceneId)?.steps.find((step) => step.id === stepId);

function refuseUndrawn(
  file: Course,
  drawn: Course,
  sceneId: string,
  stepId: string,
  response: StepResponse,
  index: number,
): void {
  const full = stepOf(file, sceneId, stepId);
  const shown = stepOf(drawn, sceneId, stepId);
  if (!full || !shown) return;
  const reason = undrawnAnswer(full, shown, namedIds(response));
  if (reason)
    throw new RequestError(400, `Action ${index} (respond) is refused: ${reason}. Nothing from this batch was recorded.`);
}

function batchOf(
  play: AttemptPlay,
  state: AttemptState,
  events: readonly LearningEvent[],
  heldEvents: number,
  draws: readonly StepDraw[],
): GradedBatch {
  const newEvents = events.slice(heldEvents);
  const steps: GradedStep[] = state.records.map((record) => ({
    sceneId: record.sceneId,
    stepId: record.stepId,
    result: record.result,
  }));
  const drawn = draws.length > 0 ? { draws } : {};
  if (state.status !== 'finished') return { state, newEvents, events, result: { steps, scenes: [], dimensions: [], ...drawn } };
  const summary = summarizeAttempt(play, state);
  return {
    state,
    newEvents,
    events,
    result: {
      steps,
      scenes: summary.scenes.map((scene) => ({ sceneId: scene.sceneId, score: scene.score, max: scene.max })),
      dimensions: summary.dimensions.map((dimension) => ({
        dimensionId: dimension.dimensionId,
        score: dimension.score,
        max: dimension.max,
      })),
      ...drawn,
    },
    totals: { score: summary.score, max: summary.max, scaled: summary.scaled, passed: summary.passed },
  };
}

/**
 * The whole log replayed: `held`, then `fresh`. `timing`: when the server received each action of
 * the whole log (held then fresh), to grade timed steps on its clock; without it (the demo's seeded
 * attempts) the browser's times stand.
 */
export function gradeBatch(
  course: Course,
  held: readonly AttemptAction[],
  fresh: readonly AttemptAction[],
  timing?: ServerTiming,
): GradedBatch {
  const start = ungraded(timing?.toleranceMs);
  const base = gradeFrom(course, start, held, timing?.arrivals.slice(0, held.length)).point;
  return gradeFrom(course, base, fresh, timing?.arrivals.slice(held.length)).batch;
}
