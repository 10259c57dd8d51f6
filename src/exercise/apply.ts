// The exercise reducer: the clock (injects and phase deadlines as they fall due) and every
// command's role, phase and precondition rules. Pure and deterministic: the same state, command,
// actor and time give the same result in the room, the replay and the tests.
import type { Condition } from '../course/schema-parts.ts';
import type { ExerciseCommand } from './commands.ts';
import type { Applied, ExerciseActor } from './rules.ts';
import type { Effect, Exercise, ExerciseAction, TableItem } from './schema.ts';
import {
  elapsedAt,
  variableValue,
  type ExerciseState,
  type MessageState,
  type RequestState,
  type ScoreEntry,
  type TimelineEntry,
} from './state.ts';

/** Who may see an event: everyone, or only these roles (the trainer sees every event). */
export type Audience = 'all' | readonly string[];
export type ExerciseEvent =
  | (TimelineEntry & { readonly type: 'timeline'; readonly visibleTo: 'all' })
  | { readonly type: 'request'; readonly seq: number; readonly request: RequestState; readonly visibleTo: readonly string[] }
  | { readonly type: 'answer'; readonly seq: number; readonly request: RequestState; readonly visibleTo: readonly string[] }
  | { readonly type: 'message'; readonly seq: number; readonly message: MessageState; readonly visibleTo: Audience };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Refusal = { readonly ok: false; readonly code: string; readonly reason: string };
const refuse = (code: string, reason: string): Refusal => ({ ok: false, code, reason });

/** A command's working copy: fields are replaced, never changed in place, so the old state stays intact. */
class Work {
  readonly s: Mutable<ExerciseState>;
  readonly events: ExerciseEvent[] = [];
  constructor(
    readonly ex: Exercise,
    state: ExerciseState,
  ) {
    this.s = { ...state };
  }
  nextSeq(): number {
    this.s.seq += 1;
    return this.s.seq;
  }
  timeline(atMs: number, entry: DistributiveOmit<TimelineEntry, 'seq' | 'atMs'>): void {
    const full = { ...entry, seq: this.nextSeq(), atMs } as TimelineEntry;
    this.s.timeline = [...this.s.timeline, full];
    this.events.push({ ...full, type: 'timeline', visibleTo: 'all' });
  }
  score(entry: ScoreEntry): void {
    this.s.scores = [...this.s.scores, entry];
  }
  effects(effects: readonly Effect[], atMs: number): void {
    if (effects.length === 0) return;
    const vars = { ...this.s.vars };
    for (const e of effects) {
      const def = this.ex.variables.find((v) => v.id === e.var);
      const current = vars[e.var];
      if (!def || !current || e.unless.some((a) => this.s.done[a])) continue;
      const since = Math.max(atMs, current.sinceMs);
      let base = variableValue(this.ex, { ...this.s, vars }, e.var, since);
      if (e.set !== undefined) base = e.set;
      if (e.add !== undefined) base += e.add;
      base = Math.min(def.max ?? Number.MAX_SAFE_INTEGER, Math.max(def.min, base));
      vars[e.var] = { base, perMinute: e.perMinute ?? current.perMinute, sinceMs: since };
    }
    this.s.vars = vars;
  }
  applied(): Applied<ExerciseState> {
    return { ok: true, state: this.s, events: this.events };
  }
}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Fires the injects and phase deadlines due by atMs, in time order (an inject before a phase end at the same minute). */
function runClock(w: Work, atMs: number): void {
  const s = w.s;
  if (!s.finished && s.clock.runningSinceAtMs !== null) {
    for (;;) {
      const t = elapsedAt(s, atMs);
      const inject = w.ex.injects
        .filter((i) => i.atMinute !== undefined && s.injects[i.id] === undefined && i.atMinute * 60_000 <= t)
        .sort((a, b) => (a.atMinute ?? 0) - (b.atMinute ?? 0))[0];
      const minutes = w.ex.phases[s.phaseIndex]?.minutes;
      const phaseDue = minutes === undefined ? Infinity : s.phaseStartedMs + minutes * 60_000;
      if (inject && (inject.atMinute ?? 0) * 60_000 <= phaseDue) {
        fireInject(w, inject.id, (inject.atMinute ?? 0) * 60_000, 'clock');
      } else if (phaseDue <= t) {
        if (s.phaseIndex + 1 < w.ex.phases.length) enterPhase(w, s.phaseIndex + 1, phaseDue);
        else endExercise(w, phaseDue);
        if (s.finished) break;
      } else break;
    }
  }
  s.clock = { ...s.clock, lastAtMs: Math.max(s.clock.lastAtMs, atMs) };
}

