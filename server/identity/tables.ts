// Kysely table types of server/identity (created by ./migration.ts): which account each outside
// identity (an OpenID Connect subject, a directory entry) signs in as, and the sign-in settings.
declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly identity_links: IdentityLinksTable;
    readonly sign_in_settings: SignInSettingsTable;
  }
}

/** One outside identity linked to one account. A provider links at most one subject to an account. */
export interface IdentityLinksTable {
  /** `oidc` or `ldap`. */
  readonly source: string;
  /** The configured provider id, e.g. `unified-id` or `corp-ad`. */
  readonly provider: string;
  /** The provider's stable id of the person (OIDC `sub`, LDAP entryUUID or DN). */
  readonly subject: string;
  readonly user_id: string;
  /** The employee id the provider gave when the link was last used. */
  readonly employee_id: string;
  readonly created: string;
  readonly last_seen: string;
  /** 1: the provider reported the person disabled and the account was disabled for it. */
  readonly disabled_by_source: number;
}

/** Sign-in settings an admin changes in the console, one row per key (JSON value). */
export interface SignInSettingsTable {
  readonly key: string;
  readonly value: string;
  readonly updated: string;
  readonly updated_by: string;
}
