// The exercise reducer on the content exercise: every command's shape check, role and phase rules,
// preconditions, requests between roles, injects, the clock, outcome variables and scoring.
import { describe, expect, it } from 'vitest';
import { at, loadContentExercise, TestSession } from './test-support/session.ts';

const exercise = loadContentExercise();
const fresh = (): TestSession => new TestSession(exercise);

/** A session in the contain phase with the evidence preserved. */
function inContain(): TestSession {
  const s = fresh();
  s.ok('police', { type: 'act', action: 'preserve-evidence' }, at(1));
  s.ok('trainer', { type: 'advance-phase' }, at(2));
  return s;
}

const refusal = (s: TestSession, role: string, raw: unknown, atMs: number): string => {
  const r = s.send(role, raw, atMs);
  if (r.ok) throw new Error('accepted');
  return r.code;
};

describe('parseCommand', () => {
  const { rules } = fresh();
  it('refuses oversized, malformed and unknown commands with a code and a reason', () => {
    const big = rules.parseCommand({ type: 'message', to: 'all', text: 'x'.repeat(5000) });
    expect(big).toMatchObject({ ok: false, code: 'too-large' });
    expect(rules.parseCommand('act')).toMatchObject({ ok: false, code: 'bad-command' });
    expect(rules.parseCommand([1])).toMatchObject({ ok: false, code: 'bad-command' });
    expect(rules.parseCommand({ type: 'hack' })).toMatchObject({ ok: false, code: 'unknown-command' });
    const bad = rules.parseCommand({ type: 'act', action: 'Bad Id' });
    expect(bad).toMatchObject({ ok: false, code: 'bad-command' });
    expect(!bad.ok && bad.reason).toContain('action');
    expect(rules.parseCommand({ type: 'act', action: 'convene', extra: 1 })).toMatchObject({ ok: false, code: 'bad-command' });
    expect(rules.parseCommand({ type: 'message', to: 'all', text: '   ' })).toMatchObject({ ok: false, code: 'bad-command' });
  });
  it('accepts each command kind', () => {
    for (const raw of [
      { type: 'act', action: 'convene' },
      { type: 'request', request: 'traces-for-takedown', fields: ['channel'] },
      { type: 'answer', requestId: 'r1', decision: 'grant', basis: 'dsl-29', fields: ['channel'] },
      { type: 'message', to: 'all', text: 'hello' },
      { type: 'inject', inject: 'second-copy' },
      { type: 'pause' },
      { type: 'resume' },
      { type: 'end' },
      { type: 'advance-phase' },
    ]) {
      expect(rules.parseCommand(raw)).toMatchObject({ ok: true, command: raw });
    }
  });
});

describe('actions: role, phase and preconditions', () => {
  it('refuses an actor that is neither a role nor the trainer', () => {
    expect(refusal(fresh(), 'mayor', { type: 'act', action: 'convene' }, at(1))).toBe('unknown-role');
  });
  it('refuses a time that is not a finite number, and leaves the state as it was', () => {
    const s = fresh();
    expect(refusal(s, 'cyberspace', { type: 'act', action: 'convene' }, NaN)).toBe('bad-time');
    expect(s.rules.advanceClock(s.state, Infinity)).toMatchObject({ ok: false, code: 'bad-time' });
    expect(s.rules.stateHash(s.state)).toBe(s.rules.stateHash(fresh().state));
  });
  it("refuses another role's action, an unknown action and an action outside its phases", () => {
    const s = fresh();
    expect(refusal(s, 'police', { type: 'act', action: 'convene' }, at(1))).toBe('not-your-role');
    expect(refusal(s, 'police', { type: 'act', action: 'no-such-thing' }, at(1))).toBe('unknown-action');
    expect(refusal(s, 'cyberspace', { type: 'act', action: 'order-takedown' }, at(1))).toBe('wrong-phase');
  });
  it('refuses an action whose preconditions are unmet, naming what is missing', () => {
    const s = fresh();
    s.ok('trainer', { type: 'advance-phase' }, at(1));
    const r = s.send('cyberspace', { type: 'act', action: 'order-takedown' }, at(2));
    expect(r).toMatchObject({ ok: false, code: 'precondition' });
    expect(!r.ok && r.reason).toContain('preserve-evidence');
    expect(!r.ok && r.reason).toContain('channel of "leak-traces"');
  });
  it('takes an action once: records it, moves variables, scores it with its reason and tells everyone', () => {
    const s = fresh();
    const events = s.ok('cyberspace', { type: 'act', action: 'convene' }, at(1));
    expect(events).toEqual([
      expect.objectContaining({ type: 'timeline', kind: 'action', action: 'convene', role: 'cyberspace', visibleTo: 'all' }),
    ]);
    expect(s.state.done['convene']).toEqual({ role: 'cyberspace', atMs: 60_000 });
    const score = s.rules.outcome(s.state).roles['cyberspace']!;
    expect(score.score).toBe(3);
    expect(score.reasons[0]!.text.en).toContain('DSL Art. 29');
    expect(refusal(s, 'cyberspace', { type: 'act', action: 'convene' }, at(2))).toBe('already-done');
  });
  it('a harmful action costs points and moves the variables it names', () => {
    const s = fresh();
    s.ok('press', { type: 'act', action: 'deny-leak' }, at(1));
    expect(s.value('complaints')).toBe(20);
    expect(s.value('complaints')).toBe(20);
    s.tick(at(6));
    expect(s.value('complaints')).toBe(30);
    const press = s.rules.outcome(s.state).roles['press']!;
    expect(press.reasons).toEqual([expect.objectContaining({ code: 'action:deny-leak', points: -8 })]);
    expect(press.score).toBe(0);
  });
});

