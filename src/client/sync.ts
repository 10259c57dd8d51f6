// Records sync: queues what the learner does in the outbox (IndexedDB) and sends it to the server.
// One flusher per tab, and one tab at a time across tabs (Web Locks). It runs when something is
// queued, at start, when the browser comes online or someone signs in, and after a failure on a
// timer with exponential backoff and jitter. Practice statements go to the LRS (POST
// /xapi/statements); assessment actions go to the grader (PUT /api/v1/attempts/:id/actions), whose
// answers (AttemptView) feed the feedback and results pages. Headsets are shared: each entry is
// queued with its owner and sent only while its owner is signed in; the rest wait on the device.
import type { Course, Locale } from '../course/schema.ts';
import type { AttemptAction } from '../engine/attempt-actions.ts';
import { deriveEvents, type LearningEvent } from '../engine/learning-events.ts';
import { entryAttemptId, openOutbox, type EntryOwner, type Outbox } from '../records/outbox.ts';
import { statementsForEvent } from '../records/statements.ts';
import { api } from './api.ts';
import type { AttemptPersistence } from './attempt-persistence.ts';
import type { Session } from './session.ts';
import type { AttemptView, AttemptViews } from './sync-attempt-views.ts';
import { backoffDelay } from './sync-backoff.ts';
import { flushOutbox, type SyncTransport } from './sync-flush.ts';
import { visibleRejections, type SyncState, type SyncStatus } from './sync-store.ts';
import { browserTransport } from './sync-transport.ts';

export { useSync, type RejectedRecord, type SyncSnapshot, type SyncState, type WaitingRecords } from './sync-store.ts';

const LOCK_NAME = 'shixun-outbox-flush';

/** What the last flush found, before the pending count is taken into account. */
type Phase = 'idle' | 'syncing' | 'offline' | 'signed-out' | 'error';

function stateFor(phase: Phase, pending: number): SyncState {
  if (phase === 'syncing') return 'syncing';
  if (phase === 'offline') return 'offline';
  if (pending === 0) return 'synced';
  return phase === 'idle' ? 'pending' : phase;
}

export interface SyncLoopOptions {
  readonly transport?: SyncTransport;
  readonly openOutbox?: () => Promise<Outbox>;
}

/** What the sync loop works with: the app's session, its stores and the saved attempts. */
export interface SyncDependencies {
  readonly session: Session;
  readonly syncStatus: SyncStatus;
  readonly attemptViews: AttemptViews;
  readonly attempts: AttemptPersistence;
}

interface SyncLoop {
  readonly outbox: () => Promise<Outbox>;
  /** Flushes now (or right after the flush in progress); resolves when that flush has ended. */
  request(): Promise<void>;
  /** Listens for online/offline and sign-in; returns the stop. */
  listen(): () => void;
}

