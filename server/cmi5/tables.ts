// Kysely table types of server/cmi5 (created by its migration in ./migration.ts).

/** One launch of a course that Shixun, as the LMS, prepared: its fetch URL answers once. */
export interface Cmi5LaunchesTable {
  /** The random id in the fetch URL (a UUID). */
  readonly fetch_id: string;
  /** The xAPI credential the fetch hands out as the auth token; created only when fetched. */
  readonly credential_key: string;
  readonly registration: string;
  readonly session_id: string;
  readonly course_id: string;
  /** The learner the launch is for. */
  readonly username: string;
  /** ISO 8601 UTC. */
  readonly created: string;
  /** When the fetch URL handed out the token; null until then. */
  readonly fetched_at: string | null;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly cmi5_launches: Cmi5LaunchesTable;
  }
}
