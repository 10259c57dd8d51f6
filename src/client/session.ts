// Who is signed in, as the browser knows it. Read from GET /api/v1/auth/me and remembered
// locally, so a headset that reloads while offline still knows whose records it is keeping.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { SessionUserView } from '../contracts/user-types.ts';
import type { XapiAgent } from '../records/xapi-statement.ts';
import { api, ApiError } from './api.ts';
import { storage } from './storage.ts';

export interface MeResponse {
  readonly user: SessionUserView;
  /** The xAPI actor the server writes for this user. */
  readonly agent: XapiAgent;
}

export type SessionState = Readonly<{
  /** loading: first check running; offline: the server could not be reached (user is the remembered one). */
  status: 'loading' | 'signed-in' | 'signed-out' | 'offline';
  user: SessionUserView | null;
  agent: XapiAgent | null;
}>;

const REMEMBERED = 'shixun.session';

function remembered(): MeResponse | null {
  try {
    const raw = storage.get(REMEMBERED);
    return raw ? (JSON.parse(raw) as MeResponse) : null;
  } catch {
    return null;
  }
}

export const sessionStore = createStore<SessionState>()(() => {
  const me = remembered();
  return { status: 'loading', user: me?.user ?? null, agent: me?.agent ?? null };
});

/** Sets the signed-in user (after sign-in, device approval or /me). */
export function setSignedIn(me: MeResponse): void {
  storage.set(REMEMBERED, JSON.stringify(me));
  sessionStore.setState({ status: 'signed-in', user: me.user, agent: me.agent });
}

export function setSignedOut(): void {
  storage.remove(REMEMBERED);
  sessionStore.setState({ status: 'signed-out', user: null, agent: null });
}

/** Asks the server who is signed in. Offline keeps the remembered user. */
export async function refreshSession(): Promise<SessionState> {
  try {
    setSignedIn(await api<MeResponse>('/api/v1/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) setSignedOut();
    else sessionStore.setState({ status: 'offline' });
  }
  return sessionStore.getState();
}

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(sessionStore, selector);
}

/** Signs in with a username and password (POST /api/v1/auth/login). Throws ApiError (401, 429…). */
export async function signIn(username: string, password: string): Promise<MeResponse> {
  const me = await api<MeResponse>('/api/v1/auth/login', { method: 'POST', body: { username, password } });
  setSignedIn(me);
  return me;
}

/**
 * Signs out on the server, then here. A 401 means the session had already ended, which is fine;
 * any other failure (e.g. offline) throws and leaves the user signed in, so nobody believes a
 * shared headset is signed out while the server still holds its session.
 */
export async function signOut(): Promise<void> {
  try {
    await api<undefined>('/api/v1/auth/logout', { method: 'POST' });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  setSignedOut();
}
