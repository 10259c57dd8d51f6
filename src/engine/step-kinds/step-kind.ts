// The contract each step kind implements, in one folder per kind (src/engine/step-kinds/<kind>/):
// what the learner is shown of a step (its public view), the response the learner builds (its
// empty form, what is valid, when it may be submitted, the shape the server parses), how it is
// graded, how an answer is reported in xAPI, and the answers the e2e build and the demo give.
// Grading is pure and deterministic. The kind's format (its part of the course schema, the
// validator's checks and its maximum score) is in src/course/steps/<kind>.ts, a floor below,
// where the course loader and the training policy read it.
import type { z } from 'zod';
import type { Localized, Scene, Step } from '../../course/schema.ts';
import type { StepResponse, StepResult } from '../responses.ts';

/** An option as the learner sees it: no points, no feedback. */
export interface PublicOption {
  readonly id: string;
  readonly text: Localized;
}

/** What every step shows, whatever its kind. */
export interface PublicStepBase {
  readonly id: string;
  readonly title: Localized;
  readonly prompt: Localized;
  readonly station?: string | undefined;
  readonly dimension?: string | undefined;
}

/**
 * How an answered step is described in xAPI (the activity's interactionType and component lists).
 * Component lists describe what could be answered; correct responses are never sent (they are keys).
 */
export type StepInteraction =
  | {
      readonly interactionType: 'choice' | 'sequencing';
      readonly choices: readonly { readonly id: string; readonly text: Localized }[];
    }
  | {
      readonly interactionType: 'matching';
      readonly source: readonly { readonly id: string; readonly text: Localized }[];
      readonly target: readonly { readonly id: string; readonly text: Localized }[];
    }
  | { readonly interactionType: 'other' };

/** The seeded random source the demo's synthetic learners draw from (server/demo/random.ts). */
export interface DemoRandom {
  /** Uniform in [0, 1). */
  next(): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  normal(mean: number, sd: number): number;
}

export interface DemoAnswer<R extends StepResponse> {
  readonly response: R;
  /** Real milliseconds the learner spent on the step before submitting. */
  readonly thinkMs: number;
}

/**
 * One step kind. S is the step as the course file writes it (answer keys included); P is the step
 * as the learner is shown it, which S always satisfies, so a practice attempt plays the full course
 * and an assessment the public view through the same functions; R is the learner's response.
 */
export interface StepKind<S extends Step, P, R extends StepResponse> {
  /** The response's shape, as the server parses an actions batch before the engine sees it. */
  readonly responseSchema: z.ZodType<R> & z.core.$ZodTypeDiscriminable;
  /** The step without answer keys, points or feedback; option lists in the order shown. */
  readonly publicStep: (step: S, base: PublicStepBase, scene: Scene) => P;
  /** The step as an open-book (practice) attempt presents it, where that differs from the file. */
  readonly presented?: (step: S) => S;
  readonly empty: (step: P) => R;
  /** null when valid, else why not (unknown ids, wrong shape). */
  readonly check: (step: P, response: R) => string | null;
  /** Whether the learner may submit this response now. */
  readonly complete: (step: P, response: R) => boolean;
  readonly grade: (step: S, response: R) => StepResult;
  readonly interaction: (step: P) => StepInteraction;
  /** Some complete response built from what the learner sees (the e2e build's "skip this step"). */
  readonly sampleAnswer: (step: P, draft: R) => R;
  /** A synthetic learner's answer: the best decision with probability `skill`, else a plausible mistake. */
  readonly demoAnswer: (step: S, skill: number, random: DemoRandom) => DemoAnswer<R>;
}

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
export const round2 = (value: number) => Math.round(value * 100) / 100;

/** A grade that adds up its lines' points, kept between 0 and the step's maximum. */
export function summedGrade<L extends { readonly points: number }>(lines: L[], max: number) {
  return {
    score: clamp(
      lines.reduce((sum, line) => sum + line.points, 0),
      0,
      max,
    ),
    max,
    lines,
  };
}

export function unknownIds(ids: Iterable<string>, known: Iterable<string>, what: string): string | null {
  const set = new Set(known);
  for (const id of ids) if (!set.has(id)) return `unknown ${what} "${id}"`;
  return null;
}

export const publicOption = (o: { readonly id: string; readonly text: Localized }): PublicOption => ({ id: o.id, text: o.text });

/** The items other than `not` (a demo learner's plausible mistakes). */
export function others<T>(items: readonly T[], not: T): T[] {
  return items.filter((item) => item !== not);
}

/** Seconds of thought, more for a less skilled learner, as demo milliseconds. */
export function thinkMs(seconds: number, skill: number, random: DemoRandom): number {
  return Math.round((seconds + random.next() * seconds * (1.5 - skill)) * 1000);
}
