// Kysely table types of server/ledger (created by its migration in ./migration.ts).

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
}

export interface LedgerTables {
  readonly result_adjustments: ResultAdjustmentsTable;
}
