// Kysely table types of server/accounts (created by its migration in ./migration.ts): people,
// their sessions, device-code sign-ins, the rate-limit log and the admin audit log.
import type { Generated } from 'kysely';

/** A person who signs in. Learners imported from a staff list have username = employee id. */
export interface UsersTable {
  /** A UUID, never reused. */
  readonly id: string;
  readonly username: string;
  readonly name: string;
  /** `learner`, `trainer` or `admin` (server/accounts/session-user.ts). */
  readonly role: string;
  readonly employee_id: string | null;
  readonly department: string | null;
  readonly rank: string | null;
  /** scrypt hash (server/accounts/secrets.ts). */
  readonly password_hash: string;
  readonly created: string;
  /** 1: cannot sign in, and existing sessions stop working. */
  readonly disabled: number;
  /**
   * The username, NFKC-normalized and case folded (migration.ts, usernameKey): unique, so two
   * users cannot differ only in case or width. Null only for a user that collided when the
   * column was added (they sign in with their exact username).
   */
  readonly username_key: string | null;
  /** 1: an admin set the password; the user must choose a new one before anything else. */
  readonly must_change_password: Generated<number>;
  /** Extra time on timed steps an admin granted, in percent (100: none; 125, 150, 200); migration `0023-extra-time`. */
  readonly extra_time_percent: Generated<number>;
}

/** One admin action: who did what to whom, when, and from where. */
export interface AdminAuditTable {
  readonly id: string;
  readonly at: string;
  readonly actor_id: string | null;
  readonly actor_username: string;
  /** `user.disable`, `user.password-reset`, `xapi-credential.rotate`, … */
  readonly action: string;
  /** What it was done to: a username, a credential key. */
  readonly target: string;
  /** A short note (no secrets). */
  readonly detail: string;
  readonly ip: string;
  readonly user_agent: string;
}

/** A signed-in browser or device. The id is the SHA-256 (hex) of the cookie's token, never the token. */
export interface SessionsTable {
  readonly id: string;
  readonly user_id: string;
  readonly kind: 'browser' | 'device';
  readonly created: string;
  /** Moves forward as the session is used (sliding expiry). */
  readonly expires: string;
  readonly last_seen: string;
}

/** A pending or finished device-code sign-in (RFC 8628 style). */
export interface DeviceCodesTable {
  /** SHA-256 (hex) of the device code; the code itself only the device knows. */
  readonly device_code: string;
  /** What the person types on the approving device, e.g. `BCDF-2345`. */
  readonly user_code: string;
  readonly created: string;
  readonly expires: string;
  readonly approved_by: string | null;
  readonly approved_at: string | null;
  /** Set once the device has exchanged the code for a session: codes are single-use. */
  readonly consumed_at: string | null;
  readonly last_poll: string | null;
}

/**
 * One counted event per row (a failed sign-in, a device code issued), by bucket such as
 * `login-user:alice`. Kept in the database so that several server processes share the limits.
 */
export interface RateLimitEventsTable {
  readonly bucket: string;
  readonly occurred: string;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly users: UsersTable;
    readonly sessions: SessionsTable;
    readonly device_codes: DeviceCodesTable;
    readonly rate_limit_events: RateLimitEventsTable;
    readonly admin_audit: AdminAuditTable;
  }
}
