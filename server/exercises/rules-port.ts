// The contract between the exercise engine and the live room: one exercise's rules, pure and
// deterministic. The room, the replay and the tests call only this; the engine implements it.
/** Who sent a command: a role id of the exercise, or 'trainer' (the trainer may also act for an empty role). */
export interface ExerciseActor {
  readonly userId: string;
  readonly role: string;
}
export interface ExerciseReason {
  readonly code: string;
  readonly text: { readonly 'zh-CN': string; readonly en: string };
}
export type Applied<S> =
  | { readonly ok: true; readonly state: S; readonly events: readonly unknown[] }
  | { readonly ok: false; readonly code: string; readonly reason: string };
export interface RoleScore {
  readonly score: number;
  readonly max: number;
  readonly reasons: readonly ExerciseReason[];
}
export interface ExerciseOutcome {
  readonly finished: boolean;
  readonly team: RoleScore;
  readonly roles: Readonly<Record<string, RoleScore>>;
  /** Outcome variables by id (e.g. leaked copies, wrongly refused households). */
  readonly variables: Readonly<Record<string, number>>;
}
/** One exercise's rules: pure, deterministic, JSON-serialisable state, no clock or randomness of its own. */
export interface ExerciseRules<S = unknown, C = unknown> {
  readonly id: string;
  readonly roleIds: readonly string[];
  initialState(seed: string, startedAtMs: number): S;
  /** Shape check of an untrusted command (size, kind, fields): refuse with a code and an English reason. */
  parseCommand(
    raw: unknown,
  ): { readonly ok: true; readonly command: C } | { readonly ok: false; readonly code: string; readonly reason: string };
  /** Role, phase and precondition rules; trainer commands (fire inject, pause, resume, end, message) too. */
  apply(state: S, command: C, actor: ExerciseActor, atMs: number): Applied<S>;
  /** The exercise clock: fires injects and phase deadlines that are due at atMs (no-op when paused). */
  advanceClock(state: S, atMs: number): Applied<S>;
  /** Exactly what that viewer may see: a role never sees another role's private information. 'trainer' sees all. */
  viewFor(state: S, viewer: string): unknown;
  /** A hash of the canonical state: replaying a log yields the same hash as the live room. */
  stateHash(state: S): string;
  outcome(state: S): ExerciseOutcome;
}
