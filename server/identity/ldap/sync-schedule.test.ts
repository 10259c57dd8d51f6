// The scheduled sync in the server: off at 0 minutes, one run per interval, never two at once,
// failures reported and retried at the next interval, and stop() waits for a running sync.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleDirectorySync } from './sync.ts';
import type { SyncReport } from './sync.ts';

const REPORT: SyncReport = { read: 1, updated: 0, disabled: 0, refused: [] };
const MINUTE = 60_000;

describe('the scheduled directory sync', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once per interval and reports each result, failures included', async () => {
    const results: (SyncReport | Error)[] = [];
    let calls = 0;
    const schedule = scheduleDirectorySync({
      intervalMinutes: 5,
      run: async () => {
        calls += 1;
        if (calls === 2) throw new Error('directory down');
        return REPORT;
      },
      onResult: (result) => results.push(result),
    });
    await vi.advanceTimersByTimeAsync(4 * MINUTE);
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1 * MINUTE);
    expect(results).toEqual([REPORT]);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(calls).toBe(3);
    expect(results[1]).toBeInstanceOf(Error);
    expect(results[2]).toEqual(REPORT);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(calls).toBe(3);
  });

  it('is off at 0 minutes, yet runs on demand; a run asked for while one runs joins it', async () => {
    let finish: (report: SyncReport) => void = () => undefined;
    let calls = 0;
    const schedule = scheduleDirectorySync({
      intervalMinutes: 0,
      run: () => {
        calls += 1;
        return new Promise<SyncReport>((resolve) => (finish = resolve));
      },
      onResult: () => undefined,
    });
    await vi.advanceTimersByTimeAsync(24 * 60 * MINUTE);
    expect(calls).toBe(0);
    const first = schedule.runNow();
    const second = schedule.runNow();
    expect(calls).toBe(1);
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish(REPORT);
    await expect(first).resolves.toEqual(REPORT);
    await expect(second).resolves.toEqual(REPORT);
    await stopping;
    expect(stopped).toBe(true);
  });
});