describe('requests between roles', () => {
  it("only the roles a request names may send it, in its phases, for the table's columns", () => {
    const s = fresh();
    expect(refusal(s, 'press', { type: 'request', request: 'traces-for-takedown', fields: ['channel'] }, at(1))).toBe(
      'not-your-role',
    );
    expect(refusal(s, 'civil-affairs', { type: 'request', request: 'traces-for-notice', fields: ['record-no'] }, at(1))).toBe(
      'wrong-phase',
    );
    expect(refusal(s, 'cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['salary'] }, at(1))).toBe(
      'unknown-field',
    );
    expect(refusal(s, 'cyberspace', { type: 'request', request: 'traces-for-takedown', fields: [] }, at(1))).toBe('no-fields');
    expect(refusal(s, 'cyberspace', { type: 'request', request: 'nope', fields: ['channel'] }, at(1))).toBe('unknown-request');
  });
  it('a request reaches only the two roles; asking for more than needed costs the asker', () => {
    const s = fresh();
    const events = s.ok('cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel', 'name'] }, at(1));
    expect(events).toEqual([expect.objectContaining({ type: 'request', visibleTo: ['cyberspace', 'police'] })]);
    expect(refusal(s, 'cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel'] }, at(1))).toBe(
      'already-pending',
    );
    const reasons = s.rules.outcome(s.state).roles['cyberspace']!.reasons;
    expect(reasons).toEqual([expect.objectContaining({ code: 'ask-extra:traces-for-takedown', points: -2 })]);
    expect(reasons[0]!.text.en).toContain('PIPL Art. 6');
  });
  it('only the addressed role answers, once, with a known legal basis and real columns', () => {
    const s = fresh();
    s.ok('cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel'] }, at(1));
    const id = s.requestId('traces-for-takedown');
    const answer = (fields: string[], basis = 'dsl-29') => ({ type: 'answer', requestId: id, decision: 'grant', basis, fields });
    expect(refusal(s, 'bigdata', answer(['channel']), at(2))).toBe('not-addressed');
    expect(refusal(s, 'police', { ...answer(['channel']), requestId: 'r99' }, at(2))).toBe('unknown-request');
    expect(refusal(s, 'police', answer(['channel'], 'common-sense'), at(2))).toBe('unknown-basis');
    expect(refusal(s, 'police', answer(['salary']), at(2))).toBe('unknown-field');
    expect(refusal(s, 'police', answer([]), at(2))).toBe('no-fields');
    const events = s.ok('police', answer(['channel']), at(2));
    expect(events).toEqual([expect.objectContaining({ type: 'answer', visibleTo: ['cyberspace', 'police'] })]);
    expect(refusal(s, 'police', answer(['channel']), at(3))).toBe('already-answered');
    expect(s.state.received['cyberspace']).toEqual({ 'leak-traces': ['channel'] });
    expect(refusal(s, 'cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel'] }, at(3))).toBe(
      'already-granted',
    );
    const police = s.rules.outcome(s.state).roles['police']!;
    expect(police.reasons).toEqual([expect.objectContaining({ code: 'answer:traces-for-takedown', points: 4 })]);
  });
  it('sharing more columns than needed costs the holder per column, with the reason', () => {
    const s = fresh();
    s.ok('cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel'] }, at(1));
    s.ok(
      'police',
      { type: 'answer', requestId: 'r1', decision: 'grant', basis: 'pipl-13-3', fields: ['channel', 'name', 'phone'] },
      at(2),
    );
    const police = s.rules.outcome(s.state).roles['police']!;
    expect(police.reasons.map((r) => r.code)).toEqual(['answer:traces-for-takedown', 'overshare:traces-for-takedown']);
    expect(police.score).toBe(0); // 4 for the right answer, minus 2 × 2 for name and phone
    expect(s.state.received['cyberspace']?.['leak-traces']).toEqual(['channel', 'name', 'phone']);
  });
  it('refusing a request that should be granted costs points; it may be asked again and granted', () => {
    const s = fresh();
    s.ok('bigdata', { type: 'request', request: 'traces-for-batch', fields: ['batch-code'] }, at(1));
    s.ok('police', { type: 'answer', requestId: 'r1', decision: 'refuse', basis: 'pipl-6' }, at(2));
    expect(s.state.received['bigdata']).toBeUndefined();
    s.ok('bigdata', { type: 'request', request: 'traces-for-batch', fields: ['batch-code'] }, at(3));
    s.ok('police', { type: 'answer', requestId: 'r2', decision: 'grant', basis: 'dsl-29', fields: ['batch-code'] }, at(4));
    expect(s.state.received['bigdata']).toEqual({ 'leak-traces': ['batch-code'] });
    const police = s.rules.outcome(s.state).roles['police']!;
    // Only the first answer is scored.
    expect(police.reasons).toEqual([expect.objectContaining({ code: 'answer:traces-for-batch', points: -4 })]);
    expect(police.reasons[0]!.text.en).toContain('promptly');
  });
  it('refusing with a fitting basis what should be refused earns points; granting it loses them', () => {
    const good = inContain();
    good.ok('press', { type: 'request', request: 'register-for-press', fields: ['record-no'] }, at(3));
    good.ok(
      'civil-affairs',
      { type: 'answer', requestId: good.requestId('register-for-press'), decision: 'refuse', basis: 'dsl-38' },
      at(4),
    );
    expect(good.rules.outcome(good.state).roles['civil-affairs']!.reasons).toEqual([
      expect.objectContaining({ code: 'answer:register-for-press', points: 4 }),
    ]);
    const bad = inContain();
    bad.ok('press', { type: 'request', request: 'register-for-press', fields: ['record-no'] }, at(3));
    bad.ok(
      'civil-affairs',
      { type: 'answer', requestId: 'r1', decision: 'grant', basis: 'pipl-13-3', fields: ['record-no', 'name', 'bank-tail'] },
      at(4),
    );
    const reasons = bad.rules.outcome(bad.state).roles['civil-affairs']!.reasons;
    expect(reasons.map((r) => [r.code, (r as { points?: number }).points])).toEqual([
      ['answer:register-for-press', -4],
      ['overshare:register-for-press', -4],
    ]);
  });
  it('the expected answer on a basis that does not fit it earns nothing', () => {
    const s = fresh();
    s.ok('cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel'] }, at(1));
    s.ok('police', { type: 'answer', requestId: 'r1', decision: 'grant', basis: 'dsl-38', fields: ['channel'] }, at(2));
    expect(s.rules.outcome(s.state).roles['police']!.reasons).toEqual([expect.objectContaining({ points: 0 })]);
  });
  it('a granted table unlocks the action that needed it', () => {
    const s = inContain();
    s.ok('cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel'] }, at(3));
    s.ok('police', { type: 'answer', requestId: 'r1', decision: 'grant', basis: 'dsl-29', fields: ['channel'] }, at(3, 30));
    s.ok('cyberspace', { type: 'act', action: 'order-takedown' }, at(4));
    expect(s.value('copies')).toBe(3);
    s.tick(at(20));
    expect(s.value('copies')).toBe(3);
  });
});

