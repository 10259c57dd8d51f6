import { describe, expect, it } from 'vitest';
import { lmsOriginsFromEnv } from './lms-origins.ts';

describe('SHIXUN_CMI5_LMS_ORIGINS', () => {
  it('reads origins separated by spaces or commas', () => {
    expect(lmsOriginsFromEnv({})).toEqual([]);
    expect(lmsOriginsFromEnv({ SHIXUN_CMI5_LMS_ORIGINS: 'https://lms.example.gov.cn, http://10.0.0.5:8080' })).toEqual([
      'https://lms.example.gov.cn',
      'http://10.0.0.5:8080',
    ]);
  });

  it.each([
    ['a path', 'https://lms.example.gov.cn/xapi', 'without a path'],
    ['a trailing slash', 'https://lms.example.gov.cn/', 'without a path'],
    ['another scheme', 'ftp://lms.example.gov.cn', 'http(s) origin'],
    ['a wildcard', '*', 'is not an origin'],
    ['a CSP keyword', "'unsafe-inline'", 'is not an origin'],
  ])('refuses %s with what to write', (_name, value, reason) => {
    expect(() => lmsOriginsFromEnv({ SHIXUN_CMI5_LMS_ORIGINS: value })).toThrow(reason);
  });
});
