// One date/time format per language through Intl: the same instant reads the same way on every page.
import { describe, expect, it } from 'vitest';
import { formatClock, formatClockSeconds, formatDate, formatDateTime } from './dates.ts';

const instant = '2026-03-01T01:30:15.000Z';

describe('dates', () => {
  it('writes a date and time per language, 24-hour, in the given time zone', () => {
    expect(formatDateTime(instant, 'en', 'Asia/Shanghai')).toBe('1 Mar 2026, 09:30');
    expect(formatDateTime(instant, 'zh-CN', 'Asia/Shanghai')).toBe('2026年3月1日 09:30');
  });

  it('a calendar day stays that day, whatever the time zone', () => {
    expect(formatDate('2026-12-31', 'en')).toBe('31 Dec 2026');
    expect(formatDate('2026-12-31', 'zh-CN')).toBe('2026年12月31日');
  });

  it('clock times with and without seconds; text that is no date stays as it is', () => {
    expect(formatClock(Date.parse(instant), 'en')).toMatch(/^\d{2}:30$/);
    expect(formatClockSeconds(instant, 'zh-CN')).toMatch(/^\d{2}:30:15$/);
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});
