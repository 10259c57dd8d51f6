// Whole playthroughs of the content exercises (a good and a bad outcome), information asymmetry,
// replay against the live state hash, random command sequences, and the replay time of a long log.
import { describe, expect, it } from 'vitest';
import { replay, replayStates } from './replay.ts';
import type { Exercise } from './schema.ts';
import { at, loadContentExercise, T0, TestSession } from './test-support/session.ts';

const exercise = loadContentExercise('resident-data-leak');
const allowance = loadContentExercise('allowance-auto-refusals');

interface Step {
  readonly role: string;
  readonly atMs: number;
  readonly command: (s: TestSession) => unknown;
}
const step = (role: string, atMs: number, command: unknown): Step => ({ role, atMs, command: () => command });
const answer = (
  role: string,
  atMs: number,
  def: string,
  decision: 'grant' | 'refuse',
  basis: string,
  fields: string[] = [],
): Step => ({
  role,
  atMs,
  command: (s) => ({ type: 'answer', requestId: s.requestId(def), decision, basis, fields }),
});
const ask = (role: string, atMs: number, request: string, fields: string[]): Step =>
  step(role, atMs, { type: 'request', request, fields });
const act = (role: string, atMs: number, action: string): Step => step(role, atMs, { type: 'act', action });

/** Every department asks for exactly what it needs, answers on the right basis, and acts in time. */
const GOOD_LEAK: readonly Step[] = [
  act('cyberspace', at(1), 'convene'),
  act('police', at(1, 20), 'preserve-evidence'),
  ask('police', at(1, 40), 'log-for-investigation', ['batch-code', 'account', 'export-time']),
  ask('bigdata', at(2), 'traces-for-batch', ['batch-code']),
  ask('cyberspace', at(2, 10), 'traces-for-takedown', ['channel']),
  answer('bigdata', at(3), 'log-for-investigation', 'grant', 'pipl-13-3', ['batch-code', 'account', 'export-time']),
  answer('police', at(3, 30), 'traces-for-batch', 'grant', 'dsl-29', ['batch-code']),
  answer('police', at(3, 40), 'traces-for-takedown', 'grant', 'dsl-29', ['channel']),
  step('police', at(4), { type: 'message', to: 'all', text: 'Sample secured; watermark found.' }),
  { role: 'trainer', atMs: at(8), command: () => null },
  act('cyberspace', at(8, 10), 'order-takedown'),
  act('bigdata', at(8, 20), 'freeze-account'),
  act('police', at(8, 30), 'identify-source'),
  ask('civil-affairs', at(8, 40), 'traces-for-notice', ['record-no']),
  answer('police', at(9), 'traces-for-notice', 'grant', 'pipl-57', ['record-no']),
  act('civil-affairs', at(9, 30), 'notify-residents'),
  act('press', at(10), 'hotline-script'),
  ask('cyberspace', at(10, 10), 'assessment-for-report', ['category', 'records']),
  ask('press', at(10, 20), 'assessment-for-statement', ['category', 'records']),
  ask('press', at(10, 30), 'register-for-press', ['record-no']),
  answer('civil-affairs', at(11), 'assessment-for-report', 'grant', 'dsl-29', ['category', 'records']),
  answer('civil-affairs', at(11, 10), 'assessment-for-statement', 'grant', 'dsl-29', ['category', 'records']),
  answer('civil-affairs', at(11, 20), 'register-for-press', 'refuse', 'pipl-6'),
  act('press', at(12), 'publish-statement'),
  { role: 'trainer', atMs: at(23), command: () => null },
  act('cyberspace', at(23, 30), 'report-up'),
  { role: 'trainer', atMs: at(38), command: () => null },
  act('civil-affairs', at(38, 30), 'minimise-fields'),
  act('bigdata', at(39), 'audit-exports'),
  act('police', at(39, 30), 'refer-accountability'),
  step('trainer', at(40), { type: 'end' }),
];

