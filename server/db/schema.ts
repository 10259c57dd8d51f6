// Kysely table types for every table the server owns; the migrations in migrations.ts create
// them. Booleans are 0/1 integers and times ISO 8601 strings so both dialects store them alike.
import type { Generated } from 'kysely';
import type { ClassesTables } from '../classes/tables.ts';
import type { LedgerTables } from '../ledger/tables.ts';
import type { PrivacyTables } from '../privacy/tables.ts';
import type { ReportsTables } from '../reports/tables.ts';

export interface XapiStatementsTable {
  /** Insertion order: breaks ties between statements stored in the same millisecond. */
  readonly seq: Generated<number>;
  /** Statement id, a lowercase UUID; unique, so concurrent retries store it once. */
  readonly id: string;
  /** The statement as the LRS returns it (`format=exact`), JSON. */
  readonly statement: string;
  /** `stored`, `YYYY-MM-DDTHH:mm:ss.sssZ`, so string order is time order. */
  readonly stored: string;
  readonly verb_id: string;
  readonly registration: string | null;
  /** Id of the statement this one's object refers to (StatementRef), for voiding and filters. */
  readonly target_id: string | null;
  readonly is_voiding: number;
  readonly voided: number;
  /** SHA-256 of the statement's comparable form (statement-compare.ts), for idempotent retries. */
  readonly fingerprint: string;
  /** The client's own timestamp as an instant, or null when the LRS assigned it. */
  readonly client_timestamp: string | null;
}

/** Agents a statement mentions, by identity key: `direct` for actor/object, `related` for the rest. */
export interface XapiStatementAgentsTable {
  readonly statement_id: string;
  readonly agent_key: string;
  readonly relation: 'direct' | 'related';
}

/** Activities a statement mentions: `direct` for the object, `related` for context and sub-statement ones. */
export interface XapiStatementActivitiesTable {
  readonly statement_id: string;
  readonly activity_id: string;
  readonly relation: 'direct' | 'related';
}

/** Attachment content, shared by every statement whose attachment metadata names its hash. */
export interface XapiAttachmentsTable {
  readonly sha2: string;
  readonly content_type: string;
  readonly length: number;
  readonly content: Uint8Array;
}

/** Basic-auth credentials for xAPI clients; the secret is kept only as a scrypt hash. */
export interface XapiCredentialsTable {
  readonly key: string;
  readonly secret_hash: string;
  /** Space-separated scopes: `all`, `statements/read`, `statements/write`. */
  readonly scopes: string;
  readonly label: string;
  readonly created: string;
}

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
  /** scrypt hash (server/accounts/passwords.ts). */
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

/**
 * An assessment attempt (server/grading/): the learner's action log, append-only, and once the
 * attempt finishes the official result. Official results are read from here, never from statements.
 */
export interface AttemptsTable {
  /** The UUID the browser chose in the start action. */
  readonly attempt_id: string;
  /** Owner: users.id, and the username at the time, for listing results by username. */
  readonly user_id: string;
  readonly username: string;
  readonly course_id: string;
  readonly course_version: string;
  /** Always `assessment`: practice attempts are graded in the browser and never sent. */
  readonly mode: 'assessment';
  /** Every accepted action, as a JSON array; only ever appended to. */
  readonly log: string;
  /** Number of actions in `log`: the compare-and-set guard for concurrent appends. */
  readonly received: number;
  readonly status: 'in-progress' | 'finished';
  /** Random, server-only: mixed into official statement ids so no one can claim them in advance. */
  readonly statement_seed: string;
  /** Official totals, set when the attempt finishes; null before. */
  readonly score: number | null;
  readonly max: number | null;
  readonly scaled: number | null;
  readonly passed: number | null;
  /** JSON: graded steps with feedback, and per-scene and per-dimension totals once finished. */
  readonly result: string;
  /** Server times, ISO 8601. */
  readonly started: string;
  readonly updated: string;
  readonly finished: string | null;
}

/**
 * The official result of a finished attempt, narrow: written in the same transaction as the
 * attempt's finish (server/grading/attempt-rows.ts), so reports read results without touching the
 * large `log` and `result` columns of `attempts`. Migration `0010-attempt-results` backfills it.
 */
export interface AttemptResultsTable {
  /** attempts.attempt_id. */
  readonly attempt_id: string;
  readonly user_id: string;
  readonly username: string;
  readonly course_id: string;
  readonly course_version: string;
  readonly score: number;
  readonly max: number;
  readonly scaled: number;
  readonly passed: number;
  /** attempts.finished: ISO 8601 UTC, so string order is time order (indexed for report windows). */
  readonly finished: string;
  /** JSON: the result's `dimensions`, `[{ dimensionId, score, max }]` as the grader wrote them. */
  readonly dimensions: string;
}

/**
 * A stored statement still to be sent to the external LRS. Rows go once the remote answered 2xx
 * (or 409: it holds that id already); a statement the remote refuses (400) stays as `dead`.
 */
export interface XapiForwardQueueTable {
  readonly statement_id: string;
  /** Failed tries so far; the backoff grows with it. */
  readonly attempts: number;
  /** Not sent before this time (ISO 8601): backoff after a failure, Retry-After after a 429. */
  readonly next_attempt_at: string;
  /** A forwarder claimed the row and is sending it until this time; null when unclaimed. */
  readonly lease_until: string | null;
  readonly last_attempt_at: string | null;
  /** Why the last try failed, as the operator should read it. */
  readonly last_error: string | null;
  /** 1: the remote refused it for good; kept for the operator, never retried on its own. */
  readonly dead: number;
  readonly enqueued: string;
}

/** Tables of later features live beside their code (server/<feature>/tables.ts). */
export interface DatabaseSchema extends LedgerTables, ReportsTables, ClassesTables, PrivacyTables {
  readonly xapi_statements: XapiStatementsTable;
  readonly xapi_statement_agents: XapiStatementAgentsTable;
  readonly xapi_statement_activities: XapiStatementActivitiesTable;
  readonly xapi_attachments: XapiAttachmentsTable;
  readonly xapi_credentials: XapiCredentialsTable;
  readonly users: UsersTable;
  readonly sessions: SessionsTable;
  readonly device_codes: DeviceCodesTable;
  readonly rate_limit_events: RateLimitEventsTable;
  readonly attempts: AttemptsTable;
  readonly attempt_results: AttemptResultsTable;
  readonly xapi_forward_queue: XapiForwardQueueTable;
}