function createSyncLoop(
  { session, syncStatus, attemptViews, attempts }: SyncDependencies,
  options: SyncLoopOptions = {},
): SyncLoop {
  const syncStore = syncStatus.store;
  const sessionStore = session.store;

  /** The signed-in learner as an outbox owner, or null. */
  const currentOwner = (): EntryOwner | null => ownerOf(session);

  /** Who the server says is signed in: null nobody, undefined it could not say (offline). */
  const signedInAs = async (): Promise<string | null | undefined> => {
    const now = await session.refreshSession();
    if (now.status === 'signed-in') return now.user?.username ?? null;
    return now.status === 'signed-out' ? null : undefined;
  };

  const transport = options.transport ?? browserTransport;
  let outboxPromise: Promise<Outbox> | null = null;
  let phase: Phase = 'idle';
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const setPhase = (next: Phase, lastError: string | null = syncStore.getState().lastError) => {
    phase = next;
    syncStore.setState((s) => ({ state: stateFor(phase, s.pending), lastError }));
  };

  const refreshCounts = async (outbox: Outbox) => {
    const username = currentOwner()?.username ?? null;
    const [counts, allRejected] = await Promise.all([outbox.counts(username), outbox.rejected()]);
    const rejected = visibleRejections(allRejected, username);
    syncStore.setState({
      pending: counts.sendable,
      pendingByAttempt: counts.byAttempt,
      waiting: counts.waiting.map((w) => ({ username: w.owner?.username ?? null, name: w.owner?.name ?? null, count: w.count })),
      state: stateFor(phase, counts.sendable),
      rejected: rejected.map((r) => ({
        key: r.key,
        kind: r.entry.kind,
        attemptId: entryAttemptId(r.entry),
        status: r.status,
        reason: r.reason,
        rejectedAt: r.rejectedAt,
      })),
    });
  };

  const getOutbox = () => {
    outboxPromise ??= (options.openOutbox ?? (() => openOutbox()))().then(
      (outbox) => {
        outbox.subscribe(() => void refreshCounts(outbox));
        return outbox;
      },
      (error: unknown) => {
        setPhase('error', error instanceof Error ? error.message : String(error));
        throw error;
      },
    );
    return outboxPromise;
  };

  const schedule = (delayMs: number) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void request();
    }, delayMs);
  };

  const flushOnce = async () => {
    const outbox = await getOutbox();
    await refreshCounts(outbox);
    const username = currentOwner()?.username;
    // Nobody signed in sends nothing; everything queued waits for its owner (shown as waiting).
    if (username === undefined || syncStore.getState().pending === 0) {
      failures = 0;
      setPhase(navigator.onLine === false ? 'offline' : 'idle');
      return;
    }
    if (navigator.onLine === false) {
      // The `online` event brings us back; the timer covers a browser that never sends it.
      setPhase('offline');
      schedule(backoffDelay(++failures));
      return;
    }
    setPhase('syncing');
    const report = await flushOutbox(outbox, transport, {
      username,
      signedInAs,
      onView: attemptViews.rememberAttemptView,
      savedLog: (attemptId, courseId, courseVersion) => {
        const log = attempts.savedAttemptLog({ id: courseId, version: courseVersion }, 'assessment');
        return log?.[0]?.kind === 'start' && log[0].attemptId === attemptId ? log : undefined;
      },
    });
    const { outcome } = report;
    if (outcome.kind === 'done') {
      failures = 0;
      syncStatus.rememberSyncedAt(Date.now());
      setPhase('idle', null);
    } else if (outcome.kind === 'signed-out') {
      // Nothing to retry until someone signs in (the session subscription below).
      setPhase('signed-out', outcome.error);
    } else if (outcome.kind === 'session-changed') {
      // signedInAs updated the session, whose subscription below runs the next pass as its user.
      setPhase('idle', outcome.error);
    } else {
      setPhase(outcome.kind === 'offline' ? 'offline' : 'error', outcome.error);
      const delay = backoffDelay(++failures);
      schedule(outcome.kind === 'retry' && outcome.retryAfterMs !== null ? Math.max(delay, outcome.retryAfterMs) : delay);
    }
    await refreshCounts(outbox);
  };

  /** Holds the cross-tab lock while flushing, so two tabs never send the same entries at once. */
  const withLock = (work: () => Promise<void>): Promise<void> => {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    // Web Locks exist only in secure contexts (https, localhost): elsewhere this tab flushes alone.
    return locks ? locks.request(LOCK_NAME, work) : work();
  };

  const request = (): Promise<void> => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (running) {
      again = true;
      return running;
    }
    const pass = (async () => {
      do {
        again = false;
        try {
          await withLock(flushOnce);
        } catch (error) {
          setPhase('error', error instanceof Error ? error.message : String(error));
          schedule(backoffDelay(++failures));
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
    running = pass;
    return pass;
  };

  const listen = () => {
    const online = () => void request();
    const offline = () => setPhase('offline');
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    const stopSession = sessionStore.subscribe((now, before) => {
      const changedUser = now.user?.username !== before.user?.username;
      if (changedUser) syncStore.setState({ previousUser: before.user?.username ?? null });
      // Someone else (or nobody) now: their entries go out, the others' wait (and the counts say so).
      if (changedUser || (now.status === 'signed-in' && before.status !== 'signed-in')) void request();
    });
    void request();
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      stopSession();
      if (timer !== null) clearTimeout(timer);
    };
  };

  return { outbox: getOutbox, request, listen };
}

/** The signed-in learner as an outbox owner, or null. */
function ownerOf(session: Session): EntryOwner | null {
  const user = session.store.getState().user;
  return user ? { username: user.username, name: user.name } : null;
}

const eventIndex = (event: LearningEvent) => Number(event.id.slice(event.id.lastIndexOf(':') + 1));

/** The records sync of this tab (made once, at start-up); its loop starts when startSync is called. */
export function createSync(deps: SyncDependencies, options: SyncLoopOptions = {}) {
  const { session, syncStatus, attemptViews, attempts } = deps;
  let loop: SyncLoop | null = null;
  const theLoop = (): SyncLoop => (loop ??= createSyncLoop(deps, options));
  const currentOwner = () => ownerOf(session);

  const queued = (work: (outbox: Outbox) => Promise<number>): void => {
    const sync = theLoop();
    sync
      .outbox()
      .then(work)
      .then(
        (added) => {
          if (added > 0 && syncStatus.store.getState().state !== 'signed-out') void sync.request();
        },
        (error: unknown) => console.error('Could not queue records for sync:', error),
      );
  };

  /**
   * Starts the sync loop of this tab: reconciles every saved assessment log with the outbox (a tab
   * closed before its last actions were queued loses nothing; queueing is idempotent and the server
   * too), then flushes. Returns the stop.
   */
  const startSync = (courses: readonly { readonly id: string; readonly version: string }[]): (() => void) => {
    const sync = theLoop();
    for (const course of courses) {
      const log = attempts.savedAttemptLog(course, 'assessment');
      if (log) queued((outbox) => outbox.queueActions(log, currentOwner()));
    }
    return sync.listen();
  };

  /**
   * An assessment's log changed: queue the new actions (called before anything else is done with
   * it). They belong to the learner who started the attempt (the outbox remembers who that was).
   */
  const queueAssessmentLog = (log: readonly AttemptAction[]): void => {
    queued((outbox) => outbox.queueActions(log, currentOwner()));
  };

  /** A practice event of a signed-in learner: queue its xAPI statements. Nobody signed in: nothing. */
  const queuePracticeEvent = (course: Course, event: LearningEvent, locale: Locale): void => {
    const actor = session.store.getState().agent;
    if (!actor) return;
    const index = eventIndex(event);
    const statements = statementsForEvent({ course, actor, mode: 'practice', locale }, event, index);
    queued((outbox) => outbox.queueEvents(event.attemptId, [{ index, statements }]));
  };

  /** On opening a saved practice attempt: queue the statements of events a closed tab never queued. */
  const reconcilePracticeLog = (course: Course, log: readonly AttemptAction[], locale: Locale): void => {
    const actor = session.store.getState().agent;
    const start = log[0];
    if (!actor || start?.kind !== 'start') return;
    const events = deriveEvents(course, log).map((event) => ({
      index: eventIndex(event),
      statements: statementsForEvent({ course, actor, mode: 'practice', locale }, event, eventIndex(event)),
    }));
    queued((outbox) => outbox.queueEvents(start.attemptId, events));
  };

  /** Asks the server for an attempt's view (e.g. graded from another tab), keeping it if it answers. */
  const fetchAttemptView = async (attemptId: string): Promise<AttemptView | undefined> => {
    try {
      const view = await api('attempts.get', { params: { attemptId } });
      attemptViews.rememberAttemptView(view);
      return view;
    } catch {
      return undefined;
    }
  };

  /** Flushes now: after a sign-in, or when the learner asks. */
  const requestSync = (): void => {
    void theLoop().request();
  };

  /**
   * Before the learner signs out: one try to send what is theirs, for at most `timeoutMs`.
   * Resolves to how many of their entries are still on this device (they wait, under their name,
   * until they sign in here again).
   */
  const flushBeforeSignOut = async (timeoutMs = 8_000): Promise<number> => {
    let timeout: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([theLoop().request(), new Promise<void>((resolve) => (timeout = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timeout);
    return syncStatus.store.getState().pending;
  };

  return {
    startSync,
    queueAssessmentLog,
    queuePracticeEvent,
    reconcilePracticeLog,
    fetchAttemptView,
    requestSync,
    flushBeforeSignOut,
  };
}

export type Sync = ReturnType<typeof createSync>;
