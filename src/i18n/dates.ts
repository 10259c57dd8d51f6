// The one way dates and times are written on every page: Intl.DateTimeFormat per language
// ("2026年3月1日 09:30" / "1 Mar 2026, 09:30"), 24-hour clocks, the browser's time zone unless
// one is given. A text that is no date is shown as it is.
import type { Locale } from '../course/schema.ts';

type Shape = 'date' | 'date-time' | 'time' | 'time-seconds';

const OPTIONS: Readonly<Record<Shape, Intl.DateTimeFormatOptions>> = {
  date: { dateStyle: 'medium' },
  'date-time': { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  'time-seconds': { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, shape: Shape, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale}|${shape}|${timeZone ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
      ...OPTIONS[shape],
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, found);
  }
  return found;
}

function format(value: string | number, locale: Locale, shape: Shape, timeZone?: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : formatter(locale, shape, timeZone).format(date);
}

/** "2026年3月1日 09:30" / "1 Mar 2026, 09:30". */
export const formatDateTime = (value: string | number, locale: Locale, timeZone?: string): string =>
  format(value, locale, 'date-time', timeZone);

/** "2026年3月1日" / "1 Mar 2026". A calendar day ("2026-12-31") is read as that day wherever the browser is. */
export function formatDate(value: string, locale: Locale): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? format(`${value}T00:00:00Z`, locale, 'date', 'UTC') : format(value, locale, 'date');
}

/** "09:30". */
export const formatClock = (value: string | number, locale: Locale): string => format(value, locale, 'time');

/** "09:30:15". */
export const formatClockSeconds = (value: string | number, locale: Locale): string => format(value, locale, 'time-seconds');
