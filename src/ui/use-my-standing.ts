// The signed-in learner's own standing (GET /api/v1/me/standing), loaded once per page and again
// when `refresh` changes (the results page refreshes when the official result arrives). Signed
// out, offline or without a policy: null, and the pages fall back to what the course says.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../client/api.ts';
import { useSession } from '../client/session.ts';
import type { MyStanding } from '../contracts/my-standing-types.ts';

export type MyStandingLoad =
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly standing: MyStanding }
  | { readonly kind: 'failed'; readonly message: string | null };

export function useMyStandingLoad(refresh: string = ''): MyStandingLoad {
  const userId = useSession((state) => state.user?.id ?? null);
  const [load, setLoad] = useState<MyStandingLoad>({ kind: 'loading' });
  useEffect(() => {
    if (userId === null) {
      setLoad({ kind: 'signed-out' });
      return;
    }
    const controller = new AbortController();
    setLoad((previous) => (previous.kind === 'loaded' ? previous : { kind: 'loading' }));
    api('me.standing', { signal: controller.signal }).then(
      (standing) => {
        if (!controller.signal.aborted) setLoad({ kind: 'loaded', standing });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ kind: 'failed', message: error instanceof ApiError ? error.message : null });
      },
    );
    return () => controller.abort();
  }, [userId, refresh]);
  return load;
}

/** The standing once loaded, else null. */
export function useMyStanding(refresh?: string): MyStanding | null {
  const load = useMyStandingLoad(refresh);
  return load.kind === 'loaded' ? load.standing : null;
}
