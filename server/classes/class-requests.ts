// Reading the classes API's request bodies: the trainer's new class, a join code and a member's
// progress report, each checked field by field with a 400 that names the field and the fix.
import type { Localized } from '../../src/course/schema.ts';
import { normalizeClassCode } from '../../src/contracts/class-code.ts';
import type { ClassProgressReport } from '../../src/contracts/class-types.ts';
import { bodyObject, optionalText, requiredText } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
const ATTEMPT_ID = /^[A-Za-z0-9-]{1,80}$/;
const TITLE_MAX = 300;

export interface NewClass {
  readonly title: string;
  readonly courseId: string | null;
}

export function parseNewClass(body: unknown): NewClass {
  const fields = bodyObject(body, ['title', 'courseId']);
  const title = requiredText(fields, 'title', { max: 120 }).trim();
  const courseId = optionalText(fields, 'courseId', { max: 80 });
  if (courseId !== null && !ID.test(courseId))
    throw new RequestError(
      400,
      `courseId "${courseId}" is not a course id: use the id from GET /api/v1/courses, or leave it out.`,
    );
  return { title, courseId };
}

export function parseJoin(body: unknown): { typed: string; code: string | undefined } {
  const fields = bodyObject(body, ['code']);
  const typed = requiredText(fields, 'code', { max: 40 });
  return { typed, code: normalizeClassCode(typed) };
}

function object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RequestError(400, `${path} must be a JSON object with ${allowed.join(', ')}.`);
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0)
    throw new RequestError(400, `${path} has unknown field(s) ${unknown.join(', ')}; it takes ${allowed.join(', ')}.`);
  return value as Record<string, unknown>;
}

function localized(value: unknown, path: string): Localized {
  const fields = object(value, path, ['zh-CN', 'en']);
  for (const locale of ['zh-CN', 'en'] as const) {
    const text = fields[locale];
    if (typeof text !== 'string' || text === '' || [...text].length > TITLE_MAX)
      throw new RequestError(400, `${path}.${locale} must be text of 1 to ${TITLE_MAX} characters.`);
  }
  return { 'zh-CN': fields['zh-CN'] as string, en: fields.en as string };
}

function nullable<T>(value: unknown, read: (value: unknown) => T): T | null {
  return value === null || value === undefined ? null : read(value);
}

function id(value: unknown, path: string): string {
  if (typeof value !== 'string' || !ID.test(value))
    throw new RequestError(400, `${path} must be an id of lower-case letters, digits and hyphens.`);
  return value;
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100_000)
    throw new RequestError(400, `${path} must be a whole number from 0 to 100000.`);
  return value;
}

function points(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1_000_000)
    throw new RequestError(400, `${path} must be a number from 0 to 1000000.`);
  return value;
}

const PROGRESS_FIELDS = [
  'courseId',
  'courseTitle',
  'mode',
  'attemptId',
  'sceneId',
  'sceneTitle',
  'stepId',
  'stepTitle',
  'stepsDone',
  'stepCount',
  'finished',
  'score',
  'max',
];

export function parseProgressReport(value: unknown): ClassProgressReport {
  const p = object(value, 'progress', PROGRESS_FIELDS);
  if (p.mode !== 'practice' && p.mode !== 'assessment')
    throw new RequestError(400, 'progress.mode must be "practice" or "assessment".');
  if (typeof p.attemptId !== 'string' || !ATTEMPT_ID.test(p.attemptId))
    throw new RequestError(400, "progress.attemptId must be the attempt's id (letters, digits and hyphens).");
  if (typeof p.finished !== 'boolean') throw new RequestError(400, 'progress.finished must be true or false.');
  const stepsDone = count(p.stepsDone, 'progress.stepsDone');
  const stepCount = count(p.stepCount, 'progress.stepCount');
  if (stepsDone > stepCount)
    throw new RequestError(400, `progress.stepsDone (${stepsDone}) cannot exceed progress.stepCount (${stepCount}).`);
  return {
    courseId: id(p.courseId, 'progress.courseId'),
    courseTitle: localized(p.courseTitle, 'progress.courseTitle'),
    mode: p.mode,
    attemptId: p.attemptId,
    sceneId: nullable(p.sceneId, (v) => id(v, 'progress.sceneId')),
    sceneTitle: nullable(p.sceneTitle, (v) => localized(v, 'progress.sceneTitle')),
    stepId: nullable(p.stepId, (v) => id(v, 'progress.stepId')),
    stepTitle: nullable(p.stepTitle, (v) => localized(v, 'progress.stepTitle')),
    stepsDone,
    stepCount,
    finished: p.finished,
    score: nullable(p.score, (v) => points(v, 'progress.score')),
    max: nullable(p.max, (v) => points(v, 'progress.max')),
  };
}

/** The heartbeat body: `{}` (still here), `{ progress }` (here, and this is where), or `{ gone: true }` (page closing). */
export function parseHeartbeat(body: unknown): { progress: ClassProgressReport | null; gone: boolean } {
  const fields = bodyObject(body ?? {}, ['progress', 'gone']);
  if (fields.gone !== undefined && typeof fields.gone !== 'boolean') throw new RequestError(400, 'gone must be true or false.');
  return { progress: nullable(fields.progress, parseProgressReport), gone: fields.gone === true };
}
