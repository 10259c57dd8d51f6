// The pose shape check and the per-client rate limit of the live room.
import { describe, expect, it } from 'vitest';
import { parsePose } from './pose.ts';
import { TokenBucket } from './token-bucket.ts';

describe('parsePose', () => {
  it('keeps head, hands and pointer with only their known fields', () => {
    const pose = parsePose({ head: { p: [0, 1.6, 0], q: [0, 0, 0, 1] }, pointer: { from: [0, 1, 0], to: [1, 1, -3] } });
    expect(pose).toEqual({
      ok: true,
      pose: { head: { p: [0, 1.6, 0], q: [0, 0, 0, 1] }, pointer: { from: [0, 1, 0], to: [1, 1, -3] } },
    });
  });

  it('rounds positions to the millimetre and rotations to four decimals', () => {
    const pose = parsePose({
      head: { p: [0.123456789, 1.6000000238418579, -0.0000001], q: [0.7071067811865476, 0, -0.00001, 0.7071067811865475] },
      pointer: { from: [1.0004999, 1.0005001, 2], to: [3.14159265, 0, 0] },
    });
    expect(pose).toEqual({
      ok: true,
      pose: {
        head: { p: [0.123, 1.6, 0], q: [0.7071, 0, 0, 0.7071] },
        pointer: { from: [1, 1.001, 2], to: [3.142, 0, 0] },
      },
    });
  });

  it.each([
    ['not an object', 'pose'],
    ['an array', [1, 2, 3]],
    ['an unknown part', { tail: { p: [0, 0, 0], q: [0, 0, 0, 1] } }],
    ['a string coordinate', { head: { p: [0, '1', 0], q: [0, 0, 0, 1] } }],
    ['an infinite coordinate', { left: { p: [0, Infinity, 0], q: [0, 0, 0, 1] } }],
    ['a coordinate far outside any room', { right: { p: [0, 5000, 0], q: [0, 0, 0, 1] } }],
    ['a quaternion out of range', { head: { p: [0, 0, 0], q: [0, 0, 0, 2] } }],
    ['an extra field', { head: { p: [0, 0, 0], q: [0, 0, 0, 1], name: 'x'.repeat(100) } }],
    ['a pointer without its end', { pointer: { from: [0, 0, 0] } }],
  ])('refuses %s', (_label, value) => {
    const parsed = parsePose(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain('A pose is');
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 200; // one token at 5 a second
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000; // never more than the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
