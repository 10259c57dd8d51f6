// Raw learner responses, one shape per step type. These are what the browser sends and what the
// grader replays: plain JSON, no derived values.
import type { Localized } from '../course/schema.ts';

export type InspectResponse = {
  readonly type: 'inspect';
  /** Hotspots the learner flagged, with the fix chosen (null: flagged, no fix chosen yet, or a decoy). */
  readonly found: Readonly<Record<string, string | null>>;
};
export type ChoiceResponse = { readonly type: 'choice'; readonly selected: readonly string[] };
export type ClassifyResponse = { readonly type: 'classify'; readonly placements: Readonly<Record<string, string>> };
export type SequenceResponse = { readonly type: 'sequence'; readonly order: readonly string[] };
export type DialogueResponse = { readonly type: 'dialogue'; readonly path: readonly string[] };

export type StepResponse = InspectResponse | ChoiceResponse | ClassifyResponse | SequenceResponse | DialogueResponse;

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