describe('messages', () => {
  it('goes to everyone or to one department only', () => {
    const s = fresh();
    expect(s.ok('police', { type: 'message', to: 'all', text: 'sample secured' }, at(1))).toEqual([
      expect.objectContaining({ type: 'message', visibleTo: 'all' }),
    ]);
    expect(s.ok('police', { type: 'message', to: 'bigdata', text: 'check the log' }, at(1))).toEqual([
      expect.objectContaining({ type: 'message', visibleTo: ['police', 'bigdata'] }),
    ]);
    expect(s.ok('trainer', { type: 'message', to: 'press', text: 'hurry' }, at(1))).toEqual([
      expect.objectContaining({ visibleTo: ['press'] }),
    ]);
    expect(refusal(s, 'police', { type: 'message', to: 'mayor', text: 'hi' }, at(1))).toBe('unknown-role');
    expect(s.state.messages.map((m) => [m.from, m.to, m.userId])).toEqual([
      ['police', 'all', 'u-police'],
      ['police', 'bigdata', 'u-police'],
      ['trainer', 'press', 'u-trainer'],
    ]);
  });
});

describe('the clock: variables, injects and phases', () => {
  it('variables grow per exercise minute, and stand still while paused', () => {
    const s = fresh();
    s.tick(at(5));
    expect(s.value('copies')).toBe(14);
    s.ok('trainer', { type: 'pause' }, at(5));
    s.tick(at(30));
    expect(s.value('copies')).toBe(14);
    expect(s.state.phaseIndex).toBe(0);
    s.ok('trainer', { type: 'resume' }, at(30));
    s.tick(at(31));
    expect(s.value('copies')).toBe(16);
  });
  it('fires injects on the clock once, at their minute, and phases end by their deadline', () => {
    const s = fresh();
    s.tick(at(7, 59));
    expect(s.state.phaseIndex).toBe(0);
    const r = s.tick(at(12));
    expect(r.ok && r.events).toEqual([
      expect.objectContaining({ kind: 'phase', phase: 'contain', atMs: 8 * 60_000 }),
      expect.objectContaining({ kind: 'inject', inject: 'fraud-calls', by: 'clock', atMs: 10 * 60_000 }),
    ]);
    expect(s.value('fraud-calls')).toBe(3 + 2 * 2);
    s.tick(at(40));
    expect(s.state.phaseIndex).toBe(2 + 1);
    expect(Object.keys(s.state.injects)).toEqual(['fraud-calls', 'media-inquiry']);
    const again = s.tick(at(41));
    expect(again.ok && again.events).toEqual([]);
  });
  it('the clock catches up before a command: an inject due earlier fires first', () => {
    const s = fresh();
    const events = s.ok('police', { type: 'act', action: 'preserve-evidence' }, at(8, 30));
    expect(events.map((e) => (e as { kind: string }).kind)).toEqual(['phase', 'action']);
  });
  it('role commands wait while paused; messages still go', () => {
    const s = fresh();
    s.ok('trainer', { type: 'pause' }, at(1));
    expect(refusal(s, 'cyberspace', { type: 'act', action: 'convene' }, at(2))).toBe('paused');
    expect(refusal(s, 'cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel'] }, at(2))).toBe(
      'paused',
    );
    s.ok('cyberspace', { type: 'message', to: 'all', text: 'waiting' }, at(2));
    expect(refusal(s, 'trainer', { type: 'pause' }, at(2))).toBe('already-paused');
    s.ok('trainer', { type: 'resume' }, at(3));
    expect(refusal(s, 'trainer', { type: 'resume' }, at(3))).toBe('not-paused');
    s.ok('cyberspace', { type: 'act', action: 'convene' }, at(3));
    expect(s.state.done['convene']!.atMs).toBe(60_000);
  });
});

