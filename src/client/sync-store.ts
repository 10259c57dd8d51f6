// The records sync status as the UI reads it: what the signed-in learner still owes the server,
// whose records wait on this device for someone else, what was refused, and when the last sync was.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { OutboxEntry } from '../records/outbox.ts';
import { useClientServices } from './client-context.ts';
import type { KeyValueStorage } from './storage.ts';

export type SyncState = 'synced' | 'pending' | 'syncing' | 'offline' | 'signed-out' | 'error';

export interface RejectedRecord {
  readonly key: number;
  readonly kind: OutboxEntry['kind'];
  readonly attemptId: string;
  readonly status: number;
  readonly reason: string;
  readonly rejectedAt: number;
}

/**
 * The refusals the signed-in learner may see: their own and unowned ones. On a shared headset one
 * learner never sees what the server refused of another's records (those stay for their owner).
 */
export function visibleRejections<T extends { readonly owner: { readonly username: string } | null }>(
  rejected: readonly T[],
  username: string | null,
): T[] {
  return rejected.filter((r) => r.owner === null || r.owner.username === username);
}

/** Entries of another learner, kept on this device until they sign in here. */
export interface WaitingRecords {
  /** Null: records from before owners were recorded that the signed-in learner may not send. */
  readonly username: string | null;
  readonly name: string | null;
  readonly count: number;
}

export type SyncSnapshot = Readonly<{
  /** Outbox entries of the signed-in learner not yet taken by the server. @default 0 */
  pending: number;
  /** Every outbox entry not yet taken by the server (anyone's), per attempt id. @default {} */
  pendingByAttempt: Readonly<Record<string, number>>;
  /** Other learners' entries, per learner. @default [] */
  waiting: readonly WaitingRecords[];
  /** Who was signed in on this tab before the current user (or nobody), to say whose records stay. @default null */
  previousUser: string | null;
  /** When the last flush left nothing of the signed-in learner unsent (ms since epoch), remembered across reloads. */
  lastSyncAt: number | null;
  state: SyncState;
  /** Why the last try failed, as the server or the browser said it. */
  lastError: string | null;
  /** Entries the server refused for good, with its reasons. @default [] */
  rejected: readonly RejectedRecord[];
}>;

const LAST_SYNC_KEY = 'shixun.lastSyncAt';

export type SyncStatusStore = StoreApi<SyncSnapshot>;

/** The sync status of this tab, with the last sync time `storage` remembers (made once, at start-up). */
export function createSyncStatus(storage: KeyValueStorage) {
  const store: SyncStatusStore = createStore<SyncSnapshot>()(() => {
    const last = Number(storage.get(LAST_SYNC_KEY));
    return {
      pending: 0,
      pendingByAttempt: {},
      waiting: [],
      previousUser: null,
      lastSyncAt: Number.isFinite(last) && last > 0 ? last : null,
      state: 'synced',
      lastError: null,
      rejected: [],
    };
  });

  /** Remembers when this learner's records were last all sent (shown across reloads). */
  const rememberSyncedAt = (at: number): void => {
    storage.set(LAST_SYNC_KEY, String(at));
    store.setState({ lastSyncAt: at });
  };

  return { store, rememberSyncedAt };
}

export type SyncStatus = ReturnType<typeof createSyncStatus>;

/** Reads the app's sync status (from the services the app provides). */
export function useSync<T>(selector: (state: SyncSnapshot) => T): T {
  return useStore(useClientServices().syncStatus.store, selector);
}
