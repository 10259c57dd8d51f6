// The JSON of the classes API (server/classes/), one set of types for both sides: the learner's
// app reports progress with ClassProgressReport, the trainer's page reads ClassSnapshot.
import type { Localized } from '../course/schema.ts';

/** What a member's app sends with a heartbeat: where the learner is and, in practice, their score. */
export interface ClassProgressReport {
  readonly courseId: string;
  readonly courseTitle: Localized;
  readonly mode: 'practice' | 'assessment';
  /** The attempt being played; in an assessment the server reads its graded score from it. */
  readonly attemptId: string;
  /** Null once the attempt has finished. */
  readonly sceneId: string | null;
  readonly sceneTitle: Localized | null;
  readonly stepId: string | null;
  readonly stepTitle: Localized | null;
  /** Steps submitted so far, of stepCount in the course. */
  readonly stepsDone: number;
  readonly stepCount: number;
  readonly finished: boolean;
  /** Practice only: the browser's own score so far and the course's maximum. Ignored in an assessment. */
  readonly score: number | null;
  readonly max: number | null;
}

/** Where a score shown to the trainer comes from: the learner's browser (practice), the server's grading, or nowhere yet. */
export type ScoreSource = 'browser' | 'server' | 'none';

/** Progress as the server keeps it: in an assessment the score is the server's graded one, never the browser's. */
export interface ClassProgress extends Omit<ClassProgressReport, 'score' | 'max'> {
  readonly score: number | null;
  readonly max: number | null;
  readonly scoreSource: ScoreSource;
}

export type ClassStatus = 'open' | 'ended';

export interface ClassView {
  readonly id: string;
  readonly title: string;
  /** The course the class is about, or null for any course. */
  readonly courseId: string | null;
  /** Six digits; shown while the class is open (an ended class's code may be reused). */
  readonly code: string;
  readonly status: ClassStatus;
  readonly trainer: { readonly id: string; readonly username: string; readonly name: string };
  readonly created: string;
  readonly ended: string | null;
  readonly memberCount: number;
}

export interface ClassMemberView {
  readonly userId: string;
  readonly username: string;
  readonly name: string;
  readonly joined: string;
  /** Set when the learner left the class. */
  readonly left: string | null;
  /** The last heartbeat, ISO 8601; null before the first. */
  readonly lastSeen: string | null;
  /** Seen in the last 30 seconds (and the page not closed since). */
  readonly connected: boolean;
  readonly progress: ClassProgress | null;
  /** When the learner asked for help; null when they have not, or the trainer marked it handled. */
  readonly helpRequestedAt: string | null;
}

/** GET /api/v1/classes/:id and each `snapshot` event of GET /api/v1/classes/:id/events. */
export interface ClassSnapshot {
  readonly class: ClassView;
  readonly members: readonly ClassMemberView[];
  /** The server's time when the snapshot was taken: connected is computed against it. */
  readonly now: string;
  /** Grows with every change to the class or its members. */
  readonly revision: number;
}

/** A learner's own view of their membership: what the join widget and the play page show. */
export interface MembershipView {
  readonly classId: string;
  readonly title: string;
  readonly courseId: string | null;
  readonly trainerName: string;
  readonly status: ClassStatus;
  readonly joined: string;
  readonly ended: string | null;
  readonly helpRequestedAt: string | null;
}

/** POST /api/v1/classes/join, GET /api/v1/classes/joined, POST …/progress, …/help. */
export interface MembershipResponse {
  readonly membership: MembershipView | null;
}

/** How long after the last heartbeat a learner still counts as connected. */
export const CONNECTED_WINDOW_MS = 30_000;
/** How often a member's app sends a heartbeat. */
export const HEARTBEAT_MS = 15_000;
