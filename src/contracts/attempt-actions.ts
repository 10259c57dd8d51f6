// What a browser sends to PUT /api/v1/attempts/:attemptId/actions: a run of the engine's attempt
// actions, from an index in the attempt's log. The server checks it with this schema before
// anything reaches the engine; the outbox (src/client/sync-flush.ts) builds it with this type.
// Each step kind gives its response's shape (src/engine/step-kinds/<kind>/).
import { z } from 'zod';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { stepResponseSchema } from '../engine/step-kinds/index.ts';

const ref = z.string().min(1).max(200);
/** The first instant of the year 10000 (UTC), which an xAPI timestamp cannot write. */
const YEAR_10000 = Date.UTC(10000, 0, 1);
/** Milliseconds since the epoch; bounded so that `new Date(at)` is a valid xAPI timestamp. */
const instant = z
  .number()
  .min(0)
  .lt(YEAR_10000, { message: `must be a time before the year 10000 (UTC), in milliseconds since 1970: below ${YEAR_10000}` });

export const attemptActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('start'),
    at: instant,
    attemptId: z.string(),
    courseId: ref,
    courseVersion: ref,
    mode: z.enum(['practice', 'assessment']),
  }),
  z.strictObject({ kind: z.literal('respond'), at: instant, response: stepResponseSchema }),
  z.strictObject({ kind: z.literal('submit'), at: instant }),
  z.strictObject({ kind: z.literal('advance'), at: instant }),
]);

export const putActionsRequestSchema = z.strictObject({
  courseId: ref,
  courseVersion: ref,
  /** Index in the attempt's log of the first action in `actions`. */
  from: z.number().int().min(0),
  actions: z.array(attemptActionSchema).min(1),
});

/**
 * The request with the engine's own action type: the server checks, at compile time, that what
 * the schema parses is one (server/grading/attempt-request.ts).
 */
export interface PutActionsRequest {
  readonly courseId: string;
  readonly courseVersion: string;
  readonly from: number;
  readonly actions: readonly AttemptAction[];
}