describe('trainer commands', () => {
  it('only the trainer runs the exercise, and the trainer acts for a role only by taking it', () => {
    const s = fresh();
    for (const raw of [
      { type: 'pause' },
      { type: 'resume' },
      { type: 'end' },
      { type: 'advance-phase' },
      { type: 'inject', inject: 'second-copy' },
    ]) {
      expect(refusal(s, 'police', raw, at(1))).toBe('trainer-only');
    }
    expect(refusal(s, 'trainer', { type: 'act', action: 'convene' }, at(1))).toBe('needs-role');
  });
  it('fires an inject by hand once; a clock inject fired early does not fire again', () => {
    const s = fresh();
    s.ok('trainer', { type: 'inject', inject: 'second-copy' }, at(1));
    expect(s.value('copies')).toBe(4 + 2 + 12);
    expect(refusal(s, 'trainer', { type: 'inject', inject: 'second-copy' }, at(2))).toBe('already-fired');
    expect(refusal(s, 'trainer', { type: 'inject', inject: 'nope' }, at(2))).toBe('unknown-inject');
    s.ok('trainer', { type: 'inject', inject: 'fraud-calls' }, at(2));
    s.tick(at(11));
    expect(
      s.state.timeline
        .filter((e) => e.kind === 'inject')
        .map((e) => [e.kind === 'inject' && e.inject, e.kind === 'inject' && e.by]),
    ).toEqual([
      ['second-copy', 'trainer'],
      ['fraud-calls', 'trainer'],
    ]);
  });
  it('advances phases to the last, then ends; after the end every command is refused', () => {
    const s = fresh();
    for (let i = 0; i < 3; i++) s.ok('trainer', { type: 'advance-phase' }, at(1));
    expect(s.state.phaseIndex).toBe(3);
    expect(refusal(s, 'trainer', { type: 'advance-phase' }, at(1))).toBe('last-phase');
    s.ok('trainer', { type: 'end' }, at(2));
    expect(s.rules.outcome(s.state).finished).toBe(true);
    expect(refusal(s, 'trainer', { type: 'end' }, at(3))).toBe('finished');
    expect(refusal(s, 'police', { type: 'message', to: 'all', text: 'late' }, at(3))).toBe('finished');
    const copies = s.value('copies');
    s.tick(at(60));
    expect(s.value('copies')).toBe(copies);
  });
});