function fireInject(w: Work, injectId: string, atMs: number, by: 'clock' | 'trainer'): void {
  const inject = w.ex.injects.find((i) => i.id === injectId);
  if (!inject) return;
  w.s.injects = { ...w.s.injects, [injectId]: atMs };
  w.effects(inject.effects, atMs);
  w.timeline(atMs, { kind: 'inject', inject: injectId, by });
}

function enterPhase(w: Work, index: number, atMs: number): void {
  w.s.phaseIndex = index;
  w.s.phaseStartedMs = atMs;
  w.timeline(atMs, { kind: 'phase', phase: w.ex.phases[index]?.id ?? '' });
}

function endExercise(w: Work, elapsedMs: number): void {
  w.s.finished = true;
  w.s.clock = { ...w.s.clock, elapsedMs, runningSinceAtMs: null };
  w.timeline(elapsedMs, { kind: 'end' });
}

const BAD_TIME = refuse('bad-time', 'the time must be a finite number of milliseconds');

export function advanceClock(ex: Exercise, state: ExerciseState, atMs: number): Applied<ExerciseState> {
  if (!Number.isFinite(atMs)) return BAD_TIME;
  const w = new Work(ex, state);
  runClock(w, atMs);
  return w.applied();
}

function holds(c: Condition, value: number): boolean {
  switch (c.op) {
    case '>=':
      return value >= c.value;
    case '<=':
      return value <= c.value;
    case '==':
      return value === c.value;
    case '>':
      return value > c.value;
    case '<':
      return value < c.value;
  }
}

export function conditionsHold(ex: Exercise, s: ExerciseState, conditions: readonly Condition[], elapsedMs: number): boolean {
  return conditions.every((c) => holds(c, variableValue(ex, s, c.var, elapsedMs)));
}

/** What an action still waits for, in words (empty when it may be taken). */
export function missingPreconditions(ex: Exercise, s: ExerciseState, action: ExerciseAction, elapsedMs: number): string[] {
  const missing: string[] = [];
  const req = action.requires;
  if (!req) return missing;
  for (const d of req.done) if (!s.done[d]) missing.push(`action "${d}" must be taken first`);
  for (const r of req.received) {
    const have = s.received[action.role]?.[r.item] ?? [];
    const lacking = r.fields.filter((f) => !have.includes(f));
    if (lacking.length) missing.push(`needs ${lacking.join(', ')} of "${r.item}" from its holder: request them`);
  }
  for (const c of req.vars) {
    if (!holds(c, variableValue(ex, s, c.var, elapsedMs))) missing.push(`needs ${c.var} ${c.op} ${c.value}`);
  }
  return missing;
}

function tableOf(ex: Exercise, itemId: string): TableItem | undefined {
  for (const role of ex.roles) {
    const item = role.private.find((i) => i.id === itemId);
    if (item?.kind === 'table') return item;
  }
  return undefined;
}

