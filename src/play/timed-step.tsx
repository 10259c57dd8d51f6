// The clock of a timed step: what remains, where the simulated incident stands, and the one place
// that starts the clock when the briefing has stayed open its longest and submits the step when the
// time runs out (whichever view the learner is using). The clock runs from the learner's Start.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { PublicTimedStep } from '../engine/public-view.ts';
import { timedEdits } from '../engine/response-edits.ts';
import type { TimedResponse } from '../engine/responses.ts';
import { BRIEFING_MAX_MS, runTimedClock, timedStartMs } from '../engine/step-kinds/timed/clock.ts';
import { usePlay, useStepModel } from './play-context.tsx';

/** Re-renders every `ms` while `active`: a running clock is not idle. */
function useNow(ms: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms, active]);
  return now;
}

export function useTimedClock(step: PublicTimedStep, draft: TimedResponse, running: boolean) {
  const { attempt } = usePlay();
  const presentedAt = useStore(attempt, (s) => s.presentedAt);
  const start = timedStartMs(draft);
  const now = useNow(500, running && start !== null && draft.endedMs === null);
  const limitMs = step.timeLimitSeconds * 1000;
  const startedAt = presentedAt + (start ?? 0);
  const elapsedMs = start === null ? 0 : Math.min(limitMs, Math.max(0, draft.endedMs ?? now - startedAt));
  return {
    /** The learner has pressed Start (the briefing is over). */
    started: start !== null,
    elapsedMs,
    remainingMs: limitMs - elapsedMs,
    clock: runTimedClock(step, draft.done, elapsedMs),
    /** Real ms since the clock started, for stamping an action now. */
    stamp: () => Math.min(limitMs, Math.max(0, Date.now() - startedAt)),
    /** Real ms since the step was presented, for stamping Start now. */
    sincePresented: () => Math.min(BRIEFING_MAX_MS, Math.max(0, Date.now() - presentedAt)),
  };
}

export function formatClock(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Starts a timed step's clock when its briefing has been open its longest; submits the step as it stands when its time runs out. */
export function TimedDeadline() {
  const { attempt } = usePlay();
  const model = useStepModel();
  const step = model?.step;
  const presentedAt = useStore(attempt, (s) => s.presentedAt);
  const start = useStore(attempt, (s) => (s.draft?.type === 'timed' ? timedStartMs(s.draft) : null));
  const running = step?.type === 'timed' && model?.phase !== 'evaluated';
  useEffect(() => {
    if (!running || step?.type !== 'timed') return;
    const limitMs = step.timeLimitSeconds * 1000;
    const fire = () => {
      const state = attempt.getState();
      if (state.phase === 'evaluated' || state.draft?.type !== 'timed') return;
      if (start === null) {
        state.actions.respond(timedEdits.start(state.draft, BRIEFING_MAX_MS));
        return;
      }
      state.actions.respond(timedEdits.end(state.draft, limitMs));
      state.actions.submit();
    };
    const left = start === null ? presentedAt + BRIEFING_MAX_MS - Date.now() : presentedAt + start + limitMs - Date.now();
    if (left <= 0) {
      fire();
      return;
    }
    const id = setTimeout(fire, left);
    return () => clearTimeout(id);
  }, [running, step, presentedAt, start, attempt]);
  return null;
}
