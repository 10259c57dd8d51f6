// The learner's official results as CSV (GET /api/v1/me/records?format=csv): UTF-8 with a BOM so
// spreadsheet programs read Chinese correctly, CRLF lines, one row per result with its latest adjustment.
import { csvFile, csvTextField } from '../../src/reports/csv.ts';
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

/** A field as CSV: text defused and quoted (src/reports/csv.ts), numbers and booleans as written. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  return typeof value === 'string' ? csvTextField(value) : String(value);
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
  return csvFile([RESULTS_CSV_COLUMNS, ...rows].map((fields) => fields.map(csvField)));
}
