// Kysely table types of server/classes (created by its migration in ./migration.ts): training
// sessions ("classes") a trainer runs, and the learners in them with their live progress.

/** A class a trainer opened. Learners join it with its six-digit code while it is open. */
export interface ClassesTable {
  /** A UUID. */
  readonly id: string;
  readonly title: string;
  /** The course the class is about, or null. */
  readonly course_id: string | null;
  /** users.id, username and name of the trainer who opened it. */
  readonly trainer_id: string;
  readonly trainer_username: string;
  readonly trainer_name: string;
  /** Six digits, kept after the class ends so its page still shows it. */
  readonly code: string;
  /** The code while the class is open, null once ended: unique, so no two open classes share a code. */
  readonly open_code: string | null;
  readonly status: 'open' | 'ended';
  readonly created: string;
  readonly ended: string | null;
  /**
   * Grows by one in the same transaction as every change to the class or its members: the
   * trainer's event streams (on any server instance) poll it to know when to send a new snapshot.
   */
  readonly revision: number;
}

/** A learner in a class, with the progress their app last reported. */
export interface ClassMembersTable {
  readonly class_id: string;
  readonly user_id: string;
  readonly username: string;
  readonly name: string;
  readonly joined: string;
  /**
   * users.id while the learner is in this class and it is open, else null. Unique: a learner is
   * in at most one open class, whichever server instance handles the join.
   */
  readonly active_user_id: string | null;
  /** When the learner left (or, after the class ended, dismissed the notice); null while in it. */
  readonly left_at: string | null;
  /** The last heartbeat. */
  readonly last_seen: string | null;
  /** When the app said its page was closing; connected again with the next heartbeat. */
  readonly gone_at: string | null;
  /** ClassProgress (src/contracts/class-types.ts) as JSON, or null before the first report. */
  readonly progress: string | null;
  /** Pending help request; null when none or handled. */
  readonly help_requested_at: string | null;
  readonly help_handled_at: string | null;
  readonly updated: string;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly classes: ClassesTable;
    readonly class_members: ClassMembersTable;
  }
}
