// The timed step's world: a simulated clock that advances with each action's cost and with real
// hesitation, and a counter (say, copies of a leaked file) that grows with it until contained.
import type { TimedStep } from '../../../course/schema.ts';

/** What the clock reads of a timed step: the counter and the actions' costs, which the learner sees too. */
export type TimedWorld = Pick<TimedStep, 'counter' | 'minutesPerSecond'> & {
  readonly actions: readonly { readonly id: string; readonly minutes: number; readonly spreadFactor?: number | undefined }[];
};

/**
 * The longest a timed step's briefing may stay open: the clock starts at Start or, at the latest,
 * this long after the step was presented (the browser starts it then, the server counts from then).
 */
export const BRIEFING_MAX_MS = 5 * 60_000;

/** When the clock started, ms after the step was presented; null while the briefing is open. */
export function timedStartMs(r: {
  readonly startedMs?: number | undefined;
  readonly done: readonly unknown[];
  readonly endedMs: number | null;
}) {
  if (r.startedMs !== undefined) return r.startedMs;
  return r.done.length > 0 || r.endedMs !== null ? 0 : null;
}

export interface TimedEntry {
  readonly id: string;
  /** Real milliseconds after the clock started. */
  readonly atMs: number;
}

export interface TimedState {
  /** Simulated minutes elapsed. */
  readonly minutes: number;
  readonly counter: number;
  /** Simulated minute at which each action was finished. */
  readonly finishedAt: Readonly<Record<string, number>>;
  /** Current growth per simulated minute. */
  readonly rate: number;
}

/**
 * Replays the actions taken (in order, each stamped with real time) and, optionally, the real time
 * at which the clock is read. Real time counts `minutesPerSecond`; each action adds its own minutes.
 */
export function runTimedClock(step: TimedWorld, done: readonly TimedEntry[], nowMs?: number): TimedState {
  let minutes = 0;
  let counter = step.counter.start;
  let rate = step.counter.perMinute;
  let lastMs = 0;
  const finishedAt: Record<string, number> = {};
  const advance = (m: number) => {
    minutes += m;
    counter += rate * m;
  };
  for (const entry of done) {
    const action = step.actions.find((a) => a.id === entry.id);
    if (!action) continue;
    advance((Math.max(0, entry.atMs - lastMs) / 1000) * step.minutesPerSecond);
    lastMs = Math.max(lastMs, entry.atMs);
    advance(action.minutes);
    finishedAt[action.id] = minutes;
    if (action.spreadFactor !== undefined) rate *= action.spreadFactor;
  }
  if (nowMs !== undefined && nowMs > lastMs) advance(((nowMs - lastMs) / 1000) * step.minutesPerSecond);
  return { minutes: Math.round(minutes * 10) / 10, counter: Math.round(counter), finishedAt, rate };
}

export function timedOutcome(step: TimedStep, counter: number) {
  return step.outcomes.find((o) => counter <= o.max) ?? step.outcomes[step.outcomes.length - 1]!;
}
