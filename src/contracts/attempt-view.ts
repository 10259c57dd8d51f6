// What the server answers about an assessment attempt (GET/PUT /api/v1/attempts/:id): while it
// runs, only how much the server holds; once it has ended, its grading of each step and the
// official result. One schema for both sides:
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
  /** `expired`: left open past the server's time limit; it counts as failed. */
  status: z.enum(['in-progress', 'finished', 'expired']),
  /**
   * Every graded step with its feedback, in the order graded: empty while the attempt is in
   * progress (an assessment gives no feedback until it ends).
   */
  steps: z.array(gradedStepSchema).readonly(),
  /** Null until the attempt ends (finished, or expired and failed). */
  official: officialResultSchema.nullable(),
});
export type AttemptView = Readonly<z.infer<typeof attemptViewSchema>>;

/**
 * GET /api/v1/courses/:id/assessment-allowance: how many assessments of the course the signed-in
 * learner may still start in the policy's rolling period, and what taking one asks of them.
 */
export const assessmentAllowanceSchema = z.object({
  courseId: z.string(),
  /** Starts allowed per `periodDays` days; every start counts, finished or not. */
  max: z.number(),
  periodDays: z.number(),
  used: z.number(),
  remaining: z.number(),
  /** When the next start is allowed again, ISO 8601; null while starts remain. */
  nextStartAt: z.string().nullable(),
  /** An attempt left open longer than this counts as failed (`expired`). */
  maxAttemptMinutes: z.number(),
  /** The course has timed steps: they are timed on the server's clock and need the network. */
  timedSteps: z.boolean(),
});
export type AssessmentAllowance = Readonly<z.infer<typeof assessmentAllowanceSchema>>;

/**
 * POST /api/v1/courses/:id/attempt-ticket: the id of the signed-in learner's next assessment attempt
 * of the course, issued by the server. Asking again answers the same ticket until an attempt
 * starts with it, so the draw it seeds (src/engine/draw.ts) cannot be asked for again.
 */
export const attemptTicketSchema = z.object({
  /** The lowercase UUID the attempt's start action must carry. */
  attemptId: z.string(),
  courseId: z.string(),
  /** The version of the course the server grades now. */
  version: z.string(),
  /** When the server issued it, ISO 8601. */
  issuedAt: z.string(),
  /** The course has steps drawn per attempt: its assessments start only with the ticket's id. */
  required: z.boolean(),
});
export type AttemptTicket = Readonly<z.infer<typeof attemptTicketSchema>>;
