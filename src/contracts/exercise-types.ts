// The JSON of the joint-exercise sessions API (server/exercises/), one set of schemas for both sides:
// a trainer creates a session for an exercise and assigns roles, learners join with its code and
// take a role, and each participant asks for a seat in the session's live room.
import { z } from 'zod';
import { optionalText, requiredText } from './request-text.ts';

const ROLE_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** POST /api/v1/exercise-sessions: a trainer's new session of one exercise, optionally for a class. */
export const newExerciseSessionRequestSchema = z.strictObject({
  exerciseId: requiredText('exerciseId', 120),
  title: optionalText('title', 120),
  /** A class the trainer runs: its learners may join; absent or null for anyone with the code. */
  classId: optionalText('classId', 80),
});
export type NewExerciseSessionRequest = z.input<typeof newExerciseSessionRequestSchema>;

/** POST /api/v1/exercise-sessions/join: the code as typed (six digits, spaces allowed). */
export const joinExerciseSessionRequestSchema = z.strictObject({ code: requiredText('code', 40) });
export type JoinExerciseSessionRequest = z.input<typeof joinExerciseSessionRequestSchema>;

/** POST /api/v1/exercise-sessions/:sessionId/assignments: the trainer puts a participant in a role (null: none). */
export const assignRoleRequestSchema = z.strictObject({
  userId: requiredText('userId', 80),
  role: z
    .string({ error: 'role must be a role id of the exercise, or null to take the role away.' })
    .regex(ROLE_ID, { error: 'role must be a role id of the exercise, or null to take the role away.' })
    .nullable(),
});
export type AssignRoleRequest = z.input<typeof assignRoleRequestSchema>;

/** POST /api/v1/exercise-sessions/:sessionId/role: a learner takes a role no one holds. */
export const pickRoleRequestSchema = z.strictObject({
  role: z
    .string({ error: 'role must be a role id of the exercise.' })
    .regex(ROLE_ID, { error: 'role must be a role id of the exercise.' }),
});
export type PickRoleRequest = z.input<typeof pickRoleRequestSchema>;

export const exerciseParticipantSchema = z.object({
  userId: z.string(),
  username: z.string(),
  name: z.string(),
  /** A role id of the exercise, or null while the participant has none. */
  role: z.string().nullable(),
  joinedAt: z.string(),
});
export type ExerciseParticipant = z.infer<typeof exerciseParticipantSchema>;

export const exerciseSessionSchema = z.object({
  id: z.string(),
  exerciseId: z.string(),
  title: z.string(),
  classId: z.string().nullable(),
  /** Six digits learners type to join while the session is open. */
  code: z.string(),
  status: z.enum(['open', 'ended']),
  trainer: z.object({ userId: z.string(), name: z.string() }),
  roleIds: z.array(z.string()).readonly(),
  participants: z.array(exerciseParticipantSchema).readonly(),
  /** Entries in the session's log (commands, accepted or not, and clock advances). */
  logLength: z.number(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  /**
   * A session started from a moment of another (its log up to entry `seq` copied, then paused):
   * practice, so ending it records no official results. null for a session started afresh.
   */
  forkedFrom: z.object({ sessionId: z.string(), seq: z.number() }).nullable(),
});
export type ExerciseSessionView = z.infer<typeof exerciseSessionSchema>;

export const exerciseSessionResponseSchema = z.object({ session: exerciseSessionSchema });
export const exerciseSessionListSchema = z.object({ sessions: z.array(exerciseSessionSchema).readonly() });

/** A seat in the live room: hand it to the realtime client's consumeSeatReservation within 15 seconds. */
export const exerciseSeatSchema = z.object({
  seat: z.object({
    name: z.string(),
    roomId: z.string(),
    sessionId: z.string(),
    processId: z.string().exactOptional(),
    publicAddress: z.string().exactOptional(),
  }),
  /** The role the seat acts as: a role id, or 'trainer'. */
  role: z.string(),
  /** The path the realtime client connects under (same origin as the API). */
  path: z.string(),
});
export type ExerciseSeat = z.infer<typeof exerciseSeatSchema>;

/** POST /api/v1/exercise-sessions/:sessionId/fork: a new session from the moment after log entry `seq`. */
export const forkExerciseSessionRequestSchema = z.strictObject({
  seq: z
    .number({ error: 'seq must be the number of a log entry (0 for the first).' })
    .int({ error: 'seq must be a whole number.' })
    .nonnegative({ error: 'seq must be 0 or more.' }),
  title: optionalText('title', 120),
});
export type ForkExerciseSessionRequest = z.input<typeof forkExerciseSessionRequestSchema>;

/** One entry of a session's log as the replay page reads it. */
export const exerciseReplayEntrySchema = z.object({
  seq: z.number(),
  /** ISO time the room wrote it. */
  at: z.string(),
  kind: z.enum(['command', 'clock']),
  /** Who sent the command (null for the clock); the role is a role id or 'trainer'. */
  actor: z.object({ userId: z.string(), name: z.string(), role: z.string() }).nullable(),
  /** The command as it arrived (null for the clock). */
  command: z.unknown(),
  accepted: z.boolean(),
  code: z.string().nullable(),
  reason: z.string().nullable(),
});
export type ExerciseReplayEntry = z.infer<typeof exerciseReplayEntrySchema>;

/**
 * GET /api/v1/exercise-sessions/:sessionId/replay, for its trainer and admins: everything the page
 * needs to replay the session with the exercise's own rules (src/exercise): the exercise file as
 * parsed (checked again by the page with the exercise schema), the seed, the clock start and the log.
 */
export const exerciseReplaySchema = z.object({
  session: exerciseSessionSchema,
  exercise: z.unknown(),
  seed: z.string(),
  startedAt: z.string(),
  log: z.array(exerciseReplayEntrySchema).readonly(),
});
export type ExerciseReplay = z.infer<typeof exerciseReplaySchema>;
