// Raw learner responses, one shape per step kind (each in its folder under step-kinds/). These are
// what the browser sends and what the grader replays: plain JSON, no derived values.
import type { Localized } from '../course/schema.ts';
import type { InspectResponse } from './step-kinds/inspect/index.ts';
import type { ChoiceResponse } from './step-kinds/choice/index.ts';
import type { ClassifyResponse } from './step-kinds/classify/index.ts';
import type { SequenceResponse } from './step-kinds/sequence/index.ts';
import type { DialogueResponse } from './step-kinds/dialogue/index.ts';
import type { LabResponse } from './step-kinds/lab/index.ts';
import type { TimedResponse } from './step-kinds/timed/index.ts';

export type { InspectResponse, ChoiceResponse, ClassifyResponse, SequenceResponse, DialogueResponse, LabResponse, TimedResponse };

export type StepResponse =
  InspectResponse | ChoiceResponse | ClassifyResponse | SequenceResponse | DialogueResponse | LabResponse | TimedResponse;

/** One graded part of a response (an option, an item, a hotspot) with the reason. */
export interface FeedbackLine {
  /** The option, item, hotspot or dialogue choice this line is about. */
  readonly ref: string;
  readonly points: number;
  /** full: the best answer; partial: defensible but not best; wrong: harmful or mistaken; missed: not found. */
  readonly verdict: 'full' | 'partial' | 'wrong' | 'missed' | 'info';
  readonly text: Localized;
}

export interface StepResult {
  readonly score: number;
  readonly max: number;
  readonly lines: readonly FeedbackLine[];
}
