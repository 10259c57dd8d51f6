// Loading one API answer into a page: loading, loaded or failed (with the server's reason), a
// reload, and the answer of a path that is no longer asked for thrown away, so a quick change of
// filters never shows an older report over a newer one.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type CallOptions } from '../../client/api.ts';
import { endpointPath, endpoints, type Answer, type EndpointKey } from '../../contracts/endpoints.ts';
import { useT } from '../../i18n/i18n.ts';

export type Loaded<T> =
  /** `stale`: the previous answer, kept on screen (marked busy) while a new one loads. */
  | { readonly kind: 'loading'; readonly stale: T | null }
  | { readonly kind: 'loaded'; readonly data: T }
  | { readonly kind: 'failed'; readonly status: number | null; readonly message: string };

/** The message a failed request shows: the server's own reason, or what to do when it cannot be reached. */
export function useFailureMessage(): (error: unknown, path: string) => string {
  const { t } = useT();
  return useCallback(
    (error: unknown, path: string) => {
      if (error instanceof ApiError) return `${error.message} (${error.status}, ${path})`;
      return t('console_offline');
    },
    [t],
  );
}

/** What useApi asks with: the call's parameters and query, without a signal (useApi owns that). */
export type Request<K extends EndpointKey> = Omit<CallOptions<K>, 'signal'>;

/**
 * GETs endpoint `key` with `request` (null: nothing yet), and again whenever the request's
 * parameters change or `reload` is called.
 */
export function useApi<K extends EndpointKey>(
  key: K,
  request: Request<K> | null,
): { state: Loaded<Answer<K>>; reload: () => void } {
  type T = Answer<K>;
  // The request by value: a page may build a new object with the same fields on every render.
  const asked = request === null ? null : JSON.stringify(request);
  // The translate function is new on every render: read through a ref, it does not refetch.
  const failure = useFailureMessage();
  const failureRef = useRef(failure);
  useEffect(() => {
    failureRef.current = failure;
  });
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading', stale: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (asked === null) return;
    const options = JSON.parse(asked) as Request<K>;
    const path = endpointPath(endpoints[key].path, (options as { params?: Record<string, string> }).params);
    const controller = new AbortController();
    setState((previous) => ({
      kind: 'loading',
      stale: previous.kind === 'loaded' ? previous.data : previous.kind === 'loading' ? previous.stale : null,
    }));
    (api as (key: K, options: CallOptions<K>) => Promise<T>)(key, {
      ...options,
      signal: controller.signal,
    } as CallOptions<K>).then(
      (data) => {
        if (!controller.signal.aborted) setState({ kind: 'loaded', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({
            kind: 'failed',
            status: error instanceof ApiError ? error.status : null,
            message: failureRef.current(error, path),
          });
      },
    );
    return () => controller.abort();
  }, [key, asked, round]);
  return { state, reload: useCallback(() => setRound((n) => n + 1), []) };
}

/** The answer to show: the loaded one, or the previous one while a new one loads. */
export function shown<T>(state: Loaded<T>): T | null {
  return state.kind === 'loaded' ? state.data : state.kind === 'loading' ? state.stale : null;
}
