// Kysely table types of server/grading (created by its migrations in ./migration.ts): attempts
// graded by the server and the narrow official results the reports read.

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
  readonly status: 'in-progress' | 'finished';
  /** Random, server-only: mixed into official statement ids so no one can claim them in advance. */
  readonly statement_seed: string;
  /** Official totals, set when the attempt finishes; null before. */
  readonly score: number | null;
  readonly max: number | null;
  readonly scaled: number | null;
  readonly passed: number | null;
  /** JSON: graded steps with feedback, and per-scene and per-dimension totals once finished. */
  readonly result: string;
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
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly attempts: AttemptsTable;
    readonly attempt_results: AttemptResultsTable;
  }
}