export function applyCommand(
  ex: Exercise,
  state: ExerciseState,
  command: ExerciseCommand,
  actor: ExerciseActor,
  atMs: number,
): Applied<ExerciseState> {
  if (!Number.isFinite(atMs)) return BAD_TIME;
  const isTrainer = actor.role === 'trainer';
  if (!isTrainer && !ex.roles.some((r) => r.id === actor.role)) {
    return refuse('unknown-role', `"${actor.role}" is not a role of this exercise`);
  }
  const w = new Work(ex, state);
  runClock(w, atMs);
  const s = w.s;
  if (s.finished) return refuse('finished', 'the exercise has ended');
  const t = elapsedAt(s, atMs);
  const phase = ex.phases[s.phaseIndex]?.id ?? '';
  const paused = s.clock.runningSinceAtMs === null;

  switch (command.type) {
    case 'message': {
      if (command.to !== 'all' && !ex.roles.some((r) => r.id === command.to)) {
        return refuse('unknown-role', `no role "${command.to}": send to "all" or a role id`);
      }
      const message: MessageState = {
        seq: w.nextSeq(),
        from: actor.role,
        userId: actor.userId,
        to: command.to,
        text: command.text,
        atMs: t,
      };
      s.messages = [...s.messages, message];
      const visibleTo: Audience =
        command.to === 'all' ? 'all' : isTrainer ? [command.to] : [...new Set([actor.role, command.to])];
      w.events.push({ type: 'message', seq: message.seq, message, visibleTo });
      return w.applied();
    }
    case 'inject':
    case 'pause':
    case 'resume':
    case 'end':
    case 'advance-phase':
      if (!isTrainer)
        return refuse('trainer-only', `only the trainer may ${command.type === 'inject' ? 'fire an inject' : command.type}`);
      return trainerCommand(w, command, atMs, t);
    default:
      break;
  }
  if (isTrainer) return refuse('needs-role', 'the trainer acts for a role only by taking that role');
  if (paused) return refuse('paused', 'the exercise is paused: wait for the trainer to resume it');

  if (command.type === 'act') {
    const action = ex.actions.find((a) => a.id === command.action);
    if (!action) return refuse('unknown-action', `no action "${command.action}" in this exercise`);
    if (action.role !== actor.role) return refuse('not-your-role', `"${command.action}" belongs to the role "${action.role}"`);
    if (!action.phases.includes(phase))
      return refuse('wrong-phase', `"${command.action}" is not possible in the phase "${phase}"`);
    if (s.done[action.id]) return refuse('already-done', `"${command.action}" has already been taken`);
    const missing = missingPreconditions(ex, s, action, t);
    if (missing.length) return refuse('precondition', `"${command.action}": ${missing.join('; ')}`);
    s.done = { ...s.done, [action.id]: { role: actor.role, atMs: t } };
    w.effects(action.effects, t);
    w.score({ role: actor.role, code: `action:${action.id}`, points: action.points, text: action.reason });
    w.timeline(t, { kind: 'action', action: action.id, role: actor.role });
    return w.applied();
  }

  if (command.type === 'request') {
    const def = ex.requests.find((r) => r.id === command.request);
    if (!def) return refuse('unknown-request', `no request "${command.request}" in this exercise`);
    if (!def.from.includes(actor.role)) return refuse('not-your-role', `the role "${actor.role}" cannot send "${def.id}"`);
    if (!def.phases.includes(phase)) return refuse('wrong-phase', `"${def.id}" is not possible in the phase "${phase}"`);
    const table = tableOf(ex, def.item);
    const columns = table?.columns.map((c) => c.id) ?? [];
    const unknown = command.fields.filter((f) => !columns.includes(f));
    if (unknown.length)
      return refuse('unknown-field', `"${def.item}" has no column ${unknown.join(', ')} (it has ${columns.join(', ')})`);
    if (command.fields.length === 0) return refuse('no-fields', 'name the columns you need');
    const earlier = s.requests.filter((r) => r.def === def.id && r.from === actor.role);
    if (earlier.some((r) => r.answer === null)) return refuse('already-pending', `"${def.id}" is waiting for an answer already`);
    if (earlier.some((r) => r.answer?.decision === 'grant'))
      return refuse('already-granted', `"${def.id}" has been granted already`);
    const request: RequestState = {
      id: `r${s.requests.length + 1}`,
      def: def.id,
      from: actor.role,
      to: def.to,
      fields: [...new Set(command.fields)],
      ...(command.note !== undefined ? { note: command.note } : {}),
      atMs: t,
      answer: null,
    };
    s.requests = [...s.requests, request];
    const askKey = `ask:${def.id}:${actor.role}`;
    const extra = request.fields.filter((f) => !def.needed.includes(f));
    if (!s.scoredRequests.includes(askKey)) {
      s.scoredRequests = [...s.scoredRequests, askKey];
      if (extra.length) {
        w.score({
          role: actor.role,
          code: `ask-extra:${def.id}`,
          points: -def.perExtraField * extra.length,
          text: def.overshare,
        });
      }
    }
    w.events.push({ type: 'request', seq: w.nextSeq(), request, visibleTo: [actor.role, def.to] });
    return w.applied();
  }

  // command.type === 'answer'
  const index = s.requests.findIndex((r) => r.id === command.requestId);
  const request = s.requests[index];
  if (!request) return refuse('unknown-request', `no request "${command.requestId}"`);
  if (request.to !== actor.role)
    return refuse('not-addressed', `request "${command.requestId}" is not addressed to "${actor.role}"`);
  if (request.answer) return refuse('already-answered', `request "${command.requestId}" has been answered`);
  const def = ex.requests.find((r) => r.id === request.def);
  if (!def) return refuse('unknown-request', `no request "${request.def}" in this exercise`);
  if (!ex.legalBases.some((b) => b.id === command.basis)) {
    return refuse('unknown-basis', `no legal basis "${command.basis}" (known: ${ex.legalBases.map((b) => b.id).join(', ')})`);
  }
  const columns = tableOf(ex, def.item)?.columns.map((c) => c.id) ?? [];
  const fields = command.decision === 'grant' ? [...new Set(command.fields)] : [];
  const unknown = fields.filter((f) => !columns.includes(f));
  if (unknown.length)
    return refuse('unknown-field', `"${def.item}" has no column ${unknown.join(', ')} (it has ${columns.join(', ')})`);
  if (command.decision === 'grant' && fields.length === 0) return refuse('no-fields', 'name the columns you share');

  const answered: RequestState = { ...request, answer: { decision: command.decision, basis: command.basis, fields, atMs: t } };
  const requests = [...s.requests];
  requests[index] = answered;
  s.requests = requests;
  const answerKey = `answer:${def.id}`;
  if (!s.scoredRequests.includes(answerKey)) {
    s.scoredRequests = [...s.scoredRequests, answerKey];
    const fitting = (command.decision === 'grant' ? def.grantBases : def.refuseBases).includes(command.basis);
    const points = command.decision !== def.expected ? -def.points : fitting ? def.points : 0;
    w.score({ role: actor.role, code: `answer:${def.id}`, points, text: points > 0 ? def.right : def.wrong });
  }
  if (command.decision === 'grant') {
    const had = s.received[request.from]?.[def.item] ?? [];
    const extra = fields.filter((f) => !def.needed.includes(f) && !had.includes(f));
    if (extra.length) {
      w.score({ role: actor.role, code: `overshare:${def.id}`, points: -def.perExtraField * extra.length, text: def.overshare });
    }
    s.received = {
      ...s.received,
      [request.from]: { ...s.received[request.from], [def.item]: [...new Set([...had, ...fields])] },
    };
    w.effects(def.effects, t);
  }
  w.events.push({ type: 'answer', seq: w.nextSeq(), request: answered, visibleTo: [request.from, request.to] });
  return w.applied();
}

