// The records sync status in the header: a short line of text (never colour alone) that screen
// readers hear when it changes, a way to sign in or sync now, whose records wait on this shared
// device for their learner to sign in, and the server's reasons for any record it refused.
import { useEffect } from 'react';
import { catalog } from 'virtual:shixun/catalog';
import { hrefFor, currentPath, followLink } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import { useClientServices } from '../client/client-context.ts';
import { useSync, type SyncState, type WaitingRecords } from '../client/sync.ts';
import { useT } from '../i18n/i18n.ts';
import { formatClock as clock } from '../i18n/dates.ts';

/** Starts this tab's sync loop for as long as the app is mounted (one line in the app shell). */
export function useSyncLoop(): void {
  const { startSync } = useClientServices().sync;
  useEffect(() => startSync(catalog), [startSync]);
}

/** Other learners' records on this device: whom they wait for (the one who just signed out: "again"). */
function WaitingFor({
  waiting,
  previousUser,
}: {
  readonly waiting: readonly WaitingRecords[];
  readonly previousUser: string | null;
}) {
  const { t } = useT();
  return waiting.map((w) => (
    <span
      key={w.username ?? ''}
      className="sync-waiting"
      data-owner={w.username ?? ''}
      data-count={w.count}
      style={{ display: 'block' }}
    >
      {w.username === null || w.name === null
        ? t('sync_waitingUnknown', { count: w.count })
        : t(w.username === previousUser ? 'sync_keptFor' : 'sync_waitingFor', { count: w.count, name: w.name })}
    </span>
  ));
}

export function SyncStatus() {
  const { t, locale } = useT();
  const state = useSync((s) => s.state);
  const pending = useSync((s) => s.pending);
  const lastSyncAt = useSync((s) => s.lastSyncAt);
  const lastError = useSync((s) => s.lastError);
  const rejected = useSync((s) => s.rejected);
  const waiting = useSync((s) => s.waiting);
  const previousUser = useSync((s) => s.previousUser);
  const signedIn = useSession((s) => s.user !== null);
  const { requestSync } = useClientServices().sync;
  // Nobody signed in and nothing owed: there is nothing to say.
  if (!signedIn && pending === 0 && rejected.length === 0 && waiting.length === 0 && state !== 'offline') return null;
  // With nobody signed in, "synced" would speak for no one: only offline and what waits are said.
  const showState = signedIn || pending > 0 || state === 'offline';
  const waitingCount = waiting.reduce((n, w) => n + w.count, 0);

  const text: Record<SyncState, string> = {
    synced: lastSyncAt ? t('sync_synced', { time: clock(lastSyncAt, locale) }) : t('sync_nothing'),
    pending: t('sync_pending', { count: pending }),
    syncing: t('sync_syncing', { count: pending }),
    offline: pending > 0 ? t('sync_offline', { count: pending }) : t('sync_offlineEmpty'),
    'signed-out': t('sync_signedOut', { count: pending }),
    error: t('sync_error', { count: pending }),
  };
  const mark = { synced: '✓', pending: '●', syncing: '…', offline: '○', 'signed-out': '!', error: '×' }[state];
  return (
    <div
      className="sync-status"
      data-sync-state={state}
      data-pending={pending}
      data-waiting={waitingCount}
      data-rejected={rejected.length}
      style={{ display: 'flex', gap: '0.6rem', alignItems: 'center', fontSize: '0.85rem' }}
    >
      <p aria-live="polite" title={lastError ?? undefined} style={{ margin: 0 }}>
        <span className="visually-hidden">{t('sync_label')}: </span>
        {showState && (
          <span className="sync-state">
            <span aria-hidden="true">{mark} </span>
            {text[state]}
          </span>
        )}
        <WaitingFor waiting={waiting} previousUser={previousUser} />
      </p>
      {state === 'signed-out' && (
        <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink} style={{ color: 'inherit' }}>
          {t('assessment_signIn')}
        </a>
      )}
      {(state === 'error' || state === 'pending') && (
        <button type="button" className="lang" onClick={requestSync}>
          {t('sync_now')}
        </button>
      )}
      {rejected.length > 0 && (
        <details className="sync-rejected">
          <summary>{t('sync_rejected', { count: rejected.length })}</summary>
          <ul style={{ margin: '0.3rem 0 0', paddingLeft: '1.2rem' }}>
            {rejected.map((r) => (
              <li key={r.key} data-status={r.status}>
                {t('sync_rejectedItem', { status: r.status, reason: r.reason })}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
