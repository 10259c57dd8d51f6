// The learner's actions: an append-only, serializable log. The attempt's state is a pure replay
// of this log, so resuming after a reload, grading on the server and auditing all read the same thing.
import type { StepResponse } from './responses.ts';

export type AttemptMode = 'practice' | 'assessment';

export type AttemptAction =
  | {
      readonly kind: 'start';
      readonly at: number;
      readonly attemptId: string;
      readonly courseId: string;
      readonly courseVersion: string;
      readonly mode: AttemptMode;
    }
  /** Replaces the current step's draft response (the learner is still working). */
  | { readonly kind: 'respond'; readonly at: number; readonly response: StepResponse }
  /** Submits the draft: the step is graded. */
  | { readonly kind: 'submit'; readonly at: number }
  /** Moves on to the next step, the next scene, or the end of the attempt. */
  | { readonly kind: 'advance'; readonly at: number };

export type AttemptActionKind = AttemptAction['kind'];
