// The JSON of the privacy endpoints (server/privacy/), one set of types for both sides: the notice
// and its acknowledgement, the My records page and the download. Types only, no code.
import type { AttemptView } from './attempt-view.ts';
import type { UserRole } from './user-types.ts';

export type NoticeLocale = 'zh-CN' | 'en';

/** How long records that are not official results are kept, in days (server/privacy/retention-config.ts). */
export interface RetentionNumbers {
  /** xAPI statements of practice and other non-official records. */
  readonly statementDays: number;
  /** Assessment attempts never finished, after their last action. */
  readonly attemptDays: number;
  /** Sessions, device codes and rate-limit events, after they end. */
  readonly sessionDays: number;
}

/** GET /api/v1/privacy/notice (public): what the notice shows and the version a learner acknowledges. */
export interface PrivacyNoticeInfo {
  /** Names the notice's text and its retention numbers: a change of either asks everyone again. */
  readonly version: string;
  readonly retention: RetentionNumbers;
}

/** GET /api/v1/me/privacy: whether the signed-in person has acknowledged the current notice. */
export interface MyPrivacyStatus {
  readonly notice: PrivacyNoticeInfo;
  readonly acknowledged: boolean;
  /** When they acknowledged the current version; null when they have not. */
  readonly acknowledgedAt: string | null;
}

/** POST /api/v1/me/privacy/acknowledgements: "I have read this", for the version shown. */
export interface AcknowledgementRequest {
  readonly version: string;
  readonly locale: NoticeLocale;
}

export interface Acknowledgement {
  readonly noticeVersion: string;
  readonly locale: string;
  readonly acknowledgedAt: string;
}

export interface MyAccount {
  readonly username: string;
  readonly name: string;
  readonly role: UserRole;
  readonly employeeId: string | null;
  readonly department: string | null;
  readonly rank: string | null;
  /** When the account was created, ISO 8601. */
  readonly created: string;
}

/** A correction of an official result by an administrator; the original result stays. */
export interface MyAdjustment {
  readonly attemptId: string;
  readonly scaled: number;
  readonly passed: boolean;
  readonly reason: string;
  /** Username of the administrator who made it. */
  readonly adjustedBy: string;
  readonly adjustedAt: string;
}

/** An official result: the graded assessment, with any adjustments (oldest first). */
export interface MyResult {
  readonly attemptId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly started: string;
  readonly finishedAt: string;
  readonly score: number;
  readonly max: number;
  readonly scaled: number;
  readonly passed: boolean;
  readonly adjustments: readonly MyAdjustment[];
}

export interface MyAttemptInProgress {
  readonly attemptId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly started: string;
  readonly updated: string;
  /** Actions the server holds for it so far. */
  readonly actions: number;
}

/** GET /api/v1/me/records/summary: what the My records page shows. */
export interface MyRecordsSummary {
  readonly account: MyAccount;
  /** Newest first. */
  readonly results: readonly MyResult[];
  readonly inProgress: readonly MyAttemptInProgress[];
  /** xAPI statements held in which they are the actor or the object. */
  readonly statementCount: number;
  readonly acknowledgements: readonly Acknowledgement[];
  readonly retention: RetentionNumbers;
}

/** A past or current sign-in (browser or headset); the session's secret is never included. */
export interface MySignIn {
  readonly kind: 'browser' | 'device';
  readonly created: string;
  readonly expires: string;
  readonly lastSeen: string;
}

/** One attempt in the download: the server's view of it plus every action the learner sent. */
export interface MyAttemptRecord extends AttemptView {
  readonly started: string;
  readonly updated: string;
  readonly finished: string | null;
  readonly actions: readonly unknown[];
}

/** GET /api/v1/me/records: everything held about the signed-in person, as one JSON file. */
export interface MyRecordsExport {
  readonly format: 'shixun-my-records';
  readonly formatVersion: 1;
  readonly exportedAt: string;
  readonly account: MyAccount;
  readonly acknowledgements: readonly Acknowledgement[];
  readonly signIns: readonly MySignIn[];
  /** Oldest first. */
  readonly attempts: readonly MyAttemptRecord[];
  readonly adjustments: readonly MyAdjustment[];
  /** Each statement exactly as the LRS stores it, oldest first. */
  readonly statements: readonly unknown[];
  readonly statementCount: number;
}
