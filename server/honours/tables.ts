// Kysely table types of server/honours (created by its migration in ./migration.ts).

/**
 * One admin's decision on one proposed person for one honour and period: inserted once (a second
 * decision is refused), with its `honour-decision` ledger entry in the same transaction.
 */
export interface HonourDecisionsTable {
  /** A UUID. */
  readonly id: string;
  readonly period_id: string;
  readonly honour_id: string;
  /** The policy version whose honour was decided. */
  readonly policy_version: string;
  readonly user_id: string;
  readonly username: string;
  /** The person's name and department when decided (the department counts towards its limit). */
  readonly name: string;
  readonly department: string | null;
  /** 'award' or 'decline'. */
  readonly decision: string;
  /** Required to decline; null when an award gives none. */
  readonly reason: string | null;
  /** JSON: the proposal's reasons when decided (src/policy/honours.ts HonourReason[]). */
  readonly reasons: string;
  readonly decided_by: string;
  readonly decided_by_username: string;
  /** ISO 8601 UTC. */
  readonly decided_at: string;
  readonly ledger_seq: number;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly honour_decisions: HonourDecisionsTable;
  }
}