/** The automated-approval exercise played well: stop refusals at once, ask for the minimum, correct, explain. */
const GOOD_ALLOWANCE: readonly Step[] = [
  act('hotline', at(1), 'flag-pattern'),
  act('operator', at(1, 10), 'suspend-auto-refusal'),
  ask('operator', at(1, 30), 'tickets-for-review', ['application-no']),
  ask('model-owner', at(1, 40), 'decisions-for-diagnosis', ['reason-code', 'income-source']),
  ask('regulator', at(1, 50), 'features-for-audit', ['feature', 'data-source']),
  answer('hotline', at(2), 'tickets-for-review', 'grant', 'pipl-13-3', ['application-no']),
  answer('operator', at(2, 10), 'decisions-for-diagnosis', 'grant', 'pipl-13-3', ['reason-code', 'income-source']),
  answer('model-owner', at(2, 20), 'features-for-audit', 'grant', 'pipl-55', ['feature', 'data-source']),
  { role: 'trainer', atMs: at(8), command: () => null },
  act('operator', at(8, 10), 're-review'),
  act('model-owner', at(8, 20), 'diagnose'),
  act('regulator', at(8, 30), 'order-assessment'),
  ask('legal', at(8, 40), 'decisions-for-legal', ['decision', 'reason-code']),
  answer('operator', at(8, 50), 'decisions-for-legal', 'grant', 'pipl-13-3', ['decision', 'reason-code']),
  act('legal', at(9, 10), 'advise-remedy'),
  ask('hotline', at(9, 20), 'status-for-hotline', ['application-no', 'review-status']),
  answer('operator', at(9, 30), 'status-for-hotline', 'grant', 'pipl-13-3', ['application-no', 'review-status']),
  act('hotline', at(10), 'callback-callers'),
  ask('model-owner', at(10, 30), 'tickets-for-training', ['summary']),
  answer('hotline', at(11), 'tickets-for-training', 'refuse', 'dsl-40'),
  { role: 'trainer', atMs: at(23), command: () => null },
  act('model-owner', at(23, 10), 'fix-feature'),
  act('operator', at(23, 20), 'explain-decisions'),
  act('legal', at(23, 30), 'approve-notice'),
  { role: 'trainer', atMs: at(38), command: () => null },
  act('regulator', at(38, 30), 'oversight-rule'),
  step('trainer', at(40), { type: 'end' }),
];

/** Plays steps; a null command is a clock tick. `strict` fails on any refusal, else refusals are skipped. */
function play(
  ex: Exercise,
  steps: readonly Step[],
  strict: boolean,
  skip: (s: Step, raw: unknown) => boolean = () => false,
): TestSession {
  const s = new TestSession(ex);
  for (const st of steps) {
    let raw: unknown;
    try {
      raw = st.command(s);
    } catch (error) {
      if (strict) throw error;
      continue; // an answer to a request that was never sent
    }
    if (raw === null) s.tick(st.atMs);
    else if (!skip(st, raw)) {
      if (strict) s.ok(st.role, raw, st.atMs);
      else s.send(st.role, raw, st.atMs);
    }
  }
  return s;
}

