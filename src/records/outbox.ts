// The records outbox: everything the browser still owes the server, kept in IndexedDB so a closed
// tab, a crash or a day offline loses nothing. Entries leave only when the server took them, or
// move to the `rejected` store with the server's reason when it never will (nothing is dropped).
// A per-attempt cursor says how far each attempt has been queued, so queueing is idempotent:
// re-queueing a whole saved log after a reload adds only what was missing. Headsets are shared,
// so every entry has an owner and is handed out only to its owner's session (head, counts).
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { requestResult, transact, walk } from './outbox-idb.ts';
import {
  CURSORS,
  ENTRIES,
  OUTBOX_DB,
  OUTBOX_VERSION,
  REJECTED,
  statementsOwner,
  upgradeOutbox,
  type AttemptCursor,
  type EntryOwner,
  type OutboxEntry,
  type StoredEntry,
  type StoredRejection,
} from './outbox-schema.ts';
import type { XapiStatement } from './xapi-statement.ts';

export {
  OUTBOX_DB,
  OUTBOX_VERSION,
  statementsOwner,
  type ActionsEntry,
  type EntryOwner,
  type OutboxEntry,
  type StatementsEntry,
} from './outbox-schema.ts';

export interface QueuedEntry {
  /** Auto-increment key: the order entries were queued in. */
  readonly key: number;
  readonly entry: OutboxEntry;
  readonly queuedAt: number;
  /** Whose records these are; null for an unowned entry from version 1 (see StoredEntry). */
  readonly owner: EntryOwner | null;
}

export interface RejectedEntry extends QueuedEntry {
  /** The HTTP status of the refusal. */
  readonly status: number;
  /** The server's reason, as it said it. */
  readonly reason: string;
  readonly rejectedAt: number;
}

/** One learning event's statements (possibly none), by the event's position in its attempt. */
export interface QueuedEvent {
  readonly index: number;
  readonly statements: readonly XapiStatement[];
}

export interface WaitingEntries {
  /** Null: unowned entries (version 1) that this user may not send or was refused. */
  readonly owner: EntryOwner | null;
  readonly count: number;
}

export interface OutboxCounts {
  readonly total: number;
  /** Entries per attempt id (statements count under their registration), whoever owns them. */
  readonly byAttempt: Readonly<Record<string, number>>;
  /** Entries the user asked about may send: their own, and unowned ones not refused to them. */
  readonly sendable: number;
  /** The other entries, per owner, in the order their owners' first entries were queued. */
  readonly waiting: readonly WaitingEntries[];
}

export interface Outbox {
  /**
   * Queues the actions of `log` this attempt has not queued yet; resolves to how many. They
   * belong to whoever started the attempt (the owner given with its first actions), not to
   * whoever is signed in now.
   */
  queueActions(log: readonly AttemptAction[], owner: EntryOwner | null): Promise<number>;
  /**
   * Queues the statements of the events at or past this attempt's event cursor; resolves to how
   * many entries. Each belongs to its statements' actor.
   */
  queueEvents(attemptId: string, events: readonly QueuedEvent[]): Promise<number>;
  /** The oldest entries `username` may send, oldest first; other people's entries are skipped. */
  head(limit: number, username: string): Promise<QueuedEntry[]>;
  /** Removes entries the server has taken. */
  remove(keys: readonly number[]): Promise<void>;
  /** Moves entries the server refused for good to the rejected store, with its reason. */
  reject(keys: readonly number[], status: number, reason: string): Promise<void>;
  /** Unowned entries the server refused to `username` (403): they stay for someone else. */
  setAside(keys: readonly number[], username: string): Promise<void>;
  /** What is queued, and what of it `username` (null: nobody signed in) may send. */
  counts(username: string | null): Promise<OutboxCounts>;
  rejected(): Promise<RejectedEntry[]>;
  /** Called after every change this outbox makes (not changes made by other tabs). */
  subscribe(listener: () => void): () => void;
  close(): void;
}

/** The attempt an entry belongs to: its attempt id, or its statements' registration. */
export function entryAttemptId(entry: OutboxEntry): string {
  return entry.kind === 'actions' ? entry.attemptId : (entry.statements[0]?.context.registration ?? '');
}

/** Whether `username`'s session may send this entry. */
function sendableBy(stored: StoredEntry, username: string | null): boolean {
  if (username === null) return false;
  // `?? null`: a value some future bug stored without an owner is treated as unowned, not lost.
  const owner = stored.owner ?? null;
  return owner ? owner.username === username : !(stored.refusedFor ?? []).includes(username);
}

export interface OpenOutboxOptions {
  readonly name?: string;
  /** The IndexedDB to use: the browser's, or another implementation in Node tests. */
  readonly indexedDB?: IDBFactory;
  readonly now?: () => number;
}

