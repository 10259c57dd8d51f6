// When to try a failed forward again: exponential backoff with jitter, or what the remote asked
// for in Retry-After. Pure functions, so the timing rules are tested without waiting.

/** Retry-After may ask for a pause this long at most; anything longer is taken as this. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Delay before try number `attempts + 1`, after `attempts` failed tries (≥ 1): base·2^(attempts−1),
 * capped at `maxMs`, then "equal jitter" (half fixed, half random) so that instances which
 * failed together do not retry together. `random` is in [0, 1).
 */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random: number = Math.random()): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const capped = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(capped / 2 + (capped / 2) * random);
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(date - now, 0), MAX_RETRY_AFTER_MS);
}