describe('the resident-data-leak exercise played through', () => {
  it('reaches a good outcome when the departments ask, share the minimum and act in time', () => {
    const s = play(exercise, GOOD_LEAK, true);
    const outcome = s.rules.outcome(s.state);
    expect(outcome.finished).toBe(true);
    expect(outcome.variables).toMatchObject({ copies: 3, unnotified: 0 });
    expect(outcome.variables['fraud-calls']).toBeLessThan(25);
    expect(outcome.variables['complaints']).toBeLessThan(30);
    for (const [role, score] of Object.entries(outcome.roles)) {
      expect(score.score, role).toBe(score.max);
      expect(score.reasons.length, role).toBeGreaterThan(0);
    }
    expect(outcome.team.reasons.map((r) => r.code).sort()).toEqual([
      'outcome:contained',
      'outcome:notified',
      'outcome:root-cause',
    ]);
    expect(outcome.team.score).toBe(outcome.team.max);
    const citing = outcome.team.reasons.map((r) => r.text.en).join(' ');
    expect(citing).toMatch(/DSL Art\. 29/);
    expect(citing).toMatch(/PIPL Art\. 57/);
  });

  it('reaches a bad outcome when departments stay silent, deny and delete, and the clock runs out', () => {
    const s = new TestSession(exercise);
    s.ok('press', { type: 'act', action: 'deny-leak' }, at(2));
    s.ok('civil-affairs', { type: 'act', action: 'delete-quietly' }, at(3));
    s.ok('police', { type: 'act', action: 'preserve-evidence' }, at(5));
    s.ok('cyberspace', { type: 'request', request: 'traces-for-takedown', fields: ['channel', 'name', 'phone'] }, at(6));
    s.ok('police', { type: 'answer', requestId: 'r1', decision: 'refuse', basis: 'pipl-6' }, at(7));
    s.tick(at(38));
    s.ok('trainer', { type: 'end' }, at(45));
    const outcome = s.rules.outcome(s.state);
    expect(outcome.finished).toBe(true);
    expect(outcome.variables['copies']).toBe(4 + 2 * 45);
    expect(outcome.variables['unnotified']).toBe(100);
    expect(outcome.team.reasons.map((r) => r.code).sort()).toEqual([
      'outcome:complaints-high',
      'outcome:fraud-harm',
      'outcome:spread',
    ]);
    expect(outcome.team.score).toBe(0);
    expect(outcome.roles['press']).toMatchObject({ score: 0 });
    expect(outcome.roles['civil-affairs']!.reasons[0]!.text.en).toContain('PIPL Art. 57');
    expect(outcome.roles['police']!.reasons.map((r) => r.code)).toEqual([
      'action:preserve-evidence',
      'answer:traces-for-takedown',
    ]);
    expect(outcome.roles['cyberspace']!.reasons.map((r) => r.code)).toEqual(['ask-extra:traces-for-takedown']);
  });
});

describe('the allowance-auto-refusals exercise played through', () => {
  it('reaches a good outcome: refusals stopped, corrected and explained, the model assessed and fixed', () => {
    const s = play(allowance, GOOD_ALLOWANCE, true);
    const outcome = s.rules.outcome(s.state);
    expect(outcome.variables).toMatchObject({ 'wrongly-refused': 0, unexplained: 0 });
    expect(outcome.variables['complaints']).toBeLessThan(60);
    expect(outcome.team.reasons.map((r) => r.code).sort()).toEqual([
      'outcome:assessed',
      'outcome:corrected',
      'outcome:explained',
    ]);
    expect(outcome.team.reasons.map((r) => r.text.en).join(' ')).toMatch(/PIPL Art\. 24.*PIPL Art\. 24.*PIPL Art\. 55/);
  });

  it('reaches a bad outcome when the system keeps refusing and the departments deflect', () => {
    const s = new TestSession(allowance);
    s.ok('operator', { type: 'act', action: 'tell-to-reapply' }, at(2));
    s.ok('model-owner', { type: 'act', action: 'retrain-quietly' }, at(3));
    s.ok('hotline', { type: 'act', action: 'cite-other-case' }, at(4));
    s.ok(
      'model-owner',
      { type: 'request', request: 'decisions-for-diagnosis', fields: ['reason-code', 'income-source', 'applicant'] },
      at(5),
    );
    s.ok(
      'operator',
      {
        type: 'answer',
        requestId: 'r1',
        decision: 'grant',
        basis: 'pipl-13-3',
        fields: ['reason-code', 'income-source', 'applicant', 'application-no'],
      },
      at(6),
    );
    s.ok('trainer', { type: 'inject', inject: 'second-group' }, at(12));
    s.ok('trainer', { type: 'end' }, at(40));
    const outcome = s.rules.outcome(s.state);
    expect(outcome.variables['wrongly-refused']).toBe(40 + 3 * 40 + 15);
    expect(outcome.team.reasons.map((r) => r.code).sort()).toEqual(['outcome:complaints-high', 'outcome:many-refused']);
    expect(outcome.team.score).toBe(0);
    expect(outcome.roles['operator']!.reasons.map((r) => [r.code, (r as { points?: number }).points])).toEqual([
      ['action:tell-to-reapply', -6],
      ['answer:decisions-for-diagnosis', 4],
      ['overshare:decisions-for-diagnosis', -4],
    ]);
    expect(outcome.roles['model-owner']!.reasons.map((r) => r.code)).toEqual([
      'action:retrain-quietly',
      'ask-extra:decisions-for-diagnosis',
    ]);
  });
});

