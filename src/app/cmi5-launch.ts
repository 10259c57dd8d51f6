// A course page opened by an LMS with cmi5 launch parameters: starts the cmi5 session before the
// attempt begins, reports the attempt's end to the LMS, and on leaving sends terminated and goes to
// the LMS's returnURL. Without the parameters the page plays as it always does.
import { useEffect, useRef, useState } from 'react';
import { useClientServices } from '../client/client-context.ts';
import { startCmi5Session, type Cmi5Session } from '../client/cmi5-session.ts';
import { setLocale } from '../i18n/i18n.ts';
import { readCmi5Launch } from '../records/cmi5.ts';

export type Cmi5State =
  /** An ordinary visit: no cmi5 parameters. */
  | { readonly kind: 'none' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'ready'; readonly session: Cmi5Session }
  | { readonly kind: 'failed'; readonly message: string };

/** Only an http(s) address is followed back to the LMS, never a script URL. */
export function safeReturnUrl(returnURL: string | undefined, base: string = location.href): string | null {
  if (returnURL === undefined) return null;
  try {
    const url = new URL(returnURL, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function useCmi5Launch(): Cmi5State {
  const { storage } = useClientServices();
  const [state, setState] = useState<Cmi5State>(() => {
    const launch = readCmi5Launch(new URLSearchParams(location.search));
    if (launch === null) return { kind: 'none' };
    return typeof launch === 'string' ? { kind: 'failed', message: launch } : { kind: 'starting' };
  });
  // The fetch URL answers once: a second run of the effect (React's development checks) reuses the first start.
  const started = useRef<Promise<Cmi5Session> | null>(null);
  useEffect(() => {
    const launch = readCmi5Launch(new URLSearchParams(location.search));
    if (launch === null || typeof launch === 'string') return;
    let live = true;
    started.current ??= startCmi5Session(launch);
    started.current.then(
      (session) => {
        if (!live) return;
        if (session.locale) setLocale(storage, session.locale);
        setState({ kind: 'ready', session });
      },
      (error: unknown) => live && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [storage]);

  // Closing the tab ends the session too; the request outlives the page (keepalive).
  const session = state.kind === 'ready' ? state.session : null;
  useEffect(() => {
    if (!session) return;
    const leave = () => void session.terminate().catch(() => undefined);
    addEventListener('pagehide', leave);
    return () => removeEventListener('pagehide', leave);
  }, [session]);
  return state;
}

/** Leaves a cmi5 session: terminated, then the LMS's returnURL (or `fallback` when it gave none). */
export function exitCmi5(session: Cmi5Session, fallback: () => void): void {
  const target = safeReturnUrl(session.launchData.returnURL);
  void session
    .terminate()
    .catch(() => undefined)
    .finally(() => (target ? location.assign(target) : fallback()));
}
