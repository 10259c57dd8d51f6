// The trainer page's live copy of a class: the snapshot from GET /api/v1/classes/:id, then every
// `snapshot` event of the server-sent stream. EventSource reconnects by itself after a drop; a
// stream the server refused (or closed for good) is opened again, snapshot first, after a pause.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../client/api.ts';
import { checkedAnswer } from '../../client/checked-answer.ts';
import { classSnapshotSchema } from '../../contracts/class-types.ts';
import { endpointPath, endpoints } from '../../contracts/endpoints.ts';
import type { ClassSnapshot } from '../../contracts/class-types.ts';

export type ClassEventsState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly status: number | null; readonly message: string }
  | { readonly kind: 'live'; readonly snapshot: ClassSnapshot; readonly connection: 'open' | 'reconnecting' };

const REOPEN_MS = 5000;

/** Whether `next` is at least as new as `held`: a late answer must not replace a newer snapshot. */
function newer(next: ClassSnapshot, held: ClassSnapshot | undefined): boolean {
  return held === undefined || next.revision > held.revision || (next.revision === held.revision && next.now >= held.now);
}

export function useClassEvents(classId: string): readonly [ClassEventsState, (snapshot: ClassSnapshot) => void] {
  const [state, setState] = useState<ClassEventsState>({ kind: 'loading' });
  const [round, setRound] = useState(0);

  const accept = useCallback(
    (snapshot: ClassSnapshot) =>
      setState((held) =>
        held.kind === 'live' && !newer(snapshot, held.snapshot)
          ? { ...held, connection: 'open' }
          : { kind: 'live', snapshot, connection: 'open' },
      ),
    [],
  );

  useEffect(() => {
    let closed = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    api('classes.get', { params: { classId } }).then(
      (snapshot) => {
        if (closed) return;
        accept(snapshot);
        const events = endpointPath(endpoints['classes.events'].path, { classId });
        source = new EventSource(events);
        // Each event is checked like an answer of api(): in development and e2e builds, against its schema.
        source.addEventListener('snapshot', (event) =>
          accept(checkedAnswer(classSnapshotSchema, events, JSON.parse((event as MessageEvent<string>).data))),
        );
        source.addEventListener('open', () =>
          setState((held) => (held.kind === 'live' ? { ...held, connection: 'open' } : held)),
        );
        source.addEventListener('error', () => {
          setState((held) => (held.kind === 'live' ? { ...held, connection: 'reconnecting' } : held));
          if (source?.readyState === EventSource.CLOSED) timer = setTimeout(() => setRound((r) => r + 1), REOPEN_MS);
        });
      },
      (error: unknown) => {
        if (closed) return;
        if (error instanceof ApiError) setState({ kind: 'failed', status: error.status, message: error.message });
        else {
          setState((held) =>
            held.kind === 'live'
              ? { ...held, connection: 'reconnecting' }
              : { kind: 'failed', status: null, message: String(error) },
          );
          timer = setTimeout(() => setRound((r) => r + 1), REOPEN_MS);
        }
      },
    );
    return () => {
      closed = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [classId, round, accept]);

  return [state, accept] as const;
}
