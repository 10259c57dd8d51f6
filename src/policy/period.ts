// When a period begins and ends as instants. Periods are written as calendar days, both inclusive,
// read in the policy's UTC offset; as instants that is the half-open interval
// [start 00:00, day after end 00:00), so every millisecond belongs to exactly one of two
// back-to-back periods.
import type { Period, Policy } from './schema.ts';

export interface PeriodWindow {
  /** First millisecond inside the period (epoch ms). */
  readonly startsAt: number;
  /** First millisecond after the period (epoch ms): the period excludes it. */
  readonly endsBefore: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function periodWindow(period: Period, utcOffset: Policy['utcOffset']): PeriodWindow {
  return {
    startsAt: Date.parse(`${period.start}T00:00:00.000${utcOffset}`),
    endsBefore: Date.parse(`${period.end}T00:00:00.000${utcOffset}`) + DAY_MS,
  };
}

/** Whether an ISO 8601 instant falls inside the window; an unreadable time is outside. */
export function isWithin(window: PeriodWindow, isoInstant: string): boolean {
  const time = Date.parse(isoInstant);
  return !Number.isNaN(time) && time >= window.startsAt && time < window.endsBefore;
}
