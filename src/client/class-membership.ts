// The learner's side of a class: which class this learner is in (remembered per learner, so a
// shared headset never shows one learner's class to the next), joining and leaving, asking for
// help, and the heartbeat. Heartbeats are best-effort: offline or failing, they are dropped
// silently; the outbox, not this, keeps the learner's records.
import { useState } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { api, ApiError, CSRF_HEADER } from './api.ts';
import type { ClassProgressReport, MembershipView } from '../contracts/class-types.ts';
import { useClientServices } from './client-context.ts';
import { useSession, type SessionStore } from './session.ts';
import type { KeyValueStorage } from './storage.ts';

export type ClassMembershipState = Readonly<{
  /** The username the membership belongs to. @default null */
  owner: string | null;
  /** The open class the learner is in, or an ended one not yet dismissed. @default null */
  membership: MembershipView | null;
}>;

const KEY = 'shixun.class';

function remembered(storage: KeyValueStorage): ClassMembershipState {
  try {
    const parsed = JSON.parse(storage.get(KEY) ?? 'null') as ClassMembershipState | null;
    if (parsed && typeof parsed.owner === 'string' && typeof parsed.membership === 'object') return parsed;
  } catch {
    // A damaged entry is as good as none.
  }
  return { owner: null, membership: null };
}

export type ClassMembershipStore = StoreApi<ClassMembershipState>;

/** The membership `storage` remembers, kept for the learner `session` says is signed in (made once, at start-up). */
export function createClassMembership(storage: KeyValueStorage, session: SessionStore) {
  const store: ClassMembershipStore = createStore<ClassMembershipState>()(() => remembered(storage));

  const remember = (owner: string, membership: MembershipView | null): void => {
    const state = { owner, membership };
    store.setState(state);
    storage.set(KEY, JSON.stringify(state));
  };

  const currentUsername = (): string | null => session.getState().user?.username ?? null;

  /** Asks the server; offline keeps what is remembered. */
  const refreshMembership = async (): Promise<void> => {
    const username = currentUsername();
    if (username === null) return;
    try {
      const { membership } = await api('classes.joined');
      remember(username, membership);
    } catch {
      // Offline or signed out meanwhile: nothing to change.
    }
  };

  /** Joins with a code; throws ApiError (404 bad code, 409 in another class, 429) or a network error. */
  const joinClass = async (code: string): Promise<MembershipView> => {
    const username = currentUsername();
    const { membership } = await api('classes.join', { body: { code } });
    if (membership === null) throw new Error('The server joined no class.');
    if (username !== null) remember(username, membership);
    return membership;
  };

  /** Leaves the class, or dismisses the notice of an ended one. */
  const leaveClass = async (classId: string): Promise<void> => {
    const username = currentUsername();
    try {
      await api('classes.leave', { params: { classId } });
    } catch (error) {
      // 404: already out of it, which is what was asked.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
    if (username !== null) remember(username, null);
  };

  const requestHelp = async (classId: string): Promise<void> => {
    const username = currentUsername();
    const { membership } = await api('classes.help', { params: { classId } });
    if (username !== null) remember(username, membership);
  };

  /**
   * One heartbeat, with the learner's progress when there is some. Never throws and never shows an
   * error: offline it is not even tried. The answer says whether the class has ended meanwhile.
   */
  const sendHeartbeat = async (classId: string, progress: ClassProgressReport | null): Promise<void> => {
    const username = currentUsername();
    if (username === null || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
    try {
      const { membership } = await api('classes.progress', {
        params: { classId },
        body: progress === null ? {} : { progress },
      });
      remember(username, membership);
    } catch (error) {
      // No longer a member (removed, or left on another device): stop reporting.
      if (error instanceof ApiError && error.status === 404) remember(username, null);
    }
  };

  return { store, refreshMembership, joinClass, leaveClass, requestHelp, sendHeartbeat };
}

export type ClassMembership = ReturnType<typeof createClassMembership>;

/** The signed-in learner's membership (null for anyone else, or none). */
export function useClassMembership(): MembershipView | null {
  const username = useSession((s) => s.user?.username ?? null);
  return useStore(useClientServices().classMembership.store, (s) =>
    username !== null && s.owner === username ? s.membership : null,
  );
}

/** The "Ask for help" button's state, shared by the play page and the headset's 3D button. */
export interface HelpRequest {
  /** The request reached the trainer and is not handled yet. */
  readonly asked: boolean;
  readonly sending: boolean;
  /** The last try did not reach the server. */
  readonly failed: boolean;
  readonly ask: () => void;
}

/** Asking for help in `membership`'s class: one request at a time, and the outcome. */
export function useHelpRequest(membership: MembershipView): HelpRequest {
  const { requestHelp } = useClientServices().classMembership;
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  const asked = membership.helpRequestedAt !== null;
  const ask = () => {
    if (sending) return;
    setSending(true);
    setFailed(false);
    requestHelp(membership.classId).then(
      () => setSending(false),
      () => {
        setSending(false);
        setFailed(true);
      },
    );
  };
  return { asked, sending, failed, ask };
}

/** The page is closing: the trainer sees the learner disconnected at once rather than in 30 s. */
export function sendGone(classId: string): void {
  try {
    void fetch(`/api/v1/classes/${classId}/progress`, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ gone: true }),
    }).catch(() => undefined);
  } catch {
    // Best effort only.
  }
}
