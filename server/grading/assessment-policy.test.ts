// The assessment policy read from the environment: defaults, each setting, and clear refusals.
import { describe, expect, it } from 'vitest';
import { assessmentPolicyFromEnv, DEFAULT_ASSESSMENT_POLICY } from './assessment-policy.ts';

describe('assessmentPolicyFromEnv', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(assessmentPolicyFromEnv({})).toEqual(DEFAULT_ASSESSMENT_POLICY);
    expect(DEFAULT_ASSESSMENT_POLICY.assessmentAttempts).toEqual({ max: 3, periodDays: 30 });
    expect(DEFAULT_ASSESSMENT_POLICY.maxOpenAttempts).toBe(2);
    expect(DEFAULT_ASSESSMENT_POLICY.actionBatches).toEqual({ perSecond: 10, burst: 20 });
    expect(DEFAULT_ASSESSMENT_POLICY.batchWork).toEqual({ msPerSecond: 25, burstMs: 100 });
  });

  it('reads every setting', () => {
    expect(
      assessmentPolicyFromEnv({
        SHIXUN_ASSESSMENT_ATTEMPTS: ' 5 / 14 ',
        SHIXUN_ASSESSMENT_MAX_MINUTES: '90',
        SHIXUN_TIMED_TOLERANCE_MS: '3000',
        SHIXUN_ASSESSMENT_MAX_OPEN: '4',
        SHIXUN_ACTION_BATCHES: '5/8',
        SHIXUN_BATCH_WORK_MS: '40/400',
      }),
    ).toEqual({
      assessmentAttempts: { max: 5, periodDays: 14 },
      maxAttemptMinutes: 90,
      timedToleranceMs: 3000,
      maxOpenAttempts: 4,
      actionBatches: { perSecond: 5, burst: 8 },
      batchWork: { msPerSecond: 40, burstMs: 400 },
    });
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => assessmentPolicyFromEnv({ SHIXUN_ASSESSMENT_ATTEMPTS: '3' })).toThrow(
      /SHIXUN_ASSESSMENT_ATTEMPTS must be "max\/periodDays"/,
    );
    expect(() => assessmentPolicyFromEnv({ SHIXUN_ASSESSMENT_ATTEMPTS: '0/30' })).toThrow(/at least 1/);
    expect(() => assessmentPolicyFromEnv({ SHIXUN_ASSESSMENT_MAX_MINUTES: 'soon' })).toThrow(/SHIXUN_ASSESSMENT_MAX_MINUTES/);
    expect(() => assessmentPolicyFromEnv({ SHIXUN_ASSESSMENT_MAX_OPEN: '0' })).toThrow(/SHIXUN_ASSESSMENT_MAX_OPEN/);
    expect(() => assessmentPolicyFromEnv({ SHIXUN_ACTION_BATCHES: '10' })).toThrow(
      /SHIXUN_ACTION_BATCHES must be "perSecond\/burst"/,
    );
  });
});
