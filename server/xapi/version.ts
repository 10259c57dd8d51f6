// The X-Experience-API-Version header: which versions this LRS speaks and what it answers with.
export const VERSION_HEADER = 'x-experience-api-version';
/** What GET /xapi/about reports, newest first. */
export const SUPPORTED_VERSIONS = ['2.0.0', '1.0.3'] as const;

export interface RequestVersion {
  /** The rule set statements are validated against. */
  readonly family: '1.0' | '2.0';
  /** What the response's X-Experience-API-Version header says. */
  readonly responseVersion: (typeof SUPPORTED_VERSIONS)[number];
}

/** Any 2.0.x, and 1.0 / 1.0.x (answered as 1.0.3, the last 1.0 patch); undefined otherwise. */
export function parseVersionHeader(value: string | string[] | undefined): RequestVersion | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (/^2\.0\.\d+$/.test(trimmed)) return { family: '2.0', responseVersion: '2.0.0' };
  if (/^1\.0(\.\d+)?$/.test(trimmed)) return { family: '1.0', responseVersion: '1.0.3' };
  return undefined;
}
