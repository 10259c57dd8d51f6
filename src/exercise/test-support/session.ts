// A live session for tests: applies commands and clock ticks as the room does, and keeps the log
// the room would persist, so a test can replay it and compare hashes.
import { resolve } from 'node:path';
import { loadExerciseCourses } from '../node/load-exercises.ts';
import { createExerciseRules, type ExerciseRulesOf } from '../exercise-rules.ts';
import type { ExerciseLogEntry } from '../replay.ts';
import type { Applied } from '../rules.ts';
import type { Exercise } from '../schema.ts';
import type { ExerciseState } from '../state.ts';

export const T0 = Date.UTC(2026, 9, 1, 1, 0, 0);
/** Wall time at a minute (and second) after the start. */
export const at = (minutes: number, seconds = 0): number => T0 + minutes * 60_000 + seconds * 1000;

export function loadContentExercise(id = 'resident-data-leak'): Exercise {
  const report = loadExerciseCourses(resolve(import.meta.dirname, '../../../courses'));
  if (report.failures.length) throw new Error(JSON.stringify(report.failures));
  const found = report.courses.flatMap((c) => c.exercises).find((e) => e.id === id);
  if (!found) throw new Error(`no exercise ${id}`);
  return found.exercise;
}

export class TestSession {
  readonly rules: ExerciseRulesOf;
  state: ExerciseState;
  readonly log: ExerciseLogEntry[] = [];
  constructor(
    readonly exercise: Exercise,
    readonly seed = 'seed-1',
  ) {
    this.rules = createExerciseRules(exercise);
    this.state = this.rules.initialState(seed, T0);
  }
  /** Sends a raw command as `role` (or 'trainer'); the state moves on only if it is accepted. */
  send(role: string, raw: unknown, atMs: number): Applied<ExerciseState> {
    const parsed = this.rules.parseCommand(raw);
    const result = parsed.ok ? this.rules.apply(this.state, parsed.command, { userId: `u-${role}`, role }, atMs) : parsed;
    this.log.push({
      seq: this.log.length + 1,
      atMs,
      actor: { userId: `u-${role}`, role },
      command: raw,
      accepted: result.ok,
      ...(result.ok ? {} : { code: result.code, reason: result.reason }),
    });
    if (result.ok) this.state = result.state;
    return result;
  }
  /** Like send, but fails the test when the command is refused. */
  ok(role: string, raw: unknown, atMs: number): readonly unknown[] {
    const result = this.send(role, raw, atMs);
    if (!result.ok) throw new Error(`${role} ${JSON.stringify(raw)} refused: ${result.code} ${result.reason}`);
    return result.events;
  }
  tick(atMs: number): Applied<ExerciseState> {
    const result = this.rules.advanceClock(this.state, atMs);
    this.log.push({ seq: this.log.length + 1, atMs, clock: true });
    if (result.ok) this.state = result.state;
    return result;
  }
  value(varId: string): number {
    return this.rules.outcome(this.state).variables[varId] ?? NaN;
  }
  /** The id of the latest request sent under a request definition. */
  requestId(def: string): string {
    const found = [...this.state.requests].reverse().find((r) => r.def === def);
    if (!found) throw new Error(`no request ${def}`);
    return found.id;
  }
}