describe.each([
  ['resident-data-leak', exercise, GOOD_LEAK],
  ['allowance-auto-refusals', allowance, GOOD_ALLOWANCE],
] as const)('%s', (_id, ex, good) => {
  it('the good playthrough gives every role and the team their maximum', () => {
    const outcome = play(ex, good, true).rules.outcome(play(ex, good, true).state);
    expect(outcome.finished).toBe(true);
    for (const [role, score] of Object.entries(outcome.roles)) expect(score.score, role).toBe(score.max);
    expect(outcome.team.score).toBe(outcome.team.max);
  });

  it('no department can succeed (60% of its points) without asking another for what only it holds', () => {
    for (const role of ex.roles.map((r) => r.id)) {
      const s = play(ex, good, false, (st, raw) => st.role === role && (raw as { type: string }).type === 'request');
      const score = s.rules.outcome(s.state).roles[role]!;
      expect(score.score / score.max, role).toBeLessThan(0.6);
    }
  });

  it("no role sees another role's private information along the good playthrough", () => {
    const s = new TestSession(ex);
    for (const st of good) {
      const raw = st.command(s);
      if (raw === null) s.tick(st.atMs);
      else s.ok(st.role, raw, st.atMs);
      expectNoLeak(s);
    }
  });
});

describe('replaying the log', () => {
  it('gives the same state hash as the live session', () => {
    const s = play(exercise, GOOD_LEAK, true);
    const start = { seed: s.seed, startedAtMs: T0 };
    const result = replay(s.rules, s.log, start);
    expect(result.mismatches).toEqual([]);
    expect(s.rules.stateHash(result.state)).toBe(s.rules.stateHash(s.state));
    expect(s.rules.stateHash(s.state)).toMatch(/^[0-9a-f]{64}$/);
    const half = replay(s.rules, s.log.slice(0, 12), start);
    expect(s.rules.stateHash(half.state)).not.toBe(s.rules.stateHash(s.state));
    // A different seed is a different session.
    expect(s.rules.stateHash(replay(s.rules, s.log, { ...start, seed: 'other' }).state)).not.toBe(s.rules.stateHash(s.state));
  });

  it('keeps every state on the way for the after-action review: before the first entry, then after each', () => {
    const s = play(exercise, GOOD_LEAK, true);
    const start = { seed: s.seed, startedAtMs: T0 };
    const { states, mismatches } = replayStates(s.rules, s.log, start);
    expect(mismatches).toEqual([]);
    expect(states).toHaveLength(s.log.length + 1);
    expect(s.rules.stateHash(states[0]!)).toBe(s.rules.stateHash(s.rules.initialState(s.seed, T0)));
    expect(s.rules.stateHash(states[12]!)).toBe(s.rules.stateHash(replay(s.rules, s.log.slice(0, 12), start).state));
    expect(s.rules.stateHash(states.at(-1)!)).toBe(s.rules.stateHash(s.state));
  });

  it('a tampered log does not replay to the live hash, and the replay names the entries that diverge', () => {
    const s = play(exercise, GOOD_LEAK, true);
    const tampered = s.log.map((e) =>
      'command' in e && (e.command as { action?: string }).action === 'order-takedown'
        ? { ...e, actor: { userId: 'x', role: 'police' } }
        : e,
    );
    const result = replay(s.rules, tampered, { seed: s.seed, startedAtMs: T0 });
    expect(result.mismatches.length).toBeGreaterThan(0);
    expect(s.rules.stateHash(result.state)).not.toBe(s.rules.stateHash(s.state));
  });
});

/** A small deterministic generator, so a failing sequence can be reproduced from its seed. */
function generator(seed: number): { int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const int = (n: number): number => next() % n;
  return { int, pick: (xs) => xs[int(xs.length)]! };
}

