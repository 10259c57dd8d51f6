// The state of one attempt, derived from its action log. Read-only: change it only by dispatching
// actions through the attempt store.
import type { AttemptAction, AttemptMode } from './attempt-actions.ts';
import type { PlayedCourse } from './public-view.ts';
import type { StepResponse, StepResult } from './responses.ts';

export type StepPhase =
  /** Shown, nothing done yet. */
  | 'presented'
  /** The learner has started responding (the draft is not empty). */
  | 'responding'
  /** Submitted and graded; feedback is showing. */
  | 'evaluated';

export interface StepRecord {
  readonly sceneId: string;
  readonly stepId: string;
  readonly response: StepResponse;
  readonly result: StepResult;
  readonly presentedAt: number;
  readonly evaluatedAt: number;
}

export type AttemptState = Readonly<{
  /** Set by the start action. @default '' */
  attemptId: string;
  courseId: string;
  courseVersion: string;
  mode: AttemptMode;
  /** not-started → in-progress → finished. */
  status: 'not-started' | 'in-progress' | 'finished';
  /** Index of the current scene in course.scenes. @default 0 */
  sceneIndex: number;
  /** Index of the current step in the scene. @default 0 */
  stepIndex: number;
  phase: StepPhase;
  /** The current step's response so far. */
  draft: StepResponse | null;
  /** When the current step was presented (ms since epoch). */
  presentedAt: number;
  /** Graded steps, in the order they were graded. */
  records: readonly StepRecord[];
  startedAt: number;
  /** 0 until the attempt finishes. */
  finishedAt: number;
  /** Every action so far; the state is a replay of it. */
  log: readonly AttemptAction[];
}>;

export const INITIAL_ATTEMPT: AttemptState = {
  attemptId: '',
  courseId: '',
  courseVersion: '',
  mode: 'practice',
  status: 'not-started',
  sceneIndex: 0,
  stepIndex: 0,
  phase: 'presented',
  draft: null,
  presentedAt: 0,
  records: [],
  startedAt: 0,
  finishedAt: 0,
  log: [],
};

export function currentScene<C extends PlayedCourse>(course: C, state: AttemptState): C['scenes'][number] | undefined {
  return state.status === 'in-progress' ? course.scenes[state.sceneIndex] : undefined;
}

export function currentStep<C extends PlayedCourse>(
  course: C,
  state: AttemptState,
): C['scenes'][number]['steps'][number] | undefined {
  return currentScene(course, state)?.steps[state.stepIndex];
}
