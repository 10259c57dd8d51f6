// Grades a batch of new actions on top of the log the server holds, with the browser's own engine:
// replays the held log, applies each new action (an action the engine refuses fails the whole
// batch with 422), and returns the new state, the learning events the batch produced and the totals.
import type { Course } from '../../src/course/schema.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { EngineError, reduceAttempt } from '../../src/engine/attempt-reducer.ts';
import { INITIAL_ATTEMPT } from '../../src/engine/attempt-state.ts';
import type { AttemptState } from '../../src/engine/attempt-state.ts';
import { summarizeAttempt } from '../../src/engine/attempt-summary.ts';
import { deriveEvents, eventsForAction } from '../../src/engine/learning-events.ts';
import type { LearningEvent } from '../../src/engine/learning-events.ts';
import { RequestError } from '../http/request-error.ts';
import type { GradedStep, StoredResult } from './attempt-view.ts';

export interface GradedBatch {
  readonly state: AttemptState;
  /** The events of the new actions only, with the same ids the browser's store would give them. */
  readonly newEvents: readonly LearningEvent[];
  readonly result: StoredResult;
  /** Set once the attempt has finished. */
  readonly totals?: { readonly score: number; readonly max: number; readonly scaled: number; readonly passed: boolean };
}

function actionLabel(action: AttemptAction): string {
  return action.kind === 'respond' ? `respond (${action.response.type})` : action.kind;
}

export function gradeBatch(course: Course, held: readonly AttemptAction[], fresh: readonly AttemptAction[]): GradedBatch {
  const log = [...held, ...fresh];
  let state = INITIAL_ATTEMPT;
  let heldEvents = 0;
  for (const [index, action] of log.entries()) {
    const before = state;
    try {
      state = reduceAttempt(course, before, action);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      throw new RequestError(
        422,
        `Action ${index} (${actionLabel(action)}) does not fit the attempt: ${error.message}. Nothing from this batch was recorded.`,
      );
    }
    if (index < held.length) heldEvents += eventsForAction(course, before, state, action).length;
  }
  const newEvents = deriveEvents(course, log).slice(heldEvents);
  const steps: GradedStep[] = state.records.map((record) => ({
    sceneId: record.sceneId,
    stepId: record.stepId,
    result: record.result,
  }));
  if (state.status !== 'finished') return { state, newEvents, result: { steps, scenes: [], dimensions: [] } };
  const summary = summarizeAttempt(course, state);
  return {
    state,
    newEvents,
    result: {
      steps,
      scenes: summary.scenes.map((scene) => ({ sceneId: scene.sceneId, score: scene.score, max: scene.max })),
      dimensions: summary.dimensions.map((dimension) => ({
        dimensionId: dimension.dimensionId,
        score: dimension.score,
        max: dimension.max,
      })),
    },
    totals: { score: summary.score, max: summary.max, scaled: summary.scaled, passed: summary.passed },
  };
}
