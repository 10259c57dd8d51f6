// Kysely table types of server/accounts (created by its migration in ./migration.ts): people,
// their sessions, device-code sign-ins and the rate-limit log.

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
  }
}