export async function openOutbox(options: OpenOutboxOptions = {}): Promise<Outbox> {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  const now = options.now ?? Date.now;
  if (!factory)
    throw new Error(
      'This browser has no IndexedDB, so records cannot be kept offline: use a current browser outside private mode.',
    );
  const open = factory.open(options.name ?? OUTBOX_DB, OUTBOX_VERSION);
  open.onupgradeneeded = (event) => {
    if (open.transaction) upgradeOutbox(open.result, open.transaction, event.oldVersion);
  };
  const db = await requestResult(open);
  // Another tab upgrading the schema must not be blocked by this one.
  db.onversionchange = () => db.close();

  const listeners = new Set<() => void>();
  const changed = <T>(value: T): T => {
    for (const listener of listeners) listener();
    return value;
  };

  /** In one transaction: reads the attempt's cursor, lets `plan` add entries, saves the cursor it returns. */
  const withCursor = (
    attemptId: string,
    plan: (cursor: AttemptCursor, add: (entry: OutboxEntry, owner: EntryOwner | null) => void) => AttemptCursor,
  ) =>
    transact(db, [ENTRIES, CURSORS], 'readwrite', (tx) => {
      let added = 0;
      const cursors = tx.objectStore(CURSORS);
      const get = cursors.get(attemptId);
      get.onsuccess = () => {
        const before = (get.result as AttemptCursor | undefined) ?? { attemptId, actions: 0, events: 0 };
        const add = (entry: OutboxEntry, owner: EntryOwner | null) => {
          tx.objectStore(ENTRIES).add({ entry, queuedAt: now(), owner } satisfies StoredEntry);
          added += 1;
        };
        const after = plan(before, add);
        if (after !== before) cursors.put(after);
      };
      return () => added;
    }).then(changed);

  return {
    queueActions(log, owner) {
      const start = log[0];
      if (!start || start.kind !== 'start') return Promise.reject(new Error('an attempt log must begin with its start action'));
      return withCursor(start.attemptId, (cursor, add) => {
        if (log.length <= cursor.actions) return cursor;
        const attemptOwner = cursor.owner ?? owner;
        add(
          {
            kind: 'actions',
            attemptId: start.attemptId,
            courseId: start.courseId,
            courseVersion: start.courseVersion,
            from: cursor.actions,
            actions: log.slice(cursor.actions),
          },
          attemptOwner,
        );
        return { ...cursor, actions: log.length, ...(attemptOwner && { owner: attemptOwner }) };
      });
    },

    queueEvents(attemptId, events) {
      return withCursor(attemptId, (cursor, add) => {
        let next = cursor.events;
        for (const event of [...events].sort((a, b) => a.index - b.index)) {
          if (event.index < next) continue;
          if (event.statements.length > 0)
            add({ kind: 'statements', statements: event.statements }, statementsOwner(event.statements));
          next = event.index + 1;
        }
        return next === cursor.events ? cursor : { ...cursor, events: next };
      });
    },

    head(limit, username) {
      return transact(db, [ENTRIES], 'readonly', (tx) => {
        const out: QueuedEntry[] = [];
        if (limit > 0) {
          walk<StoredEntry>(tx.objectStore(ENTRIES), (key, value) => {
            if (sendableBy(value, username))
              out.push({ key, entry: value.entry, queuedAt: value.queuedAt, owner: value.owner ?? null });
            return out.length < limit;
          });
        }
        return () => out;
      });
    },

    remove(keys) {
      return transact(db, [ENTRIES], 'readwrite', (tx) => {
        for (const key of keys) tx.objectStore(ENTRIES).delete(key);
        return () => undefined;
      }).then(changed);
    },

    reject(keys, status, reason) {
      return transact(db, [ENTRIES, REJECTED], 'readwrite', (tx) => {
        const entries = tx.objectStore(ENTRIES);
        for (const key of keys) {
          const get = entries.get(key);
          get.onsuccess = () => {
            const stored = get.result as StoredEntry | undefined;
            if (!stored) return;
            tx.objectStore(REJECTED).add({ ...stored, status, reason, rejectedAt: now() } satisfies StoredRejection);
            entries.delete(key);
          };
        }
        return () => undefined;
      }).then(changed);
    },

    setAside(keys, username) {
      return transact(db, [ENTRIES], 'readwrite', (tx) => {
        const entries = tx.objectStore(ENTRIES);
        for (const key of keys) {
          const get = entries.get(key);
          get.onsuccess = () => {
            const stored = get.result as StoredEntry | undefined;
            // An owned entry is never set aside: a refusal of its owner is a rejection.
            if (!stored || stored.owner || stored.refusedFor?.includes(username)) return;
            entries.put({ ...stored, refusedFor: [...(stored.refusedFor ?? []), username] } satisfies StoredEntry, key);
          };
        }
        return () => undefined;
      }).then(changed);
    },

    counts(username) {
      return transact(db, [ENTRIES], 'readonly', (tx) => {
        let total = 0;
        let sendable = 0;
        const byAttempt: Record<string, number> = {};
        const waiting = new Map<string | null, { owner: EntryOwner | null; count: number }>();
        walk<StoredEntry>(tx.objectStore(ENTRIES), (_key, value) => {
          total += 1;
          const attemptId = entryAttemptId(value.entry);
          byAttempt[attemptId] = (byAttempt[attemptId] ?? 0) + 1;
          if (sendableBy(value, username)) {
            sendable += 1;
          } else {
            const owner = value.owner ?? null;
            const group = waiting.get(owner?.username ?? null) ?? { owner, count: 0 };
            group.count += 1;
            waiting.set(owner?.username ?? null, group);
          }
          return true;
        });
        return () => ({ total, byAttempt, sendable, waiting: [...waiting.values()] });
      });
    },

    rejected() {
      return transact(db, [REJECTED], 'readonly', (tx) => {
        const out: RejectedEntry[] = [];
        walk<StoredRejection>(tx.objectStore(REJECTED), (key, value) => {
          out.push({
            key,
            entry: value.entry,
            queuedAt: value.queuedAt,
            owner: value.owner ?? null,
            status: value.status,
            reason: value.reason,
            rejectedAt: value.rejectedAt,
          });
          return true;
        });
        return () => out;
      });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close() {
      listeners.clear();
      db.close();
    },
  };
}
