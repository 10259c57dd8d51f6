// The shape of what a browser sends to PUT /api/v1/attempts/:attemptId/actions, checked with zod
// before anything reaches the engine: a malformed action is a 400 that names the field, while an
// action that is well formed but does not fit the attempt is the engine's 422. Each step kind
// gives its response's shape (src/engine/step-kinds/<kind>/).
import { z } from 'zod';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { stepResponseSchema } from '../../src/engine/step-kinds/index.ts';
import { RequestError } from '../http/request-error.ts';

/** Lowercase, as `crypto.randomUUID()` makes them; statement ids and registrations derive from it. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ref = z.string().min(1).max(200);
/** Milliseconds since the epoch; bounded so that `new Date(at)` is a valid xAPI timestamp. */
const instant = z.number().min(0).max(8.64e15);

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

export const putActionsBodySchema = z.strictObject({
  courseId: ref,
  courseVersion: ref,
  /** Index in the attempt's log of the first action in `actions`. */
  from: z.number().int().min(0),
  actions: z.array(attemptActionSchema).min(1),
});

export interface PutActionsBody {
  readonly courseId: string;
  readonly courseVersion: string;
  readonly from: number;
  readonly actions: readonly AttemptAction[];
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path)
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? String(segment) : `.${String(segment)}`;
  return out === '' ? '(body)' : out;
}

/** The body, or a 400 that lists the first few problems by path, e.g. `actions[3].response.selected`. */
export function parsePutActionsBody(body: unknown): PutActionsBody {
  const parsed = putActionsBodySchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const shown = issues.slice(0, 5).map((issue) => `${pathText(issue.path)}: ${issue.message}`);
    const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
    throw new RequestError(
      400,
      `The actions are not well formed: ${shown.join('; ')}${more}. Send { courseId, courseVersion, from, actions } with actions as the engine records them.`,
    );
  }
  // Assigning the parsed value to the engine's types checks, at compile time, that the schema matches them.
  const actions: readonly AttemptAction[] = parsed.data.actions;
  return { ...parsed.data, actions };
}

export function requireAttemptId(value: string): string {
  if (!UUID.test(value))
    throw new RequestError(400, `"${value}" is not an attempt id: use the lowercase UUID from the attempt's start action.`);
  return value;
}
