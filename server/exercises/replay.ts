// Rebuilds a session's exercise state from its log: the initial state, then every accepted command
// and clock advance in log order through the same rules the live room ran. Refused commands
// changed nothing and are skipped.
import type { ExerciseRules } from './rules-port.ts';
import type { LogRow, SessionRow } from './session-store.ts';

export interface Replayed {
  readonly state: unknown;
  /** The next entry's seq. */
  readonly nextSeq: number;
}

/** Thrown when the log does not replay as it was recorded (the rules changed under a running session). */
export class ReplayMismatchError extends Error {}

export function replayLog(
  rules: ExerciseRules,
  session: Pick<SessionRow, 'seed' | 'started_at'>,
  log: readonly LogRow[],
): Replayed {
  let state = rules.initialState(session.seed, Date.parse(session.started_at));
  let nextSeq = 0;
  for (const entry of log) {
    if (entry.seq !== nextSeq) throw new ReplayMismatchError(`The log has entry ${entry.seq} where ${nextSeq} was expected.`);
    nextSeq += 1;
    if (entry.accepted !== 1) continue;
    const atMs = Date.parse(entry.at);
    let applied;
    if (entry.kind === 'clock') {
      applied = rules.advanceClock(state, atMs);
    } else {
      const parsed = rules.parseCommand(JSON.parse(entry.command ?? 'null') as unknown);
      if (!parsed.ok) throw new ReplayMismatchError(`Entry ${entry.seq} no longer parses: ${parsed.reason}`);
      applied = rules.apply(state, parsed.command, { userId: entry.actor_user_id ?? '', role: entry.actor_role ?? '' }, atMs);
    }
    if (!applied.ok)
      throw new ReplayMismatchError(`Entry ${entry.seq} was accepted live but is refused on replay: ${applied.reason}`);
    state = applied.state;
    if (entry.state_hash !== null && rules.stateHash(state) !== entry.state_hash)
      throw new ReplayMismatchError(`Entry ${entry.seq} replays to another state than the live room had.`);
  }
  return { state, nextSeq };
}
