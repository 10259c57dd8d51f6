// Settings for forwarding stored statements to an external LRS. Forwarding is the one request
// the server makes to another host on its own, so it is off unless the operator sets
// XAPI_FORWARD_URL; the rest are tuning values with defaults that suit a real remote LRS.

export interface ForwardConfig {
  /** The remote LRS's xAPI base, e.g. `https://lrs.example.gov.cn/xapi`; statements go to `<url>/statements`. */
  readonly url: string;
  /** HTTP Basic credentials for the remote LRS (XAPI_FORWARD_KEY / XAPI_FORWARD_SECRET). */
  readonly credentials?: { readonly key: string; readonly secret: string } | undefined;
  /** X-Experience-API-Version sent to the remote. Default 2.0.0. */
  readonly version?: string | undefined;
  /** Most statements per POST. Default 50. */
  readonly batchSize?: number | undefined;
  /** First retry delay after a failure; it doubles per failed try, with jitter. Default 1 s. */
  readonly baseDelayMs?: number | undefined;
  /** Longest retry delay (Retry-After may ask for more, up to an hour). Default 5 min. */
  readonly maxDelayMs?: number | undefined;
  /** How often an idle forwarder looks for rows due (other instances, retries). Default 5 s. */
  readonly pollMs?: number | undefined;
  /** How long a claimed batch belongs to one forwarder before another may take it. Default 60 s. */
  readonly leaseMs?: number | undefined;
  /** Longest wait for the remote's answer to one POST. Default 30 s. */
  readonly requestTimeoutMs?: number | undefined;
}

export const FORWARD_DEFAULTS = {
  version: '2.0.0',
  batchSize: 50,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  pollMs: 5_000,
  leaseMs: 60_000,
  requestTimeoutMs: 30_000,
} as const;

type NumericSetting = 'batchSize' | 'baseDelayMs' | 'maxDelayMs' | 'pollMs' | 'leaseMs' | 'requestTimeoutMs';

/** Checked settings with every default filled in. */
export type ResolvedForwardConfig = Pick<ForwardConfig, 'credentials'> & { readonly url: string; readonly version: string } & {
  readonly [K in NumericSetting]: number;
};

const VERSION = /^(2\.0\.\d+|1\.0\.\d+)$/;

/** Checks the settings and fills in the defaults; throws a message the operator can act on. */
export function resolveForwardConfig(config: ForwardConfig): ResolvedForwardConfig {
  let parsed: URL;
  try {
    parsed = new URL(config.url);
  } catch {
    throw new Error(
      `XAPI_FORWARD_URL "${config.url}" is not a URL: give the remote LRS's xAPI base, e.g. https://lrs.example.gov.cn/xapi.`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`XAPI_FORWARD_URL must be an http:// or https:// URL, not ${parsed.protocol}//.`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new Error('Put the remote LRS credentials in XAPI_FORWARD_KEY and XAPI_FORWARD_SECRET, not in XAPI_FORWARD_URL.');
  }
  if (parsed.search !== '' || parsed.hash !== '')
    throw new Error('XAPI_FORWARD_URL must not carry a query or fragment: give the xAPI base only.');
  const version = config.version ?? FORWARD_DEFAULTS.version;
  if (!VERSION.test(version))
    throw new Error(`XAPI_FORWARD_VERSION "${version}" is not an xAPI version: use 2.0.0 (the default) or 1.0.3.`);
  const positive = (name: NumericSetting, value: number | undefined): number => {
    const chosen = value ?? FORWARD_DEFAULTS[name];
    if (!Number.isFinite(chosen) || chosen <= 0)
      throw new Error(`Forwarding setting ${name} must be a positive number, got ${String(value)}.`);
    return chosen;
  };
  const leaseMs = positive('leaseMs', config.leaseMs);
  const requestTimeoutMs = positive('requestTimeoutMs', config.requestTimeoutMs);
  // A claim must outlast the request it is for, or another forwarder could send the same rows.
  if (leaseMs <= requestTimeoutMs)
    throw new Error(`Forwarding setting leaseMs (${leaseMs}) must be longer than requestTimeoutMs (${requestTimeoutMs}).`);
  return {
    url: config.url.replace(/\/+$/, ''),
    credentials: config.credentials,
    version,
    batchSize: Math.floor(positive('batchSize', config.batchSize)),
    baseDelayMs: positive('baseDelayMs', config.baseDelayMs),
    maxDelayMs: positive('maxDelayMs', config.maxDelayMs),
    pollMs: positive('pollMs', config.pollMs),
    leaseMs,
    requestTimeoutMs,
  };
}

/** XAPI_FORWARD_URL, XAPI_FORWARD_KEY, XAPI_FORWARD_SECRET, XAPI_FORWARD_VERSION; undefined (off) without a URL. */
export function forwardConfigFromEnv(env: NodeJS.ProcessEnv): ForwardConfig | undefined {
  const { XAPI_FORWARD_URL: url, XAPI_FORWARD_KEY: key, XAPI_FORWARD_SECRET: secret, XAPI_FORWARD_VERSION: version } = env;
  if (url === undefined || url === '') {
    if (key || secret || version)
      throw new Error(
        'XAPI_FORWARD_KEY, XAPI_FORWARD_SECRET or XAPI_FORWARD_VERSION is set without XAPI_FORWARD_URL: set the URL of the LRS to forward to, or unset them.',
      );
    return undefined;
  }
  if (Boolean(key) !== Boolean(secret))
    throw new Error('Set both XAPI_FORWARD_KEY and XAPI_FORWARD_SECRET (the remote LRS credentials), or neither.');
  const config: ForwardConfig = {
    url,
    credentials: key && secret ? { key, secret } : undefined,
    version: version || undefined,
  };
  resolveForwardConfig(config);
  return config;
}

/** The URL as logs and status may show it. */
export function forwardTarget(config: Pick<ForwardConfig, 'url'>): string {
  return `${config.url.replace(/\/+$/, '')}/statements`;
}
