// Typed learning events, derived from the action log. The records layer turns them into xAPI
// statements. Each event's id is the attempt id plus its position, so re-deriving the events after
// a reload gives the same ids and a re-sent statement is recognised as a duplicate.
import type { AttemptAction } from './attempt-actions.ts';
import { playOf, type PlaySource } from './attempt-play.ts';
import { reduceAttempt } from './attempt-reducer.ts';
import { INITIAL_ATTEMPT, type AttemptState } from './attempt-state.ts';
import { summarizeAttempt } from './attempt-summary.ts';
import type { StepResponse, StepResult } from './responses.ts';

interface EventBase {
  /** `${attemptId}:${sequence}`: stable across replays. */
  readonly id: string;
  readonly attemptId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly at: number;
}

export type LearningEvent =
  | (EventBase & { readonly type: 'attempt-started'; readonly mode: AttemptState['mode'] })
  | (EventBase & {
      readonly type: 'step-presented';
      readonly sceneId: string;
      readonly stepId: string;
      readonly stepType: string;
    })
  | (EventBase & {
      readonly type: 'responded';
      readonly sceneId: string;
      readonly stepId: string;
      readonly response: StepResponse;
    })
  | (EventBase & {
      readonly type: 'evaluated';
      readonly sceneId: string;
      readonly stepId: string;
      readonly result: StepResult;
      readonly durationMs: number;
    })
  | (EventBase & {
      readonly type: 'scene-completed';
      readonly sceneId: string;
      readonly score: number;
      readonly max: number;
      readonly durationMs: number;
    })
  | (EventBase & {
      readonly type: 'attempt-finished';
      readonly score: number;
      readonly max: number;
      readonly scaled: number;
      readonly passed: boolean;
      readonly durationMs: number;
    });

export type LearningEventType = LearningEvent['type'];

type Draft = { [K in LearningEvent['type']]: Omit<Extract<LearningEvent, { type: K }>, keyof EventBase> }[LearningEventType];

/** The events one action produces, given the state before and after it. */
export function eventsForAction(source: PlaySource, before: AttemptState, after: AttemptState, action: AttemptAction): Draft[] {
  const play = playOf(source);
  const { course } = play;
  const out: Draft[] = [];
  const presented = (state: AttemptState): Draft[] => {
    const scene = course.scenes[state.sceneIndex];
    const step = scene?.steps[state.stepIndex];
    return scene && step ? [{ type: 'step-presented', sceneId: scene.id, stepId: step.id, stepType: step.type }] : [];
  };
  switch (action.kind) {
    case 'start':
      out.push({ type: 'attempt-started', mode: after.mode }, ...presented(after));
      break;
    case 'respond':
      break;
    case 'submit': {
      const record = after.records.at(-1)!;
      out.push(
        { type: 'responded', sceneId: record.sceneId, stepId: record.stepId, response: record.response },
        {
          type: 'evaluated',
          sceneId: record.sceneId,
          stepId: record.stepId,
          result: record.result,
          durationMs: record.evaluatedAt - record.presentedAt,
        },
      );
      break;
    }
    case 'advance': {
      if (after.sceneIndex !== before.sceneIndex || after.status === 'finished') {
        const scene = course.scenes[before.sceneIndex]!;
        const records = after.records.filter((r) => r.sceneId === scene.id);
        const first = records[0];
        out.push({
          type: 'scene-completed',
          sceneId: scene.id,
          score: records.reduce((s, r) => s + r.result.score, 0),
          max: records.reduce((s, r) => s + r.result.max, 0),
          durationMs: first ? action.at - first.presentedAt : 0,
        });
      }
      if (after.status === 'finished') {
        const summary = summarizeAttempt(play, after);
        out.push({
          type: 'attempt-finished',
          score: summary.score,
          max: summary.max,
          scaled: summary.scaled,
          passed: summary.passed,
          durationMs: summary.durationMs,
        });
      } else {
        out.push(...presented(after));
      }
      break;
    }
  }
  return out;
}

/** Every event of an attempt, in order, with stable ids. */
export function deriveEvents(source: PlaySource, log: readonly AttemptAction[]): LearningEvent[] {
  const play = playOf(source);
  const events: LearningEvent[] = [];
  let state = INITIAL_ATTEMPT;
  for (const action of log) {
    const after = reduceAttempt(play, state, action);
    for (const draft of eventsForAction(play, state, after, action)) {
      events.push({
        ...draft,
        id: `${after.attemptId}:${events.length}`,
        attemptId: after.attemptId,
        courseId: after.courseId,
        courseVersion: after.courseVersion,
        at: action.at,
      } as LearningEvent);
    }
    state = after;
  }
  return events;
}
