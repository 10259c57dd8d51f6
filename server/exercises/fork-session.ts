// "Start a new session from this moment": a new session of the same exercise whose log begins with
// the source's log up to one entry, copied as it was recorded (same seed and clock start, so every
// copied entry replays to the state hash recorded live), then paused at that moment so its clock
// stands still until the trainer resumes it. The fork has no participants yet: the trainer assigns
// roles (the same team, or another group). A fork is practice: ending it records no official results.
import type { SessionUser } from '../accounts/session-user.ts';
import { RequestError } from '../http/request-error.ts';
import type { ExerciseRegistry } from './registry.ts';
import { replayLog } from './replay.ts';
import type { ExerciseSessionStore, NewLogEntry, SessionRow } from './session-store.ts';

export interface ForkDeps {
  readonly store: ExerciseSessionStore;
  readonly registry: ExerciseRegistry;
}

const copied = ({
  session_id: _session,
  seq: _seq,
  ...entry
}: Awaited<ReturnType<ExerciseSessionStore['log']>>[number]): NewLogEntry => entry;

/** Forks `source` after its log entry `seq` for `trainer`; RequestError for a moment that cannot be forked. */
export async function forkSession(
  deps: ForkDeps,
  source: SessionRow,
  seq: number,
  trainer: SessionUser,
  title: string | null,
): Promise<SessionRow> {
  const rules = deps.registry.get(source.exercise_id);
  if (rules === undefined)
    throw new RequestError(409, `The exercise "${source.exercise_id}" is no longer installed: its sessions cannot be forked.`);
  const log = await deps.store.log(source.id);
  if (log.length === 0)
    throw new RequestError(409, 'Nothing has happened in this session yet: start a new session of the exercise instead.');
  if (!Number.isInteger(seq) || seq < 0 || seq >= log.length)
    throw new RequestError(400, `seq must be an entry of the session's log: a whole number from 0 to ${log.length - 1}.`);
  const prefix = log.slice(0, seq + 1);
  let state = replayLog(rules, source, prefix).state;
  if (rules.outcome(state).finished)
    throw new RequestError(409, `The exercise had ended by entry ${seq}: pick a moment before its end.`);
  const entries = prefix.map(copied);
  // Paused at the moment itself: the fork's clock starts again only when its trainer resumes.
  const at = prefix[prefix.length - 1]!.at;
  const pause = { type: 'pause' };
  const parsed = rules.parseCommand(pause);
  const paused = parsed.ok ? rules.apply(state, parsed.command, { userId: trainer.id, role: 'trainer' }, Date.parse(at)) : parsed;
  if (paused.ok) {
    state = paused.state;
    entries.push({
      at,
      kind: 'command',
      actor_user_id: trainer.id,
      actor_role: 'trainer',
      command: JSON.stringify(pause),
      accepted: 1,
      code: null,
      reason: null,
      state_hash: rules.stateHash(state),
    });
  }
  return deps.store.create(trainer, {
    exerciseId: source.exercise_id,
    title: title ?? `${source.title} (#${seq})`,
    classId: source.class_id,
    forkedFrom: { sessionId: source.id, seq, seed: source.seed, startedAt: source.started_at, log: entries },
  });
}
