import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay } from './sync-backoff.ts';

describe('sync backoff', () => {
  it('doubles from 1 s and stops at 60 s', () => {
    const top = (failures: number) => backoffDelay(failures, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(top)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('jitters within the upper half of each step', () => {
    expect(backoffDelay(1, () => 0)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(3_000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(10);
      expect(delay).toBeGreaterThanOrEqual(BACKOFF_MAX_MS / 2);
      expect(delay).toBeLessThanOrEqual(BACKOFF_MAX_MS);
    }
  });
});
