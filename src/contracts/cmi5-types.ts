// cmi5 launches that Shixun prepares as the LMS of its own courses (server/cmi5): the admin's
// request and the launch URL it answers.
import { z } from 'zod';

/** As src/records/cmi5.ts names them (the cmi5 spec's values). */
const LAUNCH_MODES = ['Normal', 'Browse', 'Review'] as const;
const MOVE_ON = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;

export const cmi5LaunchRequestSchema = z.strictObject({
  courseId: z.string({ error: 'courseId is required: the id of a course on this server.' }).min(1),
  username: z.string({ error: 'username is required: the learner the launch is for.' }).min(1),
  launchMode: z.enum(LAUNCH_MODES, { error: `launchMode must be one of ${LAUNCH_MODES.join(', ')}.` }).default('Normal'),
  moveOn: z.enum(MOVE_ON, { error: `moveOn must be one of ${MOVE_ON.join(', ')}.` }).default('CompletedAndPassed'),
  masteryScore: z
    .number({ error: 'masteryScore must be a number from 0 to 1.' })
    .min(0, { error: 'masteryScore must be a number from 0 to 1.' })
    .max(1, { error: 'masteryScore must be a number from 0 to 1.' })
    .optional(),
  returnURL: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) || value.startsWith('/'), {
      error: 'returnURL must be an http(s) address or a path on this server.',
    })
    .optional(),
});
export type Cmi5LaunchRequest = z.input<typeof cmi5LaunchRequestSchema>;

export const cmi5LaunchSchema = z.object({
  launchUrl: z.string(),
  fetchUrl: z.string(),
  registration: z.string(),
  sessionId: z.string(),
  activityId: z.string(),
});
export type Cmi5LaunchAnswer = z.infer<typeof cmi5LaunchSchema>;
