// Kysely table types of server/grading (created by its migrations in ./migration.ts): attempts
// graded by the server, the narrow official results the reports read, and admins' corrections.
import type { ColumnType } from 'kysely';

/**
 * An assessment attempt (server/grading/): the learner's action log, append-only, and once the
 * attempt finishes the official result. Official results are read from here, never from statements.
 */
export interface AttemptsTable {
  /** The UUID the browser chose in the start action. */
  readonly attempt_id: string;
  /** Owner: users.id, and the username at the time, for listing results by username. */
  readonly user_id: string;
  readonly username: string;
  readonly course_id: string;
  readonly course_version: string;
  /** Always `assessment`: practice attempts are graded in the browser and never sent. */
  readonly mode: 'assessment';
  /** Every accepted action, as a JSON array; only ever appended to. */
  readonly log: string;
  /** Number of actions in `log`: the compare-and-set guard for concurrent appends. */
  readonly received: number;
  /**
   * `expired`: left open past the policy's maximum duration (server/grading/assessment-policy.ts);
   * it takes no more actions and counts as failed.
   */
  readonly status: 'in-progress' | 'finished' | 'expired';
  /** Random, server-only: mixed into official statement ids so no one can claim them in advance. */
  readonly statement_seed: string;
  /** Official totals, set when the attempt finishes; null before. */
  readonly score: number | null;
  readonly max: number | null;
  readonly scaled: number | null;
  readonly passed: number | null;
  /** JSON: graded steps with feedback, and per-scene and per-dimension totals once finished. */
  readonly result: string;
  /**
   * JSON array, one entry per action of `log`: when the server received it (ms since the epoch,
   * server clock). Timed steps are graded on these (migration `0011-attempt-arrivals`; `[]` before it).
   */
  readonly arrivals: ColumnType<string, string | undefined, string>;
  /** The learner's extra time when the attempt started, in percent (100: none); migration `0023-extra-time`. */
  readonly extra_time_percent: ColumnType<number, number | undefined, number>;
  /**
   * The learner's department and rank when the attempt finished (migration `0027-user-assignments`;
   * finished attempts from before it hold the values the account had then). Null before it finishes.
   */
  readonly department: ColumnType<string | null, string | null | undefined, string | null>;
  readonly rank: ColumnType<string | null, string | null | undefined, string | null>;
  /** Server times, ISO 8601. */
  readonly started: string;
  readonly updated: string;
  readonly finished: string | null;
}

/**
 * The official result of a finished attempt, narrow: written in the same transaction as the
 * attempt's finish (server/grading/attempt-rows.ts), so reports read results without touching the
 * large `log` and `result` columns of `attempts`. Migration `0010-attempt-results` backfills it.
 */
export interface AttemptResultsTable {
  /** attempts.attempt_id. */
  readonly attempt_id: string;
  readonly user_id: string;
  readonly username: string;
  readonly course_id: string;
  readonly course_version: string;
  readonly score: number;
  readonly max: number;
  readonly scaled: number;
  readonly passed: number;
  /** attempts.finished: ISO 8601 UTC, so string order is time order (indexed for report windows). */
  readonly finished: string;
  /** JSON: the result's `dimensions`, `[{ dimensionId, score, max }]` as the grader wrote them. */
  readonly dimensions: string;
  /** The learner's department and rank when the result was made (attempts.department, attempts.rank). */
  readonly department: ColumnType<string | null, string | null | undefined, string | null>;
  readonly rank: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * A correction of an official result by an admin (an appeal upheld, a grading error): never an
 * edit of the attempt. The effective result of an attempt is its latest adjustment (by
 * adjusted_at, then id), else the attempt's own; every adjustment is also a ledger entry.
 */
export interface ResultAdjustmentsTable {
  /** A UUID. */
  readonly id: string;
  readonly attempt_id: string;
  /** The corrected score over maximum, 0–1, and pass/fail (0/1). */
  readonly scaled: number;
  readonly passed: number;
  /** Why, in the admin's words: required, at least 10 characters. */
  readonly reason: string;
  /** users.id and username of the admin who made it. */
  readonly adjusted_by: string;
  readonly adjusted_by_username: string;
  readonly adjusted_at: string;
  /** The ledger entry that records it. */
  readonly ledger_seq: number;
}

/**
 * The id of a learner's next assessment attempt of a course, issued by the server (migration
 * `0025-attempt-tickets`): one per learner and course, removed when an attempt starts with it.
 */
export interface AttemptTicketsTable {
  /** users.id of the learner it was issued to. */
  readonly user_id: string;
  readonly course_id: string;
  /** A random UUID: the attempt id, which seeds what the attempt draws (src/engine/draw.ts). */
  readonly attempt_id: string;
  /** Server time, ISO 8601. */
  readonly issued_at: string;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly attempts: AttemptsTable;
    readonly attempt_tickets: AttemptTicketsTable;
    readonly attempt_results: AttemptResultsTable;
    readonly result_adjustments: ResultAdjustmentsTable;
  }
}
