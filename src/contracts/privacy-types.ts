// The JSON of the privacy endpoints (server/privacy/), one set of schemas for both sides: the
// notice and its acknowledgement, the My records page and the download.
import { z } from 'zod';
import { attemptViewSchema } from './attempt-view.ts';
import { requiredText } from './request-text.ts';
import { userRoleSchema } from './user-types.ts';

export const NOTICE_LOCALES = ['zh-CN', 'en'] as const;
export type NoticeLocale = (typeof NOTICE_LOCALES)[number];

/** How long records that are not official results are kept, in days (server/privacy/retention-config.ts). */
export const retentionNumbersSchema = z.object({
  /** xAPI statements of practice and other non-official records. */
  statementDays: z.number(),
  /** Assessment attempts never finished, after their last action. */
  attemptDays: z.number(),
  /** Sessions, device codes and rate-limit events, after they end. */
  sessionDays: z.number(),
});
export type RetentionNumbers = Readonly<z.infer<typeof retentionNumbersSchema>>;

/** GET /api/v1/privacy/notice (public): what the notice shows and the version a learner acknowledges. */
export const privacyNoticeInfoSchema = z.object({
  /** Names the notice's text and its retention numbers: a change of either asks everyone again. */
  version: z.string(),
  retention: retentionNumbersSchema,
});
export type PrivacyNoticeInfo = Readonly<z.infer<typeof privacyNoticeInfoSchema>>;

/** GET /api/v1/me/privacy: whether the signed-in person has acknowledged the current notice. */
export const myPrivacyStatusSchema = z.object({
  notice: privacyNoticeInfoSchema,
  acknowledged: z.boolean(),
  /** When they acknowledged the current version; null when they have not. */
  acknowledgedAt: z.string().nullable(),
});
export type MyPrivacyStatus = Readonly<z.infer<typeof myPrivacyStatusSchema>>;

/** POST /api/v1/me/privacy/acknowledgements: "I have read this", for the version shown. */
export const acknowledgementRequestSchema = z.strictObject({
  version: requiredText('version', 100),
  locale: z.enum(NOTICE_LOCALES, {
    error: `locale must be ${NOTICE_LOCALES.join(' or ')}: the language the notice was read in.`,
  }),
});
export type AcknowledgementRequest = z.infer<typeof acknowledgementRequestSchema>;

export const acknowledgementSchema = z.object({
  noticeVersion: z.string(),
  locale: z.string(),
  acknowledgedAt: z.string(),
});
export type Acknowledgement = Readonly<z.infer<typeof acknowledgementSchema>>;

export const myAccountSchema = z.object({
  username: z.string(),
  name: z.string(),
  role: userRoleSchema,
  employeeId: z.string().nullable(),
  department: z.string().nullable(),
  rank: z.string().nullable(),
  /** When the account was created, ISO 8601. */
  created: z.string(),
});
export type MyAccount = Readonly<z.infer<typeof myAccountSchema>>;

/** A correction of an official result by an administrator; the original result stays. */
export const myAdjustmentSchema = z.object({
  attemptId: z.string(),
  scaled: z.number(),
  passed: z.boolean(),
  reason: z.string(),
  /** Username of the administrator who made it. */
  adjustedBy: z.string(),
  adjustedAt: z.string(),
});
export type MyAdjustment = Readonly<z.infer<typeof myAdjustmentSchema>>;

/** A decision on an honour the person was proposed for (server/honours): award or decline, why, who and when. */
export const myHonourDecisionSchema = z.object({
  honourId: z.string(),
  periodId: z.string(),
  decision: z.enum(['award', 'decline']),
  reason: z.string().nullable(),
  /** Username of the administrator who decided. */
  decidedBy: z.string(),
  decidedAt: z.string(),
});
export type MyHonourDecision = Readonly<z.infer<typeof myHonourDecisionSchema>>;

/** An official result: the graded assessment, with any adjustments (oldest first). */
export const myResultSchema = z.object({
  attemptId: z.string(),
  courseId: z.string(),
  courseVersion: z.string(),
  started: z.string(),
  finishedAt: z.string(),
  score: z.number(),
  max: z.number(),
  scaled: z.number(),
  passed: z.boolean(),
  adjustments: z.array(myAdjustmentSchema).readonly(),
});
export type MyResult = Readonly<z.infer<typeof myResultSchema>>;

export const myAttemptInProgressSchema = z.object({
  attemptId: z.string(),
  courseId: z.string(),
  courseVersion: z.string(),
  started: z.string(),
  updated: z.string(),
  /** Actions the server holds for it so far. */
  actions: z.number(),
});
export type MyAttemptInProgress = Readonly<z.infer<typeof myAttemptInProgressSchema>>;

/** An assessment left open past its time limit: it counts as failed, and takes no more answers. */
export const myExpiredAttemptSchema = z.object({
  attemptId: z.string(),
  courseId: z.string(),
  courseVersion: z.string(),
  started: z.string(),
  /** When the server ended it. */
  expiredAt: z.string(),
  /** Actions the server held when it ended. */
  actions: z.number(),
  /** What its answered steps earned, out of the course's maximum; null when it could not be totalled. */
  score: z.number().nullable(),
  max: z.number().nullable(),
});
export type MyExpiredAttempt = Readonly<z.infer<typeof myExpiredAttemptSchema>>;

/** GET /api/v1/me/records/summary: what the My records page shows. */
export const myRecordsSummarySchema = z.object({
  account: myAccountSchema,
  /** Newest first. */
  results: z.array(myResultSchema).readonly(),
  inProgress: z.array(myAttemptInProgressSchema).readonly(),
  /** Assessments that ran out of time (each counts as failed), newest first. */
  expired: z.array(myExpiredAttemptSchema).readonly(),
  /** xAPI statements held in which they are the actor or the object. */
  statementCount: z.number(),
  acknowledgements: z.array(acknowledgementSchema).readonly(),
  retention: retentionNumbersSchema,
});
export type MyRecordsSummary = Readonly<z.infer<typeof myRecordsSummarySchema>>;

/** A past or current sign-in (browser or headset); the session's secret is never included. */
export const mySignInSchema = z.object({
  kind: z.enum(['browser', 'device']),
  created: z.string(),
  expires: z.string(),
  lastSeen: z.string(),
});
export type MySignIn = Readonly<z.infer<typeof mySignInSchema>>;

/** One attempt in the download: the server's view of it plus every action the learner sent. */
export const myAttemptRecordSchema = attemptViewSchema.extend({
  started: z.string(),
  updated: z.string(),
  finished: z.string().nullable(),
  actions: z.array(z.unknown()).readonly(),
});
export type MyAttemptRecord = Readonly<z.infer<typeof myAttemptRecordSchema>>;

/** GET /api/v1/me/records: everything held about the signed-in person, as one JSON file (a download). */
export const myRecordsExportSchema = z.object({
  format: z.literal('shixun-my-records'),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  account: myAccountSchema,
  acknowledgements: z.array(acknowledgementSchema).readonly(),
  signIns: z.array(mySignInSchema).readonly(),
  /** Oldest first. */
  attempts: z.array(myAttemptRecordSchema).readonly(),
  adjustments: z.array(myAdjustmentSchema).readonly(),
  /** Decisions on honours the person was proposed for, oldest first. */
  honours: z.array(myHonourDecisionSchema).readonly(),
  /** Each statement exactly as the LRS stores it, oldest first. */
  statements: z.array(z.unknown()).readonly(),
  statementCount: z.number(),
});
export type MyRecordsExport = Readonly<z.infer<typeof myRecordsExportSchema>>;
