// Forwarding settings from the environment, the retry timing rules, and how a remote LRS's
// answers are sorted: pure functions, so no server is needed.
import { describe, expect, it } from 'vitest';
import { forwardConfigFromEnv, resolveForwardConfig } from './forward-config.ts';
import { backoffDelay, MAX_RETRY_AFTER_MS, retryAfterMs } from './forward-retry.ts';
import { classifyAnswer } from './forward-send.ts';

const noHeaders = { get: () => null };
const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

describe('forwarding settings', () => {
  it('are off without XAPI_FORWARD_URL, and read key, secret and version with it', () => {
    expect(forwardConfigFromEnv({})).toBeUndefined();
    expect(forwardConfigFromEnv({ XAPI_FORWARD_URL: '' })).toBeUndefined();
    const config = forwardConfigFromEnv({
      XAPI_FORWARD_URL: 'https://lrs.example.gov.cn/xapi/',
      XAPI_FORWARD_KEY: 'k',
      XAPI_FORWARD_SECRET: 's',
    });
    expect(config).toEqual({
      url: 'https://lrs.example.gov.cn/xapi/',
      credentials: { key: 'k', secret: 's' },
      version: undefined,
    });
    const resolved = resolveForwardConfig(config!);
    expect(resolved).toMatchObject({ url: 'https://lrs.example.gov.cn/xapi', version: '2.0.0', batchSize: 50 });
    expect(forwardConfigFromEnv({ XAPI_FORWARD_URL: 'http://10.0.0.5:8080/xapi', XAPI_FORWARD_VERSION: '1.0.3' })?.version).toBe(
      '1.0.3',
    );
  });

  it('refuse what would fail later, saying what to set', () => {
    expect(() => forwardConfigFromEnv({ XAPI_FORWARD_URL: 'lrs.example.gov.cn' })).toThrow(/not a URL/);
    expect(() => forwardConfigFromEnv({ XAPI_FORWARD_URL: 'ftp://lrs.example.gov.cn' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => forwardConfigFromEnv({ XAPI_FORWARD_URL: 'https://user:pw@lrs.example.gov.cn' })).toThrow(/XAPI_FORWARD_KEY/);
    expect(() => forwardConfigFromEnv({ XAPI_FORWARD_URL: 'https://lrs.example.gov.cn', XAPI_FORWARD_KEY: 'k' })).toThrow(
      /both XAPI_FORWARD_KEY and XAPI_FORWARD_SECRET/,
    );
    expect(() => forwardConfigFromEnv({ XAPI_FORWARD_URL: 'https://lrs.example.gov.cn', XAPI_FORWARD_VERSION: '3.0' })).toThrow(
      /2\.0\.0/,
    );
    expect(() => forwardConfigFromEnv({ XAPI_FORWARD_KEY: 'k', XAPI_FORWARD_SECRET: 's' })).toThrow(/without XAPI_FORWARD_URL/);
    expect(() => resolveForwardConfig({ url: 'https://lrs.example.gov.cn', batchSize: 0 })).toThrow(/batchSize/);
    expect(() => resolveForwardConfig({ url: 'https://lrs.example.gov.cn', leaseMs: 10_000, requestTimeoutMs: 10_000 })).toThrow(
      /longer than requestTimeoutMs/,
    );
  });
});

describe('retry timing', () => {
  it('doubles the delay per failed try, up to the cap, with half of it random', () => {
    expect(backoffDelay(1, 1000, 60_000, 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, 0.999)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, 0)).toBe(2000);
    expect(backoffDelay(3, 1000, 60_000, 0.5)).toBe(3000);
    expect(backoffDelay(40, 1000, 60_000, 0)).toBe(30_000);
    expect(backoffDelay(40, 1000, 60_000, 0.999)).toBeLessThanOrEqual(60_000);
  });

  it('reads Retry-After as seconds or as an HTTP date, capped at an hour', () => {
    const now = Date.parse('2026-05-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Fri, 01 May 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 30 Apr 2026 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe("the remote LRS's answers", () => {
  const target = 'https://lrs.example.gov.cn/xapi/statements';
  it('sort into delivered, already there, refused and try again', () => {
    expect(classifyAnswer(200, '["id"]', noHeaders, target)).toEqual({ kind: 'delivered' });
    expect(classifyAnswer(204, '', noHeaders, target)).toEqual({ kind: 'delivered' });
    expect(classifyAnswer(409, '{"message":"different statement"}', noHeaders, target)).toMatchObject({ kind: 'duplicate' });
    expect(classifyAnswer(400, '{"message":"statement.verb.id: not an IRI"}', noHeaders, target)).toEqual({
      kind: 'refused',
      reason: `${target} answered 400: statement.verb.id: not an IRI`,
    });
    expect(classifyAnswer(413, 'too large', noHeaders, target)).toMatchObject({ kind: 'refused' });
    expect(classifyAnswer(429, '', headers({ 'retry-after': '7' }), target)).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
    expect(classifyAnswer(503, '<html>down</html>', noHeaders, target)).toMatchObject({ kind: 'retry', retryAfterMs: undefined });
    expect(classifyAnswer(401, '', noHeaders, target)).toMatchObject({
      kind: 'retry',
      reason: expect.stringContaining('XAPI_FORWARD_KEY'),
    });
    expect(classifyAnswer(404, '', noHeaders, target)).toMatchObject({
      kind: 'retry',
      reason: expect.stringContaining('XAPI_FORWARD_URL'),
    });
    expect(classifyAnswer(308, '', headers({ location: 'https://new.example/xapi/statements' }), target)).toMatchObject({
      kind: 'retry',
      reason: expect.stringContaining('https://new.example'),
    });
  });
});
