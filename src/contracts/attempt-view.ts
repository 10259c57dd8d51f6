// What the server answers about an assessment attempt (GET/PUT /api/v1/attempts/:id): its
// grading of each submitted step and, at the end, the official result. One schema for both sides:
// the grader builds it (server/grading/attempt-view.ts), the browser checks, keeps and shows it.
import { z } from 'zod';
import { localizedSchema } from '../course/schema.ts';
import type { StepResult } from '../engine/responses.ts';

/** One graded part of a response, as src/engine/responses.ts' FeedbackLine. */
export const feedbackLineSchema = z.object({
  ref: z.string(),
  points: z.number(),
  verdict: z.enum(['full', 'partial', 'wrong', 'missed', 'info']),
  text: localizedSchema,
});

/** The engine's StepResult on the wire; the engine keeps the type, this checks it. */
export const stepResultSchema: z.ZodType<StepResult> = z.object({
  score: z.number(),
  max: z.number(),
  lines: z.array(feedbackLineSchema).readonly(),
});

export const gradedStepSchema = z.object({
  sceneId: z.string(),
  stepId: z.string(),
  result: stepResultSchema,
});
export type GradedStep = Readonly<z.infer<typeof gradedStepSchema>>;

export const officialResultSchema = z.object({
  score: z.number(),
  max: z.number(),
  scaled: z.number(),
  passed: z.boolean(),
  scenes: z.array(z.object({ sceneId: z.string(), score: z.number(), max: z.number() })).readonly(),
  dimensions: z.array(z.object({ dimensionId: z.string(), score: z.number(), max: z.number() })).readonly(),
  /** When the server accepted the finishing action, ISO 8601. */
  finishedAt: z.string(),
});
export type OfficialResult = Readonly<z.infer<typeof officialResultSchema>>;

export const attemptViewSchema = z.object({
  attemptId: z.string(),
  courseId: z.string(),
  courseVersion: z.string(),
  mode: z.literal('assessment'),
  username: z.string(),
  /** How many actions the server holds: the `from` of the client's next batch. */
  received: z.number(),
  status: z.enum(['in-progress', 'finished']),
  /** Every graded step with its feedback, in the order graded. */
  steps: z.array(gradedStepSchema).readonly(),
  /** Null until the attempt finishes. */
  official: officialResultSchema.nullable(),
});
export type AttemptView = Readonly<z.infer<typeof attemptViewSchema>>;
