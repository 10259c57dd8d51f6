// Kysely table types of server/exercise-records (created by its migration in ./migration.ts).

/**
 * One participant's official result of a finished joint-exercise session: written once, when the
 * session ends (./record-outcome.ts), with its ledger entry and xAPI statements in the same
 * transaction. Reports read this table; the ledger's `exercise-result` entry backs each row.
 */
export interface ExerciseResultsTable {
  /** A UUID derived from the session and the participant (one result per participant and session). */
  readonly result_id: string;
  /** The exercise session (a UUID): the statements' `context.registration`. */
  readonly session_id: string;
  readonly user_id: string;
  readonly username: string;
  readonly exercise_id: string;
  readonly course_id: string;
  readonly course_version: string;
  /** The exercise role (department) the participant played. */
  readonly role_id: string;
  readonly role_score: number;
  readonly role_max: number;
  readonly team_score: number;
  readonly team_max: number;
  /** JSON: the outcome variables at the end, `{ id: number }`. */
  readonly variables: string;
  /** When the session ended: ISO 8601 UTC, so string order is time order (indexed for report windows). */
  readonly finished: string;
  /** The trainer who ran the session. */
  readonly trainer_username: string;
  /**
   * The participant's department and rank when the session ended (migration `0027-user-assignments`;
   * rows from before it hold the values the account had then).
   */
  readonly department: string | null;
  readonly rank: string | null;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly exercise_results: ExerciseResultsTable;
  }
}
