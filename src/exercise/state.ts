// The state of one running exercise: plain JSON, changed only by the reducer (apply.ts). Times are
// exercise-clock milliseconds (time the exercise has run, pauses excluded) unless named *AtMs.
import type { Localized } from '../course/schema-parts.ts';
import type { Exercise } from './schema.ts';

export interface VariableState {
  /** The value at `sinceMs`, before the minute rate adds to it. */
  readonly base: number;
  readonly perMinute: number;
  readonly sinceMs: number;
}

export interface RequestState {
  /** "r1", "r2", … in the order they were sent. */
  readonly id: string;
  /** The request's id in the exercise file. */
  readonly def: string;
  readonly from: string;
  readonly to: string;
  readonly fields: readonly string[];
  readonly note?: string;
  readonly atMs: number;
  readonly answer: null | {
    readonly decision: 'grant' | 'refuse';
    readonly basis: string;
    readonly fields: readonly string[];
    readonly atMs: number;
  };
}

export interface MessageState {
  readonly seq: number;
  /** A role id or 'trainer'. */
  readonly from: string;
  readonly userId: string;
  /** 'all' or a role id. */
  readonly to: string;
  readonly text: string;
  readonly atMs: number;
}

/** What everyone sees on the situation board's timeline. */
export type TimelineEntry = { readonly seq: number; readonly atMs: number } & (
  | { readonly kind: 'action'; readonly action: string; readonly role: string }
  | { readonly kind: 'inject'; readonly inject: string; readonly by: 'clock' | 'trainer' }
  | { readonly kind: 'phase'; readonly phase: string }
  | { readonly kind: 'pause' | 'resume' | 'end' }
);

/** One entry of the score ledger: points to a role for what it did, with the reason. */
export interface ScoreEntry {
  readonly role: string;
  readonly code: string;
  readonly points: number;
  readonly text: Localized;
}

export interface ExerciseState {
  readonly exerciseId: string;
  readonly seed: string;
  readonly startedAtMs: number;
  readonly clock: {
    /** Exercise time run up to `runningSinceAtMs` (or in all, when paused or finished). */
    readonly elapsedMs: number;
    /** Wall time the clock last started running; null while paused or finished. */
    readonly runningSinceAtMs: number | null;
    /** The latest wall time seen: time never runs backwards. */
    readonly lastAtMs: number;
  };
  readonly phaseIndex: number;
  readonly phaseStartedMs: number;
  readonly finished: boolean;
  /** Actions taken, by id: who and when. */
  readonly done: Readonly<Record<string, { readonly role: string; readonly atMs: number }>>;
  readonly injects: Readonly<Record<string, number>>;
  readonly vars: Readonly<Record<string, VariableState>>;
  readonly requests: readonly RequestState[];
  /** Request definitions already scored (only the first answer to each counts). */
  readonly scoredRequests: readonly string[];
  /** Columns of other roles' tables each role has received: role → item → column ids. */
  readonly received: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly messages: readonly MessageState[];
  readonly timeline: readonly TimelineEntry[];
  readonly scores: readonly ScoreEntry[];
  readonly seq: number;
}

export function initialExerciseState(exercise: Exercise, seed: string, startedAtMs: number): ExerciseState {
  return {
    exerciseId: exercise.id,
    seed,
    startedAtMs,
    clock: { elapsedMs: 0, runningSinceAtMs: startedAtMs, lastAtMs: startedAtMs },
    phaseIndex: 0,
    phaseStartedMs: 0,
    finished: false,
    done: {},
    injects: {},
    vars: Object.fromEntries(exercise.variables.map((v) => [v.id, { base: v.initial, perMinute: v.perMinute, sinceMs: 0 }])),
    requests: [],
    scoredRequests: [],
    received: {},
    messages: [],
    timeline: [],
    scores: [],
    seq: 0,
  };
}

/** The exercise time at wall time atMs (frozen while paused or finished). */
export function elapsedAt(state: ExerciseState, atMs: number): number {
  const { elapsedMs, runningSinceAtMs, lastAtMs } = state.clock;
  return runningSinceAtMs === null ? elapsedMs : elapsedMs + Math.max(atMs, lastAtMs) - runningSinceAtMs;
}

export function variableValue(exercise: Exercise, state: ExerciseState, varId: string, elapsedMs: number): number {
  const v = state.vars[varId];
  const def = exercise.variables.find((d) => d.id === varId);
  if (!v || !def) return 0;
  const grown = v.base + Math.trunc((v.perMinute * Math.max(0, elapsedMs - v.sinceMs)) / 60_000);
  return Math.min(def.max ?? Number.MAX_SAFE_INTEGER, Math.max(def.min, grown));
}

export function variableValues(exercise: Exercise, state: ExerciseState, elapsedMs: number): Record<string, number> {
  return Object.fromEntries(exercise.variables.map((v) => [v.id, variableValue(exercise, state, v.id, elapsedMs)]));
}
