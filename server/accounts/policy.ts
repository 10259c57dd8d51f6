// The numbers behind sign-in: session lifetimes, rate limits and device-code timing, as one typed
// object so a deployment or a test can change them without touching the code that applies them.

export interface AccountsPolicy {
  /** A browser session ends this long after its last use (sliding). */
  readonly browserSessionMs: number;
  /** A device session (headset signed in by device code) ends this long after sign-in. */
  readonly deviceSessionMs: number;
  /** Failed sign-ins for one username within `loginWindowMs` before 429. */
  readonly loginFailuresPerUser: number;
  /**
   * Failed sign-ins from one address within `loginWindowMs` before 429. Higher than the per-user
   * limit: a training room may reach the server through one NAT address.
   */
  readonly loginFailuresPerIp: number;
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
  loginFailuresPerUser: 5,
  loginFailuresPerIp: 50,
  loginWindowMs: 15 * 60_000,
  deviceCodesPerIp: 10,
  deviceCodeWindowMs: 60_000,
  deviceCodeLifetimeMs: 10 * 60_000,
  devicePollIntervalS: 5,
};

/** Milliseconds since the epoch; injected so tests can move time. */
export type Clock = () => number;

export const iso = (ms: number): string => new Date(ms).toISOString();
