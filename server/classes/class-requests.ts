// Reading the classes API's request bodies with their schemas (src/contracts/class-types.ts): the
// trainer's new class, a join code and a member's heartbeat, each a 400 that names the field and the fix.
import { normalizeClassCode } from '../../src/contracts/class-code.ts';
import {
  heartbeatRequestSchema,
  joinClassRequestSchema,
  newClassRequestSchema,
  type ClassProgressReport,
} from '../../src/contracts/class-types.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

export interface NewClass {
  readonly title: string;
  readonly courseId: string | null;
}

export function parseNewClass(body: unknown): NewClass {
  const fields = parseBody(newClassRequestSchema, body);
  const title = fields.title.trim();
  const courseId = fields.courseId === '' ? null : (fields.courseId ?? null);
  if (courseId !== null && !ID.test(courseId))
    throw new RequestError(
      400,
      `courseId "${courseId}" is not a course id: use the id from GET /api/v1/courses, or leave it out.`,
    );
  return { title, courseId };
}

export function parseJoin(body: unknown): { typed: string; code: string | undefined } {
  const { code: typed } = parseBody(joinClassRequestSchema, body);
  return { typed, code: normalizeClassCode(typed) };
}

/** The heartbeat body: `{}` (still here), `{ progress }` (here, and this is where), or `{ gone: true }` (page closing). */
export function parseHeartbeat(body: unknown): { progress: ClassProgressReport | null; gone: boolean } {
  const fields = parseBody(heartbeatRequestSchema, body ?? {});
  return { progress: fields.progress ?? null, gone: fields.gone === true };
}
