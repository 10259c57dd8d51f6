// How long a course-pass credential stays valid: the policy's recertification months after the pass.
import { describe, expect, it } from 'vitest';
import { credentialValidUntil } from './validity.ts';

describe('credentialValidUntil', () => {
  const policy = { recertification: { validMonths: { 'algorithm-ethics': 12, short: 1 }, expiringWithinDays: 30 } };

  it('adds the course’s months to the pass, keeping the time of day', () => {
    expect(credentialValidUntil(policy, 'algorithm-ethics', new Date('2026-03-15T02:30:00Z'))?.toISOString()).toBe(
      '2027-03-15T02:30:00.000Z',
    );
  });

  it('ends on the last day of a shorter month', () => {
    expect(credentialValidUntil(policy, 'short', new Date('2026-01-31T08:00:00Z'))?.toISOString()).toBe(
      '2026-02-28T08:00:00.000Z',
    );
  });

  it('never expires a course the policy does not renew, or without a policy', () => {
    expect(credentialValidUntil(policy, 'data-security', new Date('2026-03-15T00:00:00Z'))).toBeUndefined();
    expect(credentialValidUntil({}, 'algorithm-ethics', new Date('2026-03-15T00:00:00Z'))).toBeUndefined();
    expect(credentialValidUntil(undefined, 'algorithm-ethics', new Date('2026-03-15T00:00:00Z'))).toBeUndefined();
    // An inherited property is not a course of the policy.
    expect(credentialValidUntil(policy, 'toString', new Date('2026-03-15T00:00:00Z'))).toBeUndefined();
  });
});
