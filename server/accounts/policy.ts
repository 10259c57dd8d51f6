// The numbers behind sign-in: session lifetimes, rate limits and device-code timing, as one typed
// object so a deployment or a test can change them without touching the code that applies them.

export interface AccountsPolicy {
  /** A browser session ends this long after its last use (sliding). */
  readonly browserSessionMs: number;
  /** A device session (headset signed in by device code) ends this long after sign-in. */
  readonly deviceSessionMs: number;
  /**
   * Password guesses (sign-in, password change, xAPI Basic auth): failures per account and
   * source address that cost nothing; each one after that doubles the wait (./throttle.ts).
   */
  readonly loginFreeFailures: number;
  /** Seconds to wait after the first failure past the free ones. */
  readonly loginFirstDelayS: number;
  /** The longest wait between guesses from one source at one account. */
  readonly loginMaxDelayS: number;
  /**
   * Failures for one account from all sources within `loginWindowMs` before the sources that
   * failed must wait: soft, a source without failures still signs in with the right password.
   */
  readonly loginFailuresPerAccount: number;
  /**
   * Failures from one address within `loginWindowMs`, over all accounts, before it must wait.
   * Far above what a training room behind one NAT address mistypes in an hour.
   */
  readonly loginFailuresPerSource: number;
  readonly loginWindowMs: number;
  /** Device codes one address may request within `deviceCodeWindowMs`. */
  readonly deviceCodesPerIp: number;
  readonly deviceCodeWindowMs: number;
  /** How long a device code can be approved and exchanged. */
  readonly deviceCodeLifetimeMs: number;
  /** Seconds a device waits between token polls (`interval`); faster polls get `slow_down`. */
  readonly devicePollIntervalS: number;
}

export const DEFAULT_ACCOUNTS_POLICY: AccountsPolicy = {
  browserSessionMs: 12 * 60 * 60_000,
  deviceSessionMs: 7 * 24 * 60 * 60_000,
  loginFreeFailures: 3,
  loginFirstDelayS: 2,
  loginMaxDelayS: 15 * 60,
  // ASVS 2.2.1: no more than 100 failed attempts per hour on one account.
  loginFailuresPerAccount: 100,
  loginFailuresPerSource: 300,
  loginWindowMs: 60 * 60_000,
  deviceCodesPerIp: 10,
  deviceCodeWindowMs: 60_000,
  deviceCodeLifetimeMs: 10 * 60_000,
  devicePollIntervalS: 5,
};

/** Milliseconds since the epoch; injected so tests can move time. */
export type Clock = () => number;

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The throttle settings (./throttle.ts) of a policy. */
export function throttlePolicy(policy: AccountsPolicy) {
  return {
    freeFailures: policy.loginFreeFailures,
    firstDelayS: policy.loginFirstDelayS,
    maxDelayS: policy.loginMaxDelayS,
    failuresPerAccount: policy.loginFailuresPerAccount,
    failuresPerSource: policy.loginFailuresPerSource,
    windowMs: policy.loginWindowMs,
  };
}
