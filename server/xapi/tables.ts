// Kysely table types of server/xapi (created by its migrations in ./migration.ts): the stored
// statements and what indexes them, attachments, client credentials, the forwarding queue and the
// State and Profile documents.
// Booleans are 0/1 integers and times ISO 8601 strings so both dialects store them alike.
import type { Generated } from 'kysely';

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
  /** Space-separated scopes: `all`, `statements/read`, `statements/write`, `state`, `define`, `profile`. */
  readonly scopes: string;
  readonly label: string;
  readonly created: string;
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

/** One document of the State, Activity Profile or Agent Profile resource. */
export interface XapiDocumentsTable {
  readonly kind: 'state' | 'activity-profile' | 'agent-profile';
  /** `activityId`; '' for an Agent Profile. */
  readonly activity_id: string;
  /** The agent's identity key (statement-prepare.ts agentKey); '' for an Activity Profile. */
  readonly agent_key: string;
  /** A State's registration, a lowercase UUID; '' when none (and for profiles). */
  readonly registration: string;
  /** `stateId` or `profileId`. */
  readonly document_id: string;
  /** As the client sent it; `application/octet-stream` when it sent none. */
  readonly content_type: string;
  readonly content: Uint8Array;
  /** Hex SHA-1 of `content`; the ETag is it in quotes. */
  readonly etag: string;
  /** When the document was last written, ISO 8601 UTC, for `since` and Last-Modified. */
  readonly updated: string;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly xapi_statements: XapiStatementsTable;
    readonly xapi_statement_agents: XapiStatementAgentsTable;
    readonly xapi_statement_activities: XapiStatementActivitiesTable;
    readonly xapi_attachments: XapiAttachmentsTable;
    readonly xapi_credentials: XapiCredentialsTable;
    readonly xapi_forward_queue: XapiForwardQueueTable;
    readonly xapi_documents: XapiDocumentsTable;
  }
}
