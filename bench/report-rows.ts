// The promotion report's rows in the bench's budget table: JSON on SQLite and PostgreSQL against
// docs/performance.md's 1 s, CSV and XLSX reported beside them without a budget of their own.
import type { ReportBenchResult, ReportTarget } from './report-bench.ts';
import type { Row } from './types.ts';

const SIZE = '10,000 learners / 1,000,000 statements';
export const REPORT_BUDGET_MS = 1000;

function targetRows(target: ReportTarget | null, label: string): Row[] {
  const formats = [
    { format: 'json', name: `promotion report, ${SIZE} (JSON, ${label})`, budget: REPORT_BUDGET_MS },
    { format: 'csv', name: `promotion report as CSV (${label})`, budget: null },
    { format: 'xlsx', name: `promotion report as XLSX (${label})`, budget: null },
  ] as const;
  return formats.map(({ format, name, budget }) => {
    const timing = target?.timings.find((t) => t.format === format);
    if (target === null || timing === undefined) {
      const note = target?.skipped ?? 'not measured: the report bench failed (see the errors)';
      return { name, value: null, unit: 'ms', budget, kind: 'timing', pass: null, note };
    }
    const data = target.data;
    const size = data ? `${data.learners} learners, ${data.attempts} attempts, ${data.statements} statements` : '';
    const note = `median of ${timing.runs.length} (${timing.runs.join(', ')} ms); ${timing.bytes} bytes; ${size}${budget === null ? '; no budget' : ''}`;
    return {
      name,
      value: timing.median,
      unit: 'ms',
      budget,
      kind: 'timing',
      pass: budget === null ? null : timing.median <= budget,
      note,
    };
  });
}

export function reportRows(result: ReportBenchResult | null): Row[] {
  return [...targetRows(result?.sqlite ?? null, 'SQLite'), ...targetRows(result?.postgres ?? null, 'PostgreSQL')];
}