function randomCommand(g: ReturnType<typeof generator>, n: number, exercise: Exercise): { role: string; raw: unknown } {
  const roles = [...exercise.roles.map((r) => r.id), 'trainer', 'mayor'];
  const columns = [
    'channel',
    'batch-code',
    'record-no',
    'name',
    'phone',
    'account',
    'export-time',
    'approver-phone',
    'category',
    'records',
    'handling-note',
    'bank-tail',
    'bogus',
  ];
  const fields = (): string[] => Array.from({ length: g.int(4) }, () => g.pick(columns));
  const role = g.pick(roles);
  const kinds: (() => unknown)[] = [
    () => ({ type: 'act', action: g.pick([...exercise.actions.map((a) => a.id), 'bogus']) }),
    () => ({
      type: 'request',
      request: g.pick([...exercise.requests.map((r) => r.id), 'bogus']),
      fields: fields(),
      note: `secret-note-${n}-end`,
    }),
    () => ({
      type: 'answer',
      requestId: `r${g.int(8) + 1}`,
      decision: g.pick(['grant', 'refuse']),
      basis: g.pick([...exercise.legalBases.map((b) => b.id), 'bogus']),
      fields: fields(),
    }),
    () => ({ type: 'message', to: g.pick([...roles, 'all']), text: `secret-message-${n}-end` }),
    () => ({ type: 'inject', inject: g.pick([...exercise.injects.map((i) => i.id), 'bogus']) }),
    () => ({ type: g.pick(['pause', 'resume', 'advance-phase', 'end']) }),
    () =>
      g.pick([
        null,
        42,
        'x',
        { type: 'act' },
        { type: 'act', action: 'convene', more: true },
        { type: 'message', to: 'all', text: 'y'.repeat(5000) },
      ]),
  ];
  // Ending is rare, so sequences get far.
  const kind = g.int(100) < 2 ? 5 : g.int(kinds.length);
  return { role, raw: kinds[kind]!() };
}

/** Every string of a role's private information (table titles and column labels are catalogue, visible to requesters). */
function privateStrings(exercise: Exercise, roleId: string): string[] {
  const role = exercise.roles.find((r) => r.id === roleId)!;
  const out = [role.briefing['zh-CN'], role.briefing.en];
  for (const item of role.private) {
    if (item.kind === 'table') out.push(...item.rows.flat());
    else out.push(item.title['zh-CN'], item.title.en, item.body['zh-CN'], item.body.en);
  }
  return out.filter((t) => t.length >= 4);
}

/** What a viewer must not see: other roles' private strings it neither holds itself nor was granted. */
function forbiddenFor(s: TestSession, viewer: string): string[] {
  const exercise = s.exercise;
  const own = new Set(privateStrings(exercise, viewer));
  const granted = new Set<string>();
  for (const [itemId, fields] of Object.entries(s.state.received[viewer] ?? {})) {
    for (const role of exercise.roles) {
      const item = role.private.find((i) => i.id === itemId);
      if (item?.kind !== 'table') continue;
      item.columns.forEach((c, i) => {
        if (fields.includes(c.id)) for (const row of item.rows) granted.add(row[i] ?? '');
      });
    }
  }
  const secrets = exercise.roles
    .filter((r) => r.id !== viewer)
    .flatMap((r) => privateStrings(exercise, r.id))
    .filter((t) => !own.has(t) && !granted.has(t));
  // Request notes and one-to-one messages that were not addressed to the viewer or sent by it.
  for (const r of s.state.requests) if (r.note && r.from !== viewer && r.to !== viewer) secrets.push(r.note);
  for (const m of s.state.messages) if (m.to !== 'all' && m.to !== viewer && m.from !== viewer) secrets.push(m.text);
  return secrets;
}

function expectNoLeak(s: TestSession): void {
  for (const viewer of s.exercise.roles.map((r) => r.id)) {
    const view = JSON.stringify(s.rules.viewFor(s.state, viewer));
    for (const secret of forbiddenFor(s, viewer)) {
      if (view.includes(JSON.stringify(secret).slice(1, -1)))
        throw new Error(`${viewer}'s view contains ${JSON.stringify(secret)}`);
    }
  }
}

