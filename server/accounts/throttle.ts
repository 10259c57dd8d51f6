// Throttling of password guesses (sign-in, password change, xAPI Basic auth), after OWASP ASVS
// v4 2.2.1. Failures are counted in the database (RateLimiter), so every server process shares
// them, in three buckets:
// - per account and source address: the first few failures are free, then each one doubles the
//   wait before the next try from that address (answered 429 with Retry-After);
// - per account, a soft limit: once an account has had many failures from everywhere, sources
//   that have failed against it must wait until the window frees; a source that has not failed
//   (the person at their own desk) still signs in with the right password;
// - per source address, a high backstop against one address spraying many accounts.
// A success clears only its own account-and-source count: a thief's failures stay counted.
import type { RateLimiter } from './rate-limiter.ts';

export interface ThrottlePolicy {
  /** Failures per account and source that cost nothing; each one after doubles the wait. */
  readonly freeFailures: number;
  /** The first wait, in seconds, after the free failures. */
  readonly firstDelayS: number;
  /** The longest wait, in seconds. */
  readonly maxDelayS: number;
  /** Failures for one account, from all sources, before sources that failed must wait. */
  readonly failuresPerAccount: number;
  /** Failures from one source address, over all accounts, before it must wait. */
  readonly failuresPerSource: number;
  readonly windowMs: number;
}

export class GuessThrottle {
  readonly #limiter: RateLimiter;
  readonly #policy: ThrottlePolicy;
  readonly #area: string;

  /** `area` keeps the counts of sign-in and xAPI credentials apart (`login`, `xapi`). */
  constructor(limiter: RateLimiter, policy: ThrottlePolicy, area: string) {
    this.#limiter = limiter;
    this.#policy = policy;
    this.#area = area;
  }

  #buckets(account: string, source: string) {
    return {
      pair: `${this.#area}-pair:${source} ${account}`,
      account: `${this.#area}-account:${account}`,
      source: `${this.#area}-source:${source}`,
    };
  }

  /** Seconds `source` must wait before guessing at `account` again; 0 when it may now. */
  async retryAfter(account: string, source: string): Promise<number> {
    const policy = this.#policy;
    const buckets = this.#buckets(account, source);
    const pair = await this.#limiter.recent(buckets.pair, policy.windowMs);
    let wait = 0;
    const over = pair.count - policy.freeFailures;
    if (over > 0 && pair.last !== undefined) {
      const delayS = Math.min(policy.maxDelayS, policy.firstDelayS * 2 ** (over - 1));
      wait = Math.max(wait, this.#limiter.secondsUntil(pair.last + delayS * 1000));
    }
    // The soft per-account limit binds only sources that have failed against this account.
    if (pair.count > 0) {
      wait = Math.max(
        wait,
        await this.#limiter.retryAfter(buckets.account, { max: policy.failuresPerAccount, windowMs: policy.windowMs }),
      );
    }
    wait = Math.max(
      wait,
      await this.#limiter.retryAfter(buckets.source, { max: policy.failuresPerSource, windowMs: policy.windowMs }),
    );
    return wait;
  }

  async failed(account: string, source: string): Promise<void> {
    const buckets = this.#buckets(account, source);
    await this.#limiter.record(buckets.pair);
    await this.#limiter.record(buckets.account);
    await this.#limiter.record(buckets.source);
  }

  async succeeded(account: string, source: string): Promise<void> {
    await this.#limiter.reset(this.#buckets(account, source).pair);
  }
}

/** "Try again in 3 minutes" / "in 20 seconds". */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
