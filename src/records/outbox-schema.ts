// The outbox's IndexedDB schema: what an entry is, who owns it, and numbered migrations that move
// a database written by an older version of the app forward without losing an entry.
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { walk } from './outbox-idb.ts';
import type { XapiStatement } from './xapi-statement.ts';

export const OUTBOX_DB = 'shixun-outbox';
export const ENTRIES = 'entries';
export const REJECTED = 'rejected';
export const CURSORS = 'cursors';

/** Practice records of a signed-in learner: xAPI statements, sent as they are. */
export interface StatementsEntry {
  readonly kind: 'statements';
  readonly statements: readonly XapiStatement[];
}

/** Part of an assessment's action log, from index `from`: the server grades the log. */
export interface ActionsEntry {
  readonly kind: 'actions';
  readonly attemptId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly from: number;
  readonly actions: readonly AttemptAction[];
}

export type OutboxEntry = StatementsEntry | ActionsEntry;

/**
 * Whose records an entry holds: only their session may send it (headsets are shared, and the
 * server refuses anyone else's records with 403). `name` is for saying whom entries wait for.
 */
export interface EntryOwner {
  readonly username: string;
  readonly name: string;
}

export interface StoredEntry {
  readonly entry: OutboxEntry;
  readonly queuedAt: number;
  /**
   * Null only for an entry queued before owners were recorded (version 1) whose owner cannot be
   * read from it: any signed-in learner may send it, and one whose send the server refuses (403)
   * is listed in `refusedFor` and leaves it for someone else.
   */
  readonly owner: EntryOwner | null;
  readonly refusedFor?: readonly string[];
}

export interface StoredRejection extends StoredEntry {
  readonly status: number;
  readonly reason: string;
  readonly rejectedAt: number;
}

export interface AttemptCursor {
  readonly attemptId: string;
  /** Actions queued so far: the `from` of the next actions entry. */
  readonly actions: number;
  /** Learning events queued so far (with or without statements). */
  readonly events: number;
  /** Who started the attempt: every actions entry of it is theirs, whoever is signed in later. */
  readonly owner?: EntryOwner;
}

/**
 * The owner written in statements: their actor (the LRS takes a session's statements only when
 * the actor is that session's own account agent, so the actor is the one learner who can send them).
 */
export function statementsOwner(statements: readonly XapiStatement[]): EntryOwner | null {
  const actor = statements[0]?.actor;
  if (!actor?.account?.name) return null;
  return { username: actor.account.name, name: actor.name ?? actor.account.name };
}

/** Version 1 stored entries without an owner. */
type StoredV1 = Omit<StoredEntry, 'owner'> & Partial<Pick<StoredEntry, 'owner'>>;

/** Migration n moves a database from version n to n + 1; the database version is their count. */
const MIGRATIONS: readonly ((db: IDBDatabase, tx: IDBTransaction) => void)[] = [
  // 0 → 1: entries and rejections keyed by auto-increment, cursors by attempt id.
  (db) => {
    db.createObjectStore(ENTRIES, { autoIncrement: true });
    db.createObjectStore(REJECTED, { autoIncrement: true });
    db.createObjectStore(CURSORS, { keyPath: 'attemptId' });
  },
  // 1 → 2: every entry gets its owner. Statements name theirs (the actor). Version 1 recorded
  // nothing else about an assessment's actions, and guessing (say, whoever is remembered as
  // signed in) could hand one learner's attempt to another, so those stay unowned: the first
  // signed-in learner whose send the server accepts is their owner; a 403 leaves them queued.
  (_db, tx) => {
    for (const name of [ENTRIES, REJECTED]) {
      walk<StoredV1>(tx.objectStore(name), (_key, value) =>
        value.owner !== undefined
          ? true
          : {
              replace: { ...value, owner: value.entry.kind === 'statements' ? statementsOwner(value.entry.statements) : null },
              more: true,
            },
      );
    }
  },
];

export const OUTBOX_VERSION = MIGRATIONS.length;

/** Runs the migrations from `oldVersion` (0 for a new database) inside the upgrade transaction. */
export function upgradeOutbox(db: IDBDatabase, tx: IDBTransaction, oldVersion: number): void {
  for (const migrate of MIGRATIONS.slice(oldVersion)) migrate(db, tx);
}
