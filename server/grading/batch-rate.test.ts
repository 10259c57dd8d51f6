// The per-learner limits on attempt batches: a burst, then the refill rate; the time budget; the
// 429's Retry-After; learners apart.
import { describe, expect, it } from 'vitest';
import { RequestError } from '../http/request-error.ts';
import { BatchRate } from './batch-rate.ts';

const LIMITS = { actionBatches: { perSecond: 10, burst: 20 }, batchWork: { msPerSecond: 25, burstMs: 250 } };

function refusal(run: () => void): RequestError {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('BatchRate', () => {
  it('allows a burst, then refuses with 429 and Retry-After until the bucket refills', () => {
    let now = 1_000_000;
    const rate = new BatchRate(LIMITS, () => now);
    for (let batch = 0; batch < 20; batch += 1) rate.take('learner');
    const refused = refusal(() => rate.take('learner'));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers).toEqual({ 'retry-after': '1' });
    expect(refused.message).toMatch(/at most 10 a second \(20 at once\)/);
    // Another learner has their own bucket.
    rate.take('someone-else');
    now += 100;
    rate.take('learner');
    expect(() => rate.take('learner')).toThrow(/Too many batches/);
  });

  it('refuses a learner whose batches used up the time budget, and says how long until it refills', () => {
    let now = 1_000_000;
    const rate = new BatchRate(LIMITS, () => now);
    rate.take('learner');
    rate.charge('learner', 300);
    const refused = refusal(() => rate.take('learner'));
    expect(refused.statusCode).toBe(429);
    // 50 ms in debt at 25 ms a second: 3 s until the budget is positive again.
    expect(refused.headers).toEqual({ 'retry-after': '3' });
    expect(refused.message).toMatch(/more time than one learner may use \(25 ms a second\)/);
    now += 2_000;
    expect(() => rate.take('learner')).toThrow(/more time/);
    now += 1_000;
    rate.take('learner');
  });
});
