// Kysely table types of server/credentials (created by its migration in ./migration.ts).

/**
 * One issued credential. Rows are inserted once and only ever gain a revocation; the signed forms
 * are kept as issued, so a learner downloads the same bytes every time.
 */
export interface CredentialsTable {
  /** A UUID: the credential's id is `urn:uuid:<id>`. */
  readonly id: string;
  /** `course-pass` or `honour`. */
  readonly kind: string;
  readonly user_id: string;
  readonly username: string;
  /** The achievement's id (a course id, an honour's id). */
  readonly achievement_id: string;
  /** JSON: `{ "zh-CN": …, "en": … }`, for lists without parsing the credential. */
  readonly achievement_name: string;
  /** The ledger entry the credential stands on; one credential per kind and entry. */
  readonly ledger_seq: number;
  /** Where its revocation bit is: status list number (from 1) and index in that list. */
  readonly status_list: number;
  readonly status_index: number;
  readonly issued_at: string;
  readonly valid_until: string | null;
  /** The Data Integrity form (JSON) and the VC-JOSE form (compact JWS). */
  readonly credential: string;
  readonly jwt: string;
  readonly revoked_at: string | null;
  readonly revoked_reason: string | null;
  readonly revoked_by: string | null;
  /** The ledger entry that records the revocation. */
  readonly revocation_seq: number | null;
}

/** One row (id 1): the next status index, updated (and so locked) by every issue. */
export interface CredentialStatusHeadTable {
  readonly id: number;
  readonly next_index: number;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly credentials: CredentialsTable;
    readonly credential_status_head: CredentialStatusHeadTable;
  }
}
