// The JSON of the classes API (server/classes/), one set of schemas for both sides: the learner's
// app reports progress with ClassProgressReport (the server parses it with the same schema), the
// trainer's page reads ClassSnapshot, from GET and from each `snapshot` event of the live stream.
import { z } from 'zod';
import { requiredText } from './request-text.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
const ATTEMPT_ID = /^[A-Za-z0-9-]{1,80}$/;
const TITLE_MAX = 300;

/** An object with exactly `fields`, its reasons naming `path` (`progress.courseTitle has unknown field(s) …`). */
function fieldsOf<S extends z.core.$ZodLooseShape>(path: string, shape: S) {
  const fields = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${path} has unknown field(s) ${issue.keys.join(', ')}; it takes ${fields}.`
        : `${path} must be a JSON object with ${fields}.`,
  });
}

function localizedTitle(path: string) {
  const text = (locale: string) =>
    z
      .string({ error: `${path}.${locale} must be text of 1 to ${TITLE_MAX} characters.` })
      .refine((value) => value !== '' && [...value].length <= TITLE_MAX, {
        error: `${path}.${locale} must be text of 1 to ${TITLE_MAX} characters.`,
      });
  return fieldsOf(path, { 'zh-CN': text('zh-CN'), en: text('en') });
}

const id = (path: string) =>
  z.string({ error: `${path} must be an id of lower-case letters, digits and hyphens.` }).regex(ID, {
    error: `${path} must be an id of lower-case letters, digits and hyphens.`,
  });
const count = (path: string) =>
  z
    .number({ error: `${path} must be a whole number from 0 to 100000.` })
    .int()
    .min(0)
    .max(100_000, {
      error: `${path} must be a whole number from 0 to 100000.`,
    });
const points = (path: string) =>
  z
    .number({ error: `${path} must be a number from 0 to 1000000.` })
    .min(0)
    .max(1_000_000, {
      error: `${path} must be a number from 0 to 1000000.`,
    });
/** Absent or null both read as null. */
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

/** What a member's app sends with a heartbeat: where the learner is and, in practice, their score. */
export const classProgressReportSchema = fieldsOf('progress', {
  courseId: id('progress.courseId'),
  courseTitle: localizedTitle('progress.courseTitle'),
  mode: z.enum(['practice', 'assessment'], { error: 'progress.mode must be "practice" or "assessment".' }),
  /** The attempt being played; in an assessment the server reads its graded score from it. */
  attemptId: z
    .string({ error: "progress.attemptId must be the attempt's id (letters, digits and hyphens)." })
    .regex(ATTEMPT_ID, { error: "progress.attemptId must be the attempt's id (letters, digits and hyphens)." }),
  /** Null once the attempt has finished. */
  sceneId: nullable(id('progress.sceneId')),
  sceneTitle: nullable(localizedTitle('progress.sceneTitle')),
  stepId: nullable(id('progress.stepId')),
  stepTitle: nullable(localizedTitle('progress.stepTitle')),
  /** Steps submitted so far, of stepCount in the course. */
  stepsDone: count('progress.stepsDone'),
  stepCount: count('progress.stepCount'),
  finished: z.boolean({ error: 'progress.finished must be true or false.' }),
  /** Practice only: the browser's own score so far and the course's maximum. Ignored in an assessment. */
  score: nullable(points('progress.score')),
  max: nullable(points('progress.max')),
}).check((context) => {
  const { stepsDone, stepCount } = context.value;
  if (stepsDone > stepCount)
    context.issues.push({
      code: 'custom',
      input: context.value,
      message: `progress.stepsDone (${stepsDone}) cannot exceed progress.stepCount (${stepCount}).`,
    });
});
export type ClassProgressReport = Readonly<z.output<typeof classProgressReportSchema>>;

/** POST /api/v1/classes/:id/progress: `{}` (still here), `{ progress }` (here, and this is where), or `{ gone: true }` (page closing). */
export const heartbeatRequestSchema = z.strictObject({
  progress: classProgressReportSchema.nullish(),
  gone: z.boolean({ error: 'gone must be true or false.' }).optional(),
});
export type HeartbeatRequest = z.input<typeof heartbeatRequestSchema>;

/** POST /api/v1/classes: a trainer's new class. */
export const newClassRequestSchema = z.strictObject({
  title: requiredText('title', 120),
  /** An id from GET /api/v1/courses, or null/absent for any course. */
  courseId: z.string().nullish(),
});
export type NewClassRequest = z.input<typeof newClassRequestSchema>;

/** POST /api/v1/classes/join: the code as typed (the server reads it with src/contracts/class-code.ts). */
export const joinClassRequestSchema = z.strictObject({ code: requiredText('code', 40) });
export type JoinClassRequest = z.input<typeof joinClassRequestSchema>;

/** Where a score shown to the trainer comes from: the learner's browser (practice), the server's grading, or nowhere yet. */
export const scoreSourceSchema = z.enum(['browser', 'server', 'none']);
export type ScoreSource = z.infer<typeof scoreSourceSchema>;

/** Progress as the server keeps it: in an assessment the score is the server's graded one, never the browser's. */
export const classProgressSchema = z.object({
  courseId: z.string(),
  courseTitle: z.object({ 'zh-CN': z.string(), en: z.string() }),
  mode: z.enum(['practice', 'assessment']),
  attemptId: z.string(),
  sceneId: z.string().nullable(),
  sceneTitle: z.object({ 'zh-CN': z.string(), en: z.string() }).nullable(),
  stepId: z.string().nullable(),
  stepTitle: z.object({ 'zh-CN': z.string(), en: z.string() }).nullable(),
  stepsDone: z.number(),
  stepCount: z.number(),
  finished: z.boolean(),
  score: z.number().nullable(),
  max: z.number().nullable(),
  scoreSource: scoreSourceSchema,
});
export type ClassProgress = Readonly<z.infer<typeof classProgressSchema>>;

export const classStatusSchema = z.enum(['open', 'ended']);
export type ClassStatus = z.infer<typeof classStatusSchema>;

export const classViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The course the class is about, or null for any course. */
  courseId: z.string().nullable(),
  /** Six digits; shown while the class is open (an ended class's code may be reused). */
  code: z.string(),
  status: classStatusSchema,
  trainer: z.object({ id: z.string(), username: z.string(), name: z.string() }),
  created: z.string(),
  ended: z.string().nullable(),
  memberCount: z.number(),
});
export type ClassView = Readonly<z.infer<typeof classViewSchema>>;

export const classMemberViewSchema = z.object({
  userId: z.string(),
  username: z.string(),
  name: z.string(),
  joined: z.string(),
  /** Set when the learner left the class. */
  left: z.string().nullable(),
  /** The last heartbeat, ISO 8601; null before the first. */
  lastSeen: z.string().nullable(),
  /** Seen in the last 30 seconds (and the page not closed since). */
  connected: z.boolean(),
  progress: classProgressSchema.nullable(),
  /** When the learner asked for help; null when they have not, or the trainer marked it handled. */
  helpRequestedAt: z.string().nullable(),
});
export type ClassMemberView = Readonly<z.infer<typeof classMemberViewSchema>>;

/** GET /api/v1/classes/:id, POST …/end, and each `snapshot` event of GET /api/v1/classes/:id/events. */
export const classSnapshotSchema = z.object({
  class: classViewSchema,
  members: z.array(classMemberViewSchema).readonly(),
  /** The server's time when the snapshot was taken: connected is computed against it. */
  now: z.string(),
  /** Grows with every change to the class or its members. */
  revision: z.number(),
});
export type ClassSnapshot = Readonly<z.infer<typeof classSnapshotSchema>>;

/** GET /api/v1/classes: the trainer's classes (an admin's: every class). */
export const classListSchema = z.object({ classes: z.array(classViewSchema).readonly() });
/** POST /api/v1/classes → 201. */
export const createdClassSchema = z.object({ class: classViewSchema });

/** A learner's own view of their membership: what the join widget and the play page show. */
export const membershipViewSchema = z.object({
  classId: z.string(),
  title: z.string(),
  courseId: z.string().nullable(),
  trainerName: z.string(),
  status: classStatusSchema,
  joined: z.string(),
  ended: z.string().nullable(),
  helpRequestedAt: z.string().nullable(),
});
export type MembershipView = Readonly<z.infer<typeof membershipViewSchema>>;

/** POST /api/v1/classes/join, GET /api/v1/classes/joined, POST …/progress, …/help. */
export const membershipResponseSchema = z.object({ membership: membershipViewSchema.nullable() });
export type MembershipResponse = Readonly<z.infer<typeof membershipResponseSchema>>;

/** How long after the last heartbeat a learner still counts as connected. */
export const CONNECTED_WINDOW_MS = 30_000;
/** How often a member's app sends a heartbeat. */
export const HEARTBEAT_MS = 15_000;
