// Raw learner responses, one shape per step type. These are what the browser sends and what the
// grader replays: plain JSON, no derived values.
import type { Localized } from '../course/schema.ts';

export type InspectResponse = {
  readonly type: 'inspect';
  /** Hotspots the learner flagged, with the fix chosen (null: flagged, no fix chosen yet); decoys offer fixes too. */
  readonly found: Readonly<Record<string, string | null>>;
};
export type ChoiceResponse = { readonly type: 'choice'; readonly selected: readonly string[] };
export type ClassifyResponse = { readonly type: 'classify'; readonly placements: Readonly<Record<string, string>> };
export type SequenceResponse = { readonly type: 'sequence'; readonly order: readonly string[] };
export type DialogueResponse = { readonly type: 'dialogue'; readonly path: readonly string[] };

export type LabResponse = {
  readonly type: 'lab';
  /** Feature ids the learner took out of the model. */
  readonly removed: readonly string[];
  readonly threshold: number;
  /** Question id → option id. */
  readonly answers: Readonly<Record<string, string>>;
};
export type TimedResponse = {
  readonly type: 'timed';
  /** Actions taken, in order, with real milliseconds since the step was presented. */
  readonly done: readonly { readonly id: string; readonly atMs: number }[];
  /** Real milliseconds at which the learner stopped (or the time ran out); null while running. */
  readonly endedMs: number | null;
};

export type StepResponse = InspectResponse | ChoiceResponse | ClassifyResponse | SequenceResponse | DialogueResponse | LabResponse | TimedResponse;

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