function trainerCommand(
  w: Work,
  command: Extract<ExerciseCommand, { type: 'inject' | 'pause' | 'resume' | 'end' | 'advance-phase' }>,
  atMs: number,
  t: number,
): Applied<ExerciseState> {
  const s = w.s;
  const paused = s.clock.runningSinceAtMs === null;
  switch (command.type) {
    case 'inject':
      if (!w.ex.injects.some((i) => i.id === command.inject))
        return refuse('unknown-inject', `no inject "${command.inject}" in this exercise`);
      if (s.injects[command.inject] !== undefined) return refuse('already-fired', `"${command.inject}" has fired already`);
      fireInject(w, command.inject, t, 'trainer');
      break;
    case 'pause':
      if (paused) return refuse('already-paused', 'the exercise is paused already');
      s.clock = { ...s.clock, elapsedMs: t, runningSinceAtMs: null };
      w.timeline(t, { kind: 'pause' });
      break;
    case 'resume':
      if (!paused) return refuse('not-paused', 'the exercise is running');
      s.clock = { ...s.clock, runningSinceAtMs: s.clock.lastAtMs };
      w.timeline(t, { kind: 'resume' });
      break;
    case 'end':
      endExercise(w, t);
      break;
    case 'advance-phase':
      if (s.phaseIndex + 1 >= w.ex.phases.length) return refuse('last-phase', 'this is the last phase: end the exercise instead');
      enterPhase(w, s.phaseIndex + 1, t);
      break;
  }
  // A phase entered now may already be due, or injects due in it fire at once.
  if (!s.finished) runClock(w, atMs);
  return w.applied();
}
