// The records outbox: everything the browser still owes the server, kept in IndexedDB so a closed
// tab, a crash or a day offline loses nothing. Entries leave only when the server took them, or
// move to the `rejected` store with the server's reason when it never will (nothing is dropped).
// A per-attempt cursor says how far each attempt has been queued, so queueing is idempotent:
// re-queueing a whole saved log after a reload adds only what was missing.
import type { AttemptAction } from '../engine/attempt-actions.ts';
import type { XapiStatement } from './xapi-statement.ts';

export const OUTBOX_DB = 'shixun-outbox';
const DB_VERSION = 1;
const ENTRIES = 'entries';
const REJECTED = 'rejected';
const CURSORS = 'cursors';

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

export interface QueuedEntry {
  /** Auto-increment key: the order entries were queued in. */
  readonly key: number;
  readonly entry: OutboxEntry;
  readonly queuedAt: number;
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

export interface OutboxCounts {
  readonly total: number;
  /** Entries per attempt id (statements count under their registration). */
  readonly byAttempt: Readonly<Record<string, number>>;
}

export interface Outbox {
  /** Queues the actions of `log` this attempt has not queued yet; resolves to how many. */
  queueActions(log: readonly AttemptAction[]): Promise<number>;
  /** Queues the statements of the events at or past this attempt's event cursor; resolves to how many entries. */
  queueEvents(attemptId: string, events: readonly QueuedEvent[]): Promise<number>;
  /** The oldest entries, oldest first. */
  head(limit: number): Promise<QueuedEntry[]>;
  /** Removes entries the server has taken. */
  remove(keys: readonly number[]): Promise<void>;
  /** Moves entries the server refused for good to the rejected store, with its reason. */
  reject(keys: readonly number[], status: number, reason: string): Promise<void>;
  counts(): Promise<OutboxCounts>;
  rejected(): Promise<RejectedEntry[]>;
  /** Called after every change this outbox makes (not changes made by other tabs). */
  subscribe(listener: () => void): () => void;
  close(): void;
}

interface StoredEntry {
  readonly entry: OutboxEntry;
  readonly queuedAt: number;
}

interface StoredRejection extends StoredEntry {
  readonly status: number;
  readonly reason: string;
  readonly rejectedAt: number;
}

interface AttemptCursor {
  readonly attemptId: string;
  /** Actions queued so far: the `from` of the next actions entry. */
  readonly actions: number;
  /** Learning events queued so far (with or without statements). */
  readonly events: number;
}

/** The attempt an entry belongs to: its attempt id, or its statements' registration. */
export function entryAttemptId(entry: OutboxEntry): string {
  return entry.kind === 'actions' ? entry.attemptId : (entry.statements[0]?.context.registration ?? '');
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Runs `work` in one transaction and resolves with what its returned getter reads once the
 * transaction has committed (so a caller never sees a result that was rolled back).
 */
function transact<T>(db: IDBDatabase, stores: readonly string[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction([...stores], mode);
    let read: () => T;
    tx.oncomplete = () => resolve(read());
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    try {
      read = work(tx);
    } catch (error) {
      tx.abort();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Walks a store in key order, calling `visit` until it returns false or the store ends. */
function walk<T>(store: IDBObjectStore, visit: (key: number, value: T) => boolean): void {
  const request = store.openCursor();
  request.onsuccess = () => {
    const cursor = request.result;
    if (cursor && visit(Number(cursor.key), cursor.value as T)) cursor.continue();
  };
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
  if (!factory) throw new Error('This browser has no IndexedDB, so records cannot be kept offline: use a current browser outside private mode.');
  const open = factory.open(options.name ?? OUTBOX_DB, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    // Version 1: entries and rejections keyed by auto-increment, cursors by attempt id.
    if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES, { autoIncrement: true });
    if (!db.objectStoreNames.contains(REJECTED)) db.createObjectStore(REJECTED, { autoIncrement: true });
    if (!db.objectStoreNames.contains(CURSORS)) db.createObjectStore(CURSORS, { keyPath: 'attemptId' });
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
  const withCursor = (attemptId: string, plan: (cursor: AttemptCursor, add: (entry: OutboxEntry) => void) => AttemptCursor) =>
    transact(db, [ENTRIES, CURSORS], 'readwrite', (tx) => {
      let added = 0;
      const cursors = tx.objectStore(CURSORS);
      const get = cursors.get(attemptId);
      get.onsuccess = () => {
        const before = (get.result as AttemptCursor | undefined) ?? { attemptId, actions: 0, events: 0 };
        const add = (entry: OutboxEntry) => {
          tx.objectStore(ENTRIES).add({ entry, queuedAt: now() } satisfies StoredEntry);
          added += 1;
        };
        const after = plan(before, add);
        if (after.actions !== before.actions || after.events !== before.events) cursors.put(after);
      };
      return () => added;
    }).then(changed);

  return {
    queueActions(log) {
      const start = log[0];
      if (!start || start.kind !== 'start') return Promise.reject(new Error('an attempt log must begin with its start action'));
      return withCursor(start.attemptId, (cursor, add) => {
        if (log.length <= cursor.actions) return cursor;
        add({ kind: 'actions', attemptId: start.attemptId, courseId: start.courseId, courseVersion: start.courseVersion, from: cursor.actions, actions: log.slice(cursor.actions) });
        return { ...cursor, actions: log.length };
      });
    },

    queueEvents(attemptId, events) {
      return withCursor(attemptId, (cursor, add) => {
        let next = cursor.events;
        for (const event of [...events].sort((a, b) => a.index - b.index)) {
          if (event.index < next) continue;
          if (event.statements.length > 0) add({ kind: 'statements', statements: event.statements });
          next = event.index + 1;
        }
        return { ...cursor, events: next };
      });
    },

    head(limit) {
      return transact(db, [ENTRIES], 'readonly', (tx) => {
        const out: QueuedEntry[] = [];
        walk<StoredEntry>(tx.objectStore(ENTRIES), (key, value) => {
          out.push({ key, entry: value.entry, queuedAt: value.queuedAt });
          return out.length < limit;
        });
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

    counts() {
      return transact(db, [ENTRIES], 'readonly', (tx) => {
        let total = 0;
        const byAttempt: Record<string, number> = {};
        walk<StoredEntry>(tx.objectStore(ENTRIES), (_key, value) => {
          total += 1;
          const attemptId = entryAttemptId(value.entry);
          byAttempt[attemptId] = (byAttempt[attemptId] ?? 0) + 1;
          return true;
        });
        return () => ({ total, byAttempt });
      });
    },

    rejected() {
      return transact(db, [REJECTED], 'readonly', (tx) => {
        const out: RejectedEntry[] = [];
        walk<StoredRejection>(tx.objectStore(REJECTED), (key, value) => {
          out.push({ key, ...value });
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
