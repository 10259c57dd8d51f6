// Timings (reported, never failing the run): first rendered frame over cold loads, and a fixed
// JS workload in the same browser as the baseline each timing is also given against.
import type { BenchBrowser } from './browser.ts';
import { type HookWindow } from './page-hook.ts';
import type { RunningServer } from './server.ts';
import { median } from './stats.ts';

// Nine, not five: on a shared 2-core machine one or two loads in five land on a busy moment (2–3 s
// against 1.2–1.4 s), and the median of five then moves by 300 ms between runs.
export const COLD_LOADS = 9;

/** `firstFrameAt` (ms since navigation start) over `COLD_LOADS` loads, each in a new context. */
export async function firstFrameTimes(browser: BenchBrowser, server: RunningServer, courseId: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const t = await browser.withContext(server.host, `cold load ${i + 1} ${courseId}`, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.origin}/?course=${encodeURIComponent(courseId)}&lang=zh-CN`);
      const handle = await page.waitForFunction(
        () => (window as unknown as HookWindow).__shixunTest?.firstFrameAt ?? null,
        undefined,
        { timeout: 90_000, polling: 50 },
      );
      return (await handle.jsonValue()) as number;
    });
    times.push(t);
  }
  return times;
}

/**
 * Median ms of a fixed CPU-bound JS workload (5 runs) in a blank page of the same browser: the
 * run's baseline, so a timing can be read as a ratio that travels between machines.
 */
export async function baselineMs(browser: BenchBrowser, server: RunningServer): Promise<number> {
  const runs = await browser.withContext(server.host, 'baseline workload', async (context) => {
    const page = await context.newPage();
    await page.goto(`${server.origin}/healthz`);
    return page.evaluate(() => {
      const out: number[] = [];
      for (let r = 0; r < 6; r++) {
        const t0 = performance.now();
        const a = new Float64Array(200_000);
        for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 12.9898) * 43758.5453;
        a.sort();
        let s = 0;
        for (let i = 0; i < a.length; i++) s += Math.sqrt(Math.abs(a[i] ?? 0));
        if (s < 0) out.push(s);
        out.push(performance.now() - t0);
      }
      return out.slice(1);
    });
  });
  return median(runs);
}
