// Kysely table types of server/ledger (created by its migration in ./migration.ts).

/**
 * One link of the hash chain (src/contracts/report-types.ts LedgerEntry). Rows are only ever
 * inserted, by Ledger.appendWithin, with seq = head + 1.
 */
export interface LedgerEntriesTable {
  readonly seq: number;
  readonly kind: 'result' | 'adjustment' | 'exercise-result' | 'honour-decision' | 'credential-revocation';
  readonly recorded_at: string;
  /** The payload as canonical JSON (server/xapi/canonical-json.ts). */
  readonly payload: string;
  readonly prev: string;
  readonly hash: string;
  /**
   * payload.attemptId (or, for an exercise result, payload.resultId), for finding a result's
   * entries; not covered by the hash.
   */
  readonly attempt_id: string | null;
}

/**
 * The chain's head, one row (id 1): locked (SELECT … FOR UPDATE) by every append so concurrent
 * writers, in one process or many, take turns and never fork the chain. key_id names the key the
 * chain is signed with, set at the first start.
 */
export interface LedgerHeadTable {
  readonly id: number;
  readonly seq: number;
  readonly hash: string;
  readonly key_id: string | null;
  /**
   * The Merkle frontier of entries 1..seq (TreeBuilder.frontier()) as a JSON list of hex hashes,
   * largest subtree first; null before the first start after migration 0014. Checked against the
   * latest signed checkpoint's root before every append.
   */
  readonly frontier: string | null;
}

/** Every public key that has signed this chain's heads, so old signatures stay checkable. */
export interface LedgerKeysTable {
  /** SHA-256 hex of the SPKI DER. */
  readonly key_id: string;
  /** PEM SPKI. */
  readonly public_key: string;
  readonly first_used: string;
}

/**
 * Every checkpoint the server signed, one per log size (src/contracts/report-types.ts
 * SignedLedgerHead): inserted in the transaction of the append that made the log that size.
 */
export interface LedgerCheckpointsTable {
  readonly seq: number;
  readonly origin: string;
  readonly root: string;
  readonly hash: string;
  readonly signed_at: string;
  readonly key_id: string;
  readonly signature: string;
  readonly note: string;
}

/** A key rotation (src/contracts/report-types.ts LedgerRotation), one per retired key: inserted by `ledger:rotate-key`. */
export interface LedgerRotationsTable {
  readonly old_key_id: string;
  readonly seq: number;
  readonly origin: string;
  readonly root: string;
  readonly hash: string;
  readonly signed_at: string;
  readonly old_public_key: string;
  readonly new_key_id: string;
  readonly new_public_key: string;
  readonly old_signature: string;
  readonly new_signature: string;
  readonly note: string;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly ledger_checkpoints: LedgerCheckpointsTable;
    readonly ledger_entries: LedgerEntriesTable;
    readonly ledger_head: LedgerHeadTable;
    readonly ledger_keys: LedgerKeysTable;
    readonly ledger_rotations: LedgerRotationsTable;
  }
}
