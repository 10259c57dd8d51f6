// Kysely table types of server/reports (created by its migration in ./migration.ts).

/**
 * One version of the training policy, stored whole and never edited or deleted: a report names
 * the version it used and can be made again under it at any time.
 */
export interface PolicyVersionsTable {
  /** The policy's own `version`, e.g. "2026.2"; never reused. */
  readonly version: string;
  /** The policy's `adopted` day, "YYYY-MM-DD". */
  readonly adopted: string;
  /** The version as YAML (config/training-policy.yaml's format without `history`), as stored. */
  readonly yaml: string;
  /** `config` for versions read from config/training-policy.yaml, else the admin's username. */
  readonly created_by: string;
  readonly created_at: string;
  /**
   * When this version was made the one in force (ISO 8601), or null for versions stored only as
   * history. The current policy is the version made current last.
   */
  readonly made_current_at: string | null;
}

/** An API token an admin issued for an HR system; only the SHA-256 of the token is kept. */
export interface ApiTokensTable {
  /** A UUID. */
  readonly id: string;
  readonly label: string;
  /** Space-separated scopes: `reports:read`, `ledger:read`. */
  readonly scopes: string;
  /** The token's first characters (`shx_ab12`), to tell tokens apart in lists. */
  readonly prefix: string;
  /** SHA-256 hex of the whole token. */
  readonly token_hash: string;
  /** Username of the admin who issued it. */
  readonly created_by: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
  /** Set once revoked: the token stops working and stays listed. */
  readonly revoked_at: string | null;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly policy_versions: PolicyVersionsTable;
    readonly api_tokens: ApiTokensTable;
  }
}
