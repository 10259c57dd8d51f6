// Replays a persisted exercise log: the initial state, then every entry in log order — commands
// through parseCommand and apply, clock advances through advanceClock. Refused commands change
// nothing, as they changed nothing live; an entry whose result differs from the log is reported.
import type { ExerciseActor, ExerciseRules } from './rules.ts';

export type ExerciseLogEntry =
  | {
      readonly seq: number;
      readonly atMs: number;
      readonly actor: ExerciseActor;
      /** The command as it arrived (raw JSON). */
      readonly command: unknown;
      readonly accepted: boolean;
      readonly code?: string;
      readonly reason?: string;
    }
  | { readonly seq: number; readonly atMs: number; readonly clock: true };

export interface ReplayResult<S> {
  readonly state: S;
  /** Log entries whose accepted flag the replay did not reproduce (empty for a faithful log). */
  readonly mismatches: readonly number[];
}

export function replay<S, C>(
  rules: ExerciseRules<S, C>,
  log: readonly ExerciseLogEntry[],
  start: { readonly seed: string; readonly startedAtMs: number },
): ReplayResult<S> {
  return walk(rules, log, start);
}

/**
 * Every state of a replay: `states[0]` before the first entry, `states[i + 1]` after entry i. For
 * the after-action review, which moves back and forth on the log; the states share whatever the
 * reducer did not change, so a long log costs little more than its changes.
 */
export function replayStates<S, C>(
  rules: ExerciseRules<S, C>,
  log: readonly ExerciseLogEntry[],
  start: { readonly seed: string; readonly startedAtMs: number },
): { readonly states: readonly S[]; readonly mismatches: readonly number[] } {
  const states: S[] = [];
  const { mismatches } = walk(rules, log, start, (state) => states.push(state));
  return { states, mismatches };
}

function walk<S, C>(
  rules: ExerciseRules<S, C>,
  log: readonly ExerciseLogEntry[],
  start: { readonly seed: string; readonly startedAtMs: number },
  visit?: (state: S) => void,
): ReplayResult<S> {
  let state = rules.initialState(start.seed, start.startedAtMs);
  visit?.(state);
  const mismatches: number[] = [];
  for (const entry of log) {
    if ('clock' in entry) {
      const r = rules.advanceClock(state, entry.atMs);
      if (r.ok) state = r.state;
    } else {
      const parsed = rules.parseCommand(entry.command);
      const r = parsed.ok ? rules.apply(state, parsed.command, entry.actor, entry.atMs) : parsed;
      if (r.ok) state = r.state;
      if (r.ok !== entry.accepted) mismatches.push(entry.seq);
    }
    visit?.(state);
  }
  return { state, mismatches };
}
