// Kysely table types of server/exercises (created by its migration in ./migration.ts): joint-exercise
// sessions, who takes part in which role, and each session's log, the source of truth of its room.

/** A session of one exercise that a trainer runs. */
export interface ExerciseSessionsTable {
  /** A UUID. */
  readonly id: string;
  /** The exercise's id in the registry of exercise rules. */
  readonly exercise_id: string;
  readonly title: string;
  /** The class whose learners may join, or null for anyone with the code. */
  readonly class_id: string | null;
  readonly trainer_id: string;
  readonly trainer_name: string;
  /** Six digits, kept after the session ends. */
  readonly code: string;
  /** The code while the session is open, null once ended: unique among open sessions. */
  readonly open_code: string | null;
  readonly status: 'open' | 'ended';
  /** The seed of the exercise's initial state. */
  readonly seed: string;
  /** ISO time the exercise clock starts at (the initial state's startedAtMs). */
  readonly started_at: string;
  /** The live room's id while one runs (or last ran); null before the first seat. */
  readonly room_id: string | null;
  /** Grows by one each time a room is built for the session: a room only writes under its own epoch. */
  readonly room_epoch: number;
  /** How many log entries the session has (the next entry's seq). */
  readonly log_length: number;
  readonly created: string;
  readonly ended: string | null;
  /** The session this one was started from at one of its moments (POST …/fork); null otherwise. */
  readonly forked_from: string | null;
  /** The last entry of the source's log the fork copied. */
  readonly forked_at_seq: number | null;
}

/** A person in a session, with the role they act as (null while they have none). */
export interface ExerciseParticipantsTable {
  readonly session_id: string;
  readonly user_id: string;
  readonly username: string;
  readonly name: string;
  readonly role: string | null;
  readonly joined: string;
}

/** One entry of a session's log: a command (accepted or refused) or a clock advance. */
export interface ExerciseLogTable {
  readonly session_id: string;
  /** 0, 1, 2, … in the order the room handled them. */
  readonly seq: number;
  /** ISO time the room handled it (the atMs the rules saw). */
  readonly at: string;
  readonly kind: 'command' | 'clock';
  /** The sender (commands only). */
  readonly actor_user_id: string | null;
  readonly actor_role: string | null;
  /** The command exactly as received, as JSON (commands only). */
  readonly command: string | null;
  /** 1 when the rules accepted it, else 0. */
  readonly accepted: number;
  readonly code: string | null;
  readonly reason: string | null;
  /** The state's hash after the entry (accepted entries). */
  readonly state_hash: string | null;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly exercise_sessions: ExerciseSessionsTable;
    readonly exercise_participants: ExerciseParticipantsTable;
    readonly exercise_log: ExerciseLogTable;
  }
}
