// Small numeric helpers: median, percentiles, byte formatting.
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** Kilobytes as Vite prints them: 1 kB = 1,000 bytes (the stricter reading of a "KB" budget). */
export const KB = 1000;

export function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} kB`;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
