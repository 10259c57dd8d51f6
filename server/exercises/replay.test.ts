// Replaying a session's log: the same state (hash) as the rooms that wrote it, refused commands
// skipped, and a log that does not replay as recorded refused loudly rather than rebuilt wrong.
import { describe, expect, it } from 'vitest';
import { ReplayMismatchError, replayLog } from './replay.ts';
import type { LogRow } from './session-store.ts';
import { toyRules } from './test-support/toy-rules.ts';
import type { ToyState } from './test-support/toy-rules.ts';

const SESSION = { seed: '0123456789abcdef', started_at: '2026-05-04T08:00:00.000Z' };
const START = Date.parse(SESSION.started_at);

/** Plays commands through the rules as a room would, writing the log it would write. */
function played(commands: readonly { role: string; command: unknown; atMs: number }[]): { log: LogRow[]; hash: string } {
  let state = toyRules.initialState(SESSION.seed, START);
  const log: LogRow[] = [];
  for (const { role, command, atMs } of commands) {
    const parsed = toyRules.parseCommand(command);
    const applied = parsed.ok ? toyRules.apply(state, parsed.command, { userId: `user-${role}`, role }, atMs) : parsed;
    if (applied.ok) state = applied.state;
    log.push({
      session_id: 's',
      seq: log.length,
      at: new Date(atMs).toISOString(),
      kind: 'command',
      actor_user_id: `user-${role}`,
      actor_role: role,
      command: JSON.stringify(command),
      accepted: applied.ok ? 1 : 0,
      code: applied.ok ? null : applied.code,
      reason: applied.ok ? null : applied.reason,
      state_hash: applied.ok ? toyRules.stateHash(state) : null,
    });
    const ticked = toyRules.advanceClock(state, atMs + 1);
    if (ticked.ok && toyRules.stateHash(ticked.state) !== toyRules.stateHash(state)) {
      state = ticked.state;
      log.push({
        session_id: 's',
        seq: log.length,
        at: new Date(atMs + 1).toISOString(),
        kind: 'clock',
        actor_user_id: null,
        actor_role: null,
        command: null,
        accepted: 1,
        code: null,
        reason: null,
        state_hash: toyRules.stateHash(state),
      });
    }
  }
  return { log, hash: toyRules.stateHash(state) };
}

const COMMANDS = [
  { role: 'alpha', command: { kind: 'post', text: 'found it' }, atMs: START + 100 },
  { role: 'alpha', command: { kind: 'request', to: 'beta' }, atMs: START + 200 },
  { role: 'beta', command: { kind: 'answer', id: 7, grant: true }, atMs: START + 300 },
  { role: 'alpha', command: { kind: 'inject', name: 'x' }, atMs: START + 400 },
  { role: 'beta', command: { kind: 'answer', id: 0, grant: true }, atMs: START + 6000 },
  { role: 'trainer', command: { kind: 'inject', name: 'press' }, atMs: START + 7000 },
];

describe('replayLog', () => {
  it('rebuilds the state the room had, with the same hash, skipping refused commands', () => {
    const { log, hash } = played(COMMANDS);
    expect(log.filter((entry) => entry.accepted === 0).map((entry) => entry.code)).toEqual(['no-such-request', 'trainer-only']);
    expect(log.some((entry) => entry.kind === 'clock')).toBe(true);
    const replayed = replayLog(toyRules, SESSION, log);
    expect(replayed.nextSeq).toBe(log.length);
    expect(toyRules.stateHash(replayed.state as ToyState)).toBe(hash);
  });

  it('refuses a log whose entries replay to another state than recorded', () => {
    const { log } = played(COMMANDS);
    const tampered = log.map((entry) =>
      entry.seq === 1 ? { ...entry, command: JSON.stringify({ kind: 'request', to: 'alpha' }) } : entry,
    );
    expect(() => replayLog(toyRules, SESSION, tampered)).toThrow(ReplayMismatchError);
    const wrongHash = log.map((entry) => (entry.seq === 0 ? { ...entry, state_hash: 'f'.repeat(64) } : entry));
    expect(() => replayLog(toyRules, SESSION, wrongHash)).toThrow(/another state/);
    expect(() => replayLog(toyRules, SESSION, log.slice(1))).toThrow(/entry 1 where 0/);
  });
});
