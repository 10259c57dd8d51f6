// An attempt as a vanilla zustand store: state (a replay of the action log) plus actions. React
// reads it through useStore(store, selector); Node tests and the server use it directly.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AttemptAction, AttemptMode } from './attempt-actions.ts';
import { playOf, type PlaySource } from './attempt-play.ts';
import { reduceAttempt, replayAttempt } from './attempt-reducer.ts';
import { INITIAL_ATTEMPT, type AttemptState } from './attempt-state.ts';
import { deriveEvents, eventsForAction, type LearningEvent } from './learning-events.ts';
import type { StepResponse } from './responses.ts';

export interface AttemptActions {
  start(mode?: AttemptMode): void;
  respond(response: StepResponse): void;
  submit(): void;
  advance(): void;
}

export type AttemptStore = StoreApi<AttemptState & { actions: AttemptActions }>;

export interface AttemptStoreOptions {
  /** A course file, played open-book (practice, and the server's replay), or a public view and its grader. */
  readonly course: PlaySource;
  /** A saved log to resume from. */
  readonly log?: readonly AttemptAction[];
  /** Injected so tests and replays are deterministic. */
  readonly now?: () => number;
  readonly newId?: () => string;
  /** Called with the full log after every action (persist it). */
  readonly onLog?: (log: readonly AttemptAction[]) => void;
  /** Called with each learning event as it happens (the records outbox listens here). */
  readonly onEvent?: (event: LearningEvent) => void;
}

export function createAttemptStore(options: AttemptStoreOptions): AttemptStore {
  const { now = Date.now, newId = () => crypto.randomUUID(), onLog, onEvent } = options;
  const play = playOf(options.course);
  const { course } = play;
  const initial = options.log?.length ? replayAttempt(play, options.log) : INITIAL_ATTEMPT;
  // Events already emitted before a reload keep their ids; new ones continue the sequence.
  let eventCount = options.log?.length ? deriveEvents(play, options.log).length : 0;

  return createStore<AttemptState & { actions: AttemptActions }>()((set, get) => {
    const dispatch = (action: AttemptAction) => {
      const before = get();
      const after = reduceAttempt(play, before, action);
      set(after);
      onLog?.(after.log);
      if (onEvent) {
        for (const draft of eventsForAction(play, before, after, action)) {
          onEvent({
            ...draft,
            id: `${after.attemptId}:${eventCount++}`,
            attemptId: after.attemptId,
            courseId: after.courseId,
            courseVersion: after.courseVersion,
            at: action.at,
          } as LearningEvent);
        }
      } else {
        eventCount += eventsForAction(play, before, after, action).length;
      }
    };
    return {
      ...initial,
      actions: {
        start: (mode = 'practice') =>
          dispatch({ kind: 'start', at: now(), attemptId: newId(), courseId: course.id, courseVersion: course.version, mode }),
        respond: (response) => dispatch({ kind: 'respond', at: now(), response }),
        submit: () => dispatch({ kind: 'submit', at: now() }),
        advance: () => dispatch({ kind: 'advance', at: now() }),
      },
    };
  });
}
