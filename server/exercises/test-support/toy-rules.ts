// Test helper: a small exercise's rules for the room tests. Two roles, each with a private string
// only it may see; a request from one role that the other answers; a trainer inject; an inject on
// the clock five seconds in; a counter any role may bump (for floods and kills).
import { createHash } from 'node:crypto';
import type { Applied, ExerciseActor, ExerciseOutcome, ExerciseRules } from '../rules-port.ts';

export const TOY_EXERCISE_ID = 'toy-exercise';
export const CLOCK_INJECT_AFTER_MS = 5000;

/** The private string of a role in a session with this seed: never in another role's view. */
export const privateOf = (role: 'alpha' | 'beta', seed: string): string => `${role.toUpperCase()}-PRIVATE-${seed.slice(0, 8)}`;

interface ToyRequest {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly status: 'open' | 'granted' | 'refused';
}

export interface ToyState {
  readonly startedAtMs: number;
  readonly privates: Readonly<Record<string, string>>;
  readonly board: readonly string[];
  readonly requests: readonly ToyRequest[];
  readonly injects: readonly string[];
  readonly counter: number;
}

export type ToyCommand =
  | { readonly kind: 'post'; readonly text: string }
  | { readonly kind: 'request'; readonly to: string }
  | { readonly kind: 'answer'; readonly id: number; readonly grant: boolean }
  | { readonly kind: 'inject'; readonly name: string }
  | { readonly kind: 'count' };

const ROLES = ['alpha', 'beta'] as const;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const refuse = (code: string, reason: string): Applied<ToyState> => ({ ok: false, code, reason });
const accept = (state: ToyState, events: readonly unknown[] = []): Applied<ToyState> => ({ ok: true, state, events });

export const toyRules: ExerciseRules<ToyState, ToyCommand> = {
  id: TOY_EXERCISE_ID,
  roleIds: ROLES,
  initialState(seed, startedAtMs) {
    return {
      startedAtMs,
      privates: { alpha: privateOf('alpha', seed), beta: privateOf('beta', seed) },
      board: [],
      requests: [],
      injects: [],
      counter: 0,
    };
  },
  parseCommand(raw) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return { ok: false, code: 'not-an-object', reason: 'A command is a JSON object with a kind.' };
    const record = raw as Record<string, unknown>;
    switch (record.kind) {
      case 'post':
        return typeof record.text === 'string' && record.text.length > 0 && record.text.length <= 200
          ? { ok: true, command: { kind: 'post', text: record.text } }
          : { ok: false, code: 'bad-text', reason: 'post needs text of 1 to 200 characters.' };
      case 'request':
        return typeof record.to === 'string'
          ? { ok: true, command: { kind: 'request', to: record.to } }
          : { ok: false, code: 'bad-request', reason: 'request needs to: a role.' };
      case 'answer':
        return typeof record.id === 'number' && typeof record.grant === 'boolean'
          ? { ok: true, command: { kind: 'answer', id: record.id, grant: record.grant } }
          : { ok: false, code: 'bad-answer', reason: 'answer needs id and grant.' };
      case 'inject':
        return typeof record.name === 'string' && record.name.length <= 40
          ? { ok: true, command: { kind: 'inject', name: record.name } }
          : { ok: false, code: 'bad-inject', reason: 'inject needs a name.' };
      case 'count':
        return { ok: true, command: { kind: 'count' } };
      default:
        return { ok: false, code: 'unknown-command', reason: `Unknown command kind ${JSON.stringify(record.kind)}.` };
    }
  },
  apply(state, command, actor: ExerciseActor) {
    switch (command.kind) {
      case 'post':
        return accept({ ...state, board: [...state.board, `${actor.role}: ${command.text}`] });
      case 'count':
        return accept({ ...state, counter: state.counter + 1 });
      case 'request': {
        if (!ROLES.includes(actor.role as 'alpha')) return refuse('not-a-role', 'Only a role asks another role.');
        if (!ROLES.includes(command.to as 'alpha') || command.to === actor.role)
          return refuse('bad-target', 'Ask the other role.');
        const request: ToyRequest = { id: state.requests.length, from: actor.role, to: command.to, status: 'open' };
        return accept({ ...state, requests: [...state.requests, request] });
      }
      case 'answer': {
        const request = state.requests[command.id];
        if (request === undefined) return refuse('no-such-request', 'There is no such request.');
        if (request.to !== actor.role) return refuse('not-yours', `Only ${request.to} answers this request.`);
        if (request.status !== 'open') return refuse('answered', 'This request is already answered.');
        const requests = state.requests.map((r) =>
          r.id === command.id ? { ...r, status: command.grant ? ('granted' as const) : ('refused' as const) } : r,
        );
        return accept({ ...state, requests });
      }
      case 'inject':
        if (actor.role !== 'trainer') return refuse('trainer-only', 'Only the trainer fires injects.');
        return accept({ ...state, injects: [...state.injects, command.name] });
    }
  },
  advanceClock(state, atMs) {
    if (atMs - state.startedAtMs < CLOCK_INJECT_AFTER_MS || state.injects.includes('clock')) return accept(state);
    return accept({ ...state, injects: [...state.injects, 'clock'] }, ['clock']);
  },
  viewFor(state, viewer) {
    if (viewer === 'trainer') return state;
    return {
      role: viewer,
      mine: state.privates[viewer] ?? null,
      board: state.board,
      requests: state.requests.filter((r) => r.from === viewer || r.to === viewer),
      /** What a granted request gives the asker: a summary, never the other role's private string. */
      received: state.requests
        .filter((r) => r.from === viewer && r.status === 'granted')
        .map((r) => `minimum fields from ${r.to}`),
      injects: state.injects,
      counter: state.counter,
    };
  },
  stateHash(state) {
    return createHash('sha256').update(canonical(state)).digest('hex');
  },
  outcome(state): ExerciseOutcome {
    const granted = state.requests.filter((r) => r.status === 'granted').length;
    return {
      finished: false,
      team: { score: granted, max: 2, reasons: [] },
      roles: {},
      variables: { posts: state.board.length },
    };
  },
};
