// The body of PUT /api/v1/attempts/:attemptId/actions, checked with the contract's schema
// (src/contracts/attempt-actions.ts) before anything reaches the engine: a malformed action is a
// 400 that names the field, while an action that is well formed but does not fit the attempt is
// the engine's 422.
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { putActionsRequestSchema, type PutActionsRequest } from '../../src/contracts/attempt-actions.ts';
import { RequestError } from '../http/request-error.ts';

/** Lowercase, as `crypto.randomUUID()` makes them; statement ids and registrations derive from it. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path)
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? String(segment) : `.${String(segment)}`;
  return out === '' ? '(body)' : out;
}

/** The body, or a 400 that lists the first few problems by path, e.g. `actions[3].response.selected`. */
export function parsePutActionsBody(body: unknown): PutActionsRequest {
  const parsed = putActionsRequestSchema.safeParse(body);
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
