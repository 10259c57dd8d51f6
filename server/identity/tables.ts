// Kysely table types of server/identity (created by ./migration.ts): which account each outside
// identity (an OpenID Connect subject, a directory entry) signs in as, OpenID Connect sign-ins in
// progress and the sessions they started, and the sign-in settings.
declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly identity_links: IdentityLinksTable;
    readonly sign_in_settings: SignInSettingsTable;
    readonly oidc_states: OidcStatesTable;
    readonly sso_sessions: SsoSessionsTable;
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

/** An OpenID Connect sign-in between its start and the provider's answer: single use, minutes long. */
export interface OidcStatesTable {
  /** SHA-256 (hex) of the `state` sent to the provider. */
  readonly state_hash: string;
  readonly provider: string;
  /** SHA-256 (hex) of the value in the browser's sign-in cookie: the answer must come back to that browser. */
  readonly browser_hash: string;
  readonly nonce: string;
  /** The PKCE code verifier (the provider saw only its challenge). */
  readonly code_verifier: string;
  /** The path on this site to open after signing in. */
  readonly return_to: string;
  readonly created: string;
  readonly expires: string;
}

/** A session started through OpenID Connect, with the ID token that signing out at the provider names. */
export interface SsoSessionsTable {
  /** The session's id (sessions.id); ends with it. */
  readonly session_id: string;
  readonly provider: string;
  readonly id_token: string;
  readonly created: string;
}
