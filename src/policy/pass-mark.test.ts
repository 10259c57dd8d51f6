// The one pass mark: the policy's minimum where it is at or above the course's own mark, the
// course's mark where that is higher or no policy is in force; and the rule a result must meet.
import { describe, expect, it } from 'vitest';
import { passMarkFor, reachesMinimum } from './pass-mark.ts';
import type { Policy } from './schema.ts';

const policy = {
  minimumScore: { default: 0.6, byCourse: { 'data-security': 0.8 } },
} as Pick<Policy, 'minimumScore'> as Policy;

describe('passMarkFor', () => {
  it('the policy minimum is the pass mark where it is at or above the course’s own', () => {
    expect(passMarkFor(policy, 'data-security', 0.7)).toEqual({ score: 0.8, from: 'policy' });
    expect(passMarkFor(policy, 'governance', 0.6)).toEqual({ score: 0.6, from: 'policy' });
  });

  it('the course’s own mark where it is higher (the standing needs the course passed too), or with no policy', () => {
    expect(passMarkFor(policy, 'governance', 0.7)).toEqual({ score: 0.7, from: 'course' });
    expect(passMarkFor(null, 'data-security', 0.7)).toEqual({ score: 0.7, from: 'course' });
  });
});

describe('reachesMinimum', () => {
  it('75% against an 80% minimum does not; 80% does, also when rounding puts it a hair below', () => {
    expect(reachesMinimum({ scaled: 0.75, passed: true }, 0.8)).toBe(false);
    expect(reachesMinimum({ scaled: 0.8, passed: true }, 0.8)).toBe(true);
    expect(reachesMinimum({ scaled: 0.7 + 0.1, passed: true }, 0.8)).toBe(true);
  });

  it('a result that failed the course does not, whatever its score', () => {
    expect(reachesMinimum({ scaled: 0.95, passed: false }, 0.8)).toBe(false);
  });
});
