// Kysely table types of server/privacy (created by its migration in ./migration.ts).

/**
 * A learner's "I have read this" for one version of the privacy notice. The version names the
 * notice's text and the retention numbers it showed (notice.ts), so a change of either asks again.
 * Kept for as long as the account: it is the evidence that the person was told.
 */
export interface PrivacyAcknowledgementsTable {
  /** users.id; the row goes with the user. */
  readonly user_id: string;
  /** The notice version shown, e.g. `1+r730.180.1`. */
  readonly notice_version: string;
  /** The language the notice was read in: `zh-CN` or `en`. */
  readonly locale: string;
  /** Server time, ISO 8601. The first acknowledgement of a version counts; repeats change nothing. */
  readonly acknowledged_at: string;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly privacy_acknowledgements: PrivacyAcknowledgementsTable;
  }
}
