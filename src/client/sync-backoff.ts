// How long the sync loop waits before trying again after a failure: exponential backoff from 1 s,
// doubling to at most 60 s, with jitter so a room of headsets coming back online together does
// not hit the server in step.
export const BACKOFF_FIRST_MS = 1_000;
export const BACKOFF_MAX_MS = 60_000;

/**
 * The wait before retry number `failures` (1 after the first failure): half of the exponential
 * step fixed, half random ("equal jitter"), so it never drops below half the step.
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
