// The contract each step type implements: its empty response, what a valid response is, when it
// can be submitted and how it is graded. Grading is pure and deterministic.
import type { Step } from '../../course/schema.ts';
import type { StepResponse, StepResult } from '../responses.ts';

export interface StepKind<S extends Step, R extends StepResponse> {
  readonly empty: (step: S) => R;
  /** null when valid, else why not (unknown ids, wrong shape). */
  readonly check: (step: S, response: R) => string | null;
  /** Whether the learner may submit this response now. */
  readonly complete: (step: S, response: R) => boolean;
  readonly grade: (step: S, response: R) => StepResult;
}

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
export const round2 = (value: number) => Math.round(value * 100) / 100;

export function unknownIds(ids: Iterable<string>, known: Iterable<string>, what: string): string | null {
  const set = new Set(known);
  for (const id of ids) if (!set.has(id)) return `unknown ${what} "${id}"`;
  return null;
}
