// A joint-exercise session as the lobby and the trainer's control page follow it: loaded now, then
// again every `everyMs` while `keepPolling` says so (learners join and roles are assigned by others).
import { useEffect, useRef, useState } from 'react';
import { api } from '../../client/api.ts';
import type { ExerciseSessionView } from '../../contracts/exercise-types.ts';

export function usePolledSession(
  sessionId: string,
  everyMs: number,
  onFailure: (caught: unknown) => void,
  keepPolling: (session: ExerciseSessionView | null) => boolean = () => true,
) {
  const [session, setSession] = useState<ExerciseSessionView | null>(null);
  const failure = useRef(onFailure);
  failure.current = onFailure;
  const active = keepPolling(session);
  useEffect(() => {
    if (!active) return undefined;
    let live = true;
    const load = () =>
      api('exerciseSessions.get', { params: { sessionId } }).then(
        (answer) => live && setSession(answer.session),
        (caught: unknown) => live && failure.current(caught),
      );
    void load();
    const timer = setInterval(() => void load(), everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [sessionId, everyMs, active]);
  return [session, setSession] as const;
}
