// Ending a joint-exercise session: the live room loses the right to write (a new epoch), the log is
// finished on the server's clock (a last clock advance and the trainer's `end` when the exercise
// has not ended in the room), the session is closed, and every participant who held a role gets
// an official result (server/exercise-records): a result row, a ledger entry and the grader's
// statement. Run again on an ended session, it changes nothing and records nothing twice.
import type { ExerciseOutcomeInput, ExerciseRecordResult } from '../exercise-records/record-outcome.ts';
import type { Database } from '../db/database.ts';
import type { ExerciseRegistry } from './registry.ts';
import { replayLog } from './replay.ts';
import type { ExerciseSessionStore, SessionRow } from './session-store.ts';

export interface FinishDeps {
  readonly database: Database;
  readonly store: ExerciseSessionStore;
  readonly registry: ExerciseRegistry;
  readonly now: () => number;
  /** Records the outcome as official results; absent: the session ends without results. */
  readonly record?: ((input: ExerciseOutcomeInput) => Promise<ExerciseRecordResult>) | undefined;
}

export interface Finished {
  /** Whether results were written now (false: already recorded, nobody held a role, or no recorder). */
  readonly recorded: boolean;
  readonly resultIds: readonly string[];
}

/** Ends `row`'s session as `trainerId` (its trainer or an admin) and records its results. */
export async function finishSession(deps: FinishDeps, row: SessionRow, trainerId: string): Promise<Finished> {
  const rules = deps.registry.get(row.exercise_id);
  if (rules === undefined) {
    await deps.store.end(row.id);
    return { recorded: false, resultIds: [] };
  }
  let state: unknown;
  if (row.status === 'open') {
    // From here on a room still running for the session can no longer write its log.
    const epoch = await deps.store.claimRoom(row.id, row.room_id ?? 'ended');
    const replayed = replayLog(rules, row, await deps.store.log(row.id));
    state = replayed.state;
    let seq = replayed.nextSeq;
    const atMs = deps.now();
    const at = new Date(atMs).toISOString();
    const ticked = rules.advanceClock(state, atMs);
    if (ticked.ok && rules.stateHash(ticked.state) !== rules.stateHash(state)) {
      state = ticked.state;
      await deps.store.append(row.id, epoch, seq++, {
        at,
        kind: 'clock',
        actor_user_id: null,
        actor_role: null,
        command: null,
        accepted: 1,
        code: null,
        reason: null,
        state_hash: rules.stateHash(state),
      });
    }
    if (!rules.outcome(state).finished) {
      const command = { type: 'end' };
      const parsed = rules.parseCommand(command);
      const ended = parsed.ok ? rules.apply(state, parsed.command, { userId: trainerId, role: 'trainer' }, atMs) : parsed;
      if (ended.ok) state = ended.state;
      await deps.store.append(row.id, epoch, seq, {
        at,
        kind: 'command',
        actor_user_id: trainerId,
        actor_role: 'trainer',
        command: JSON.stringify(command),
        accepted: ended.ok ? 1 : 0,
        code: ended.ok ? null : ended.code,
        reason: ended.ok ? null : ended.reason,
        state_hash: ended.ok ? rules.stateHash(state) : null,
      });
    }
    await deps.store.end(row.id);
  } else {
    state = replayLog(rules, row, await deps.store.log(row.id)).state;
  }

  const about = deps.registry.about?.(row.exercise_id);
  const outcome = rules.outcome(state);
  // A session forked from a moment of another is practice: its end records nothing official.
  if (deps.record === undefined || about === undefined || !outcome.finished || row.forked_from !== null)
    return { recorded: false, resultIds: [] };
  const playing = (await deps.store.participants(row.id)).filter(
    (p): p is typeof p & { role: string } => p.role !== null && rules.roleIds.includes(p.role),
  );
  if (playing.length === 0) return { recorded: false, resultIds: [] };
  const ids = [...new Set([...playing.map((p) => p.user_id), row.trainer_id])];
  const users = new Map(
    (
      await deps.database.db.selectFrom('users').select(['id', 'username', 'department', 'rank']).where('id', 'in', ids).execute()
    ).map((user) => [user.id, user]),
  );
  const trainer = users.get(row.trainer_id);
  if (trainer === undefined) return { recorded: false, resultIds: [] };
  const ended = await deps.store.find(row.id);
  const result = await deps.record({
    sessionId: row.id,
    exerciseId: row.exercise_id,
    courseId: about.courseId,
    courseVersion: about.courseVersion,
    exerciseTitle: about.title,
    endedAt: ended?.ended ?? new Date(deps.now()).toISOString(),
    participants: playing.map((p) => ({
      userId: p.user_id,
      username: users.get(p.user_id)?.username ?? p.username,
      name: p.name,
      department: users.get(p.user_id)?.department ?? null,
      rank: users.get(p.user_id)?.rank ?? null,
      roleId: p.role,
      roleName: about.roleNames[p.role] ?? { 'zh-CN': p.role, en: p.role },
    })),
    outcome,
    trainerUsername: trainer.username,
  });
  return { recorded: result.recorded, resultIds: result.resultIds };
}
