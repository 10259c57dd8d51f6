// Who is signed in, as the browser knows it. Read from GET /api/v1/auth/me and remembered
// locally, so a headset that reloads while offline still knows whose records it is keeping. The app
// makes one session at start-up (createSession) and provides it; components read it with useSession.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SignInRequest } from '../contracts/sign-in-types.ts';
import type { SignedInResponse } from '../contracts/account-lifecycle.ts';
import { meResponseSchema, type MeResponse, type SessionUserView } from '../contracts/user-types.ts';
import type { XapiAgent } from '../records/xapi-statement.ts';
import { api, ApiError } from './api.ts';
import { useClientServices } from './client-context.ts';
import type { KeyValueStorage } from './storage.ts';

export type { MeResponse };

export type SessionState = Readonly<{
  /** loading: first check running; offline: the server could not be reached (user is the remembered one). */
  status: 'loading' | 'signed-in' | 'signed-out' | 'offline';
  user: SessionUserView | null;
  agent: XapiAgent | null;
  /** An admin set this user's password: the app shows only the change-password form. */
  mustChangePassword: boolean;
}>;

const REMEMBERED = 'shixun.session';

/** The remembered answer of /auth/me; null (and forgotten) when it is missing, unreadable or of another shape. */
function remembered(storage: KeyValueStorage): MeResponse | null {
  const raw = storage.get(REMEMBERED);
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const me = meResponseSchema.safeParse(parsed);
  if (me.success) return me.data;
  storage.remove(REMEMBERED);
  return null;
}

export type SessionStore = StoreApi<SessionState>;

/** The session of this tab, starting from the user `storage` remembers (made once, at start-up). */
export function createSession(storage: KeyValueStorage) {
  const store: SessionStore = createStore<SessionState>()(() => {
    const me = remembered(storage);
    return { status: 'loading', user: me?.user ?? null, agent: me?.agent ?? null, mustChangePassword: false };
  });

  /** Sets the signed-in user (after sign-in, device approval or /me). */
  const setSignedIn = (me: SignedInResponse): void => {
    storage.set(REMEMBERED, JSON.stringify({ user: me.user, agent: me.agent }));
    store.setState({ status: 'signed-in', user: me.user, agent: me.agent, mustChangePassword: me.mustChangePassword === true });
  };

  const setSignedOut = (): void => {
    storage.remove(REMEMBERED);
    store.setState({ status: 'signed-out', user: null, agent: null, mustChangePassword: false });
  };

  /** Asks the server who is signed in. Offline keeps the remembered user. */
  const refreshSession = async (): Promise<SessionState> => {
    try {
      setSignedIn(await api('auth.me'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setSignedOut();
      else store.setState({ status: 'offline' });
    }
    return store.getState();
  };

  /** Signs in with a username and password (POST /api/v1/auth/login). Throws ApiError (401, 429…). */
  const signIn = async (username: string, password: string): Promise<MeResponse> => {
    const body: SignInRequest = { username, password };
    const me = await api('auth.login', { body });
    setSignedIn(me);
    return me;
  };

  /**
   * Signs out on the server, then here. A 401 means the session had already ended, which is fine;
   * any other failure (e.g. offline) throws and leaves the user signed in, so nobody believes a
   * shared headset is signed out while the server still holds its session. Answers the provider's
   * address for signing out there too when the session began with single sign-on, else null.
   */
  const signOut = async (): Promise<string | null> => {
    let endSessionUrl: string | null = null;
    try {
      endSessionUrl = (await api('auth.ssoLogout')).endSessionUrl;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setSignedOut();
    return endSessionUrl;
  };

  return { store, setSignedIn, setSignedOut, refreshSession, signIn, signOut };
}

export type Session = ReturnType<typeof createSession>;

/** Reads the app's session (from the services the app provides). */
export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(useClientServices().session.store, selector);
}