describe('views', () => {
  it("at the start, no role's view holds another role's private information; the trainer's holds all", () => {
    const s = new TestSession(exercise);
    expect(forbiddenFor(s, 'press').length).toBeGreaterThan(30);
    expectNoLeak(s);
    const trainer = JSON.stringify(s.rules.viewFor(s.state, 'trainer'));
    for (const role of exercise.roles)
      for (const t of privateStrings(exercise, role.id)) expect(trainer).toContain(JSON.stringify(t).slice(1, -1));
    const own = JSON.stringify(s.rules.viewFor(s.state, 'police'));
    expect(own).toContain('QC-GL-004117');
    expect(own).toContain(exercise.roles.find((r) => r.id === 'police')!.briefing.en.slice(0, 40));
  });
  it('a role sees only the columns it was granted, and only its own requests and messages', () => {
    const s = play(exercise, GOOD_LEAK, true);
    expectNoLeak(s);
    const view = s.rules.viewFor(s.state, 'cyberspace') as {
      received: { item: string; columns: { id: string }[]; rows: string[][] }[];
      requests: { from: string; to: string }[];
    };
    const traces = view.received.find((r) => r.item === 'leak-traces')!;
    expect(traces.columns.map((c) => c.id)).toEqual(['channel']);
    expect(traces.rows[0]).toEqual(['forum.qc-local/t/77310']);
    expect(view.requests.every((r) => r.from === 'cyberspace' || r.to === 'cyberspace')).toBe(true);
    expect(JSON.stringify(view)).not.toContain('QC-GL-004117');
  });
  it('scores reach a role only when the exercise has ended', () => {
    const s = new TestSession(exercise);
    s.ok('cyberspace', { type: 'act', action: 'convene' }, at(1));
    expect((s.rules.viewFor(s.state, 'cyberspace') as { outcome: unknown }).outcome).toBeNull();
    s.ok('trainer', { type: 'end' }, at(2));
    expect((s.rules.viewFor(s.state, 'cyberspace') as { outcome: { role: { score: number } } }).outcome.role.score).toBe(3);
  });
});

describe('random command sequences', () => {
  it('never throw, never leak, and replay to the live hash', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const g = generator(seed);
      const s = new TestSession(seed % 2 ? exercise : allowance, `seed-${seed}`);
      let t = T0;
      for (let n = 0; n < 80; n++) {
        t += g.int(45_000);
        if (g.int(5) === 0) s.tick(t);
        const { role, raw } = randomCommand(g, n, s.exercise);
        s.send(role, raw, t);
        if (n % 20 === 19) expectNoLeak(s);
      }
      expectNoLeak(s);
      expect(() => s.rules.outcome(s.state)).not.toThrow();
      const again = replay(s.rules, s.log, { seed: `seed-${seed}`, startedAtMs: T0 });
      expect(again.mismatches, `seed ${seed}`).toEqual([]);
      expect(s.rules.stateHash(again.state), `seed ${seed}`).toBe(s.rules.stateHash(s.state));
    }
  });
});

describe('replay time', () => {
  it('replays a 5,000-command log well within budget (target 200 ms)', () => {
    const g = generator(7);
    const s = new TestSession(exercise);
    let t = T0;
    for (const st of GOOD_LEAK.slice(0, -1)) {
      const raw = st.command(s);
      if (raw === null) s.tick(st.atMs);
      else s.ok(st.role, raw, st.atMs);
      t = st.atMs;
    }
    let commands = s.log.filter((e) => 'command' in e).length;
    for (let n = 0; commands < 5000; n++) {
      t += 200;
      if (n % 10 === 0) s.tick(t);
      const pick = g.int(3);
      if (pick === 0) s.send(g.pick(exercise.roles).id, { type: 'message', to: 'all', text: `update ${n}` }, t);
      else if (pick === 1)
        s.send(g.pick(exercise.roles).id, { type: 'message', to: g.pick(exercise.roles).id, text: `note ${n}` }, t);
      else {
        const { role, raw } = randomCommand(g, n, s.exercise);
        if ((raw as { type?: string } | null)?.type !== 'end') s.send(role, raw, t);
      }
      commands++;
    }
    // The best of three runs: the machine running the tests is shared, and a run can be preempted.
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const result = replay(s.rules, s.log, { seed: s.seed, startedAtMs: T0 });
      const hash = s.rules.stateHash(result.state);
      times.push(performance.now() - start);
      expect(hash).toBe(s.rules.stateHash(s.state));
    }
    const ms = Math.min(...times);
    console.log(
      `replay of ${commands} commands (${s.log.length} log entries) and its state hash: best ${ms.toFixed(1)} ms of ${times.map((t) => t.toFixed(0)).join(', ')}`,
    );
    expect(ms).toBeLessThan(1000);
  });
});
