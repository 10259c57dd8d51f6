// The learner's official results as CSV (GET /api/v1/me/records?format=csv): UTF-8 with a BOM so
// spreadsheet programs read Chinese correctly, CRLF lines, one row per result with its latest adjustment.
import type { MyResult } from '../../src/contracts/privacy-types.ts';

export const RESULTS_CSV_COLUMNS = [
  'attempt_id',
  'course_id',
  'course_version',
  'started',
  'finished',
  'score',
  'max',
  'percent',
  'passed',
  'adjusted_percent',
  'adjusted_passed',
  'adjusted_at',
  'adjusted_by',
  'adjustment_reason',
] as const;

/**
 * A field as CSV: quoted when it holds a separator, quote or line break; text that a spreadsheet
 * would run as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const percent = (scaled: number): number => Math.round(scaled * 10_000) / 100;

export function resultsCsv(results: readonly MyResult[]): string {
  const rows = results.map((result) => {
    const latest = result.adjustments.at(-1);
    return [
      result.attemptId,
      result.courseId,
      result.courseVersion,
      result.started,
      result.finishedAt,
      result.score,
      result.max,
      percent(result.scaled),
      result.passed,
      latest === undefined ? null : percent(latest.scaled),
      latest === undefined ? null : latest.passed,
      latest?.adjustedAt ?? null,
      latest?.adjustedBy ?? null,
      latest?.reason ?? null,
    ];
  });
  return `\uFEFF${[RESULTS_CSV_COLUMNS, ...rows].map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}
