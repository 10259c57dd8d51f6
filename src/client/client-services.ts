// The browser's client state, made in one place at start-up (src/app/services.ts calls this once)
// instead of on import: the session, the sync status and loop, the server's attempt views, the
// saved attempts, the attempt tickets, class membership and the privacy notice, all keeping what
// they remember in the one storage they are given. Components reach them through ClientServicesContext
// (src/client/client-context.ts); tests make their own with a storage of their choosing.
import { createAttemptPersistence } from './attempt-persistence.ts';
import { createAttemptTickets } from './attempt-tickets.ts';
import { createClassMembership } from './class-membership.ts';
import { createPrivacyNotice } from './privacy-notice-state.ts';
import { createSession } from './session.ts';
import type { KeyValueStorage } from './storage.ts';
import { createSync, type SyncLoopOptions } from './sync.ts';
import { createAttemptViews } from './sync-attempt-views.ts';
import { createSyncStatus } from './sync-store.ts';

export function createClientServices(storage: KeyValueStorage, syncOptions: SyncLoopOptions = {}) {
  const session = createSession(storage);
  const syncStatus = createSyncStatus(storage);
  const attemptViews = createAttemptViews(storage);
  const attempts = createAttemptPersistence(storage, session.store);
  const tickets = createAttemptTickets(storage, session.store);
  const classMembership = createClassMembership(storage, session.store);
  const privacyNotice = createPrivacyNotice(storage);
  const sync = createSync({ session, syncStatus, attemptViews, attempts }, syncOptions);
  return { storage, session, syncStatus, attemptViews, attempts, tickets, classMembership, privacyNotice, sync };
}

export type ClientServices = ReturnType<typeof createClientServices>;
