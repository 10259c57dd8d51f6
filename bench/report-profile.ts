// Times the promotion report's pieces in process on the bench's cached data (bench/report-bench.ts
// makes it): reading, standings, the report object, JSON, CSV and XLSX, each the median of a few runs.
//   npx tsx bench/report-profile.ts [--postgres URL] [--runs N]
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { periodWindow } from '../src/policy/period.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrationsFor } from '../server/migrations.ts';
import { PolicyStore } from '../server/reports/policy-store.ts';
import { promotionReport } from '../server/reports/promotion-report.ts';
import { CourseCatalog } from '../server/grading/course-catalog.ts';
import { ReportCourses } from '../server/reports/report-courses.ts';
import { reportCsv, reportXlsx } from '../server/reports/report-files.ts';
import { readReportRequest } from '../server/reports/report-query.ts';
import { reportTable } from '../server/reports/report-table.ts';
import { loadReportData } from '../server/reports/report-data.ts';
import { evaluateLearners } from '../server/reports/standing-rows.ts';
import { REPORT_BENCH_VERSION } from './report-generate.ts';
import { median, round } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const RUNS = Number(option('--runs') ?? 5);
const POSTGRES = option('--postgres');

async function time<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  let result = await work();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = await work();
    runs.push(round(performance.now() - started, 1));
  }
  process.stdout.write(`${label.padEnd(34)} median ${String(round(median(runs), 1)).padStart(7)} ms (${runs.join(', ')})\n`);
  return result;
}

async function main(): Promise<void> {
  const database =
    POSTGRES === undefined
      ? await openDatabase({ dataDir: join(ROOT, 'bench', '.cache', `report-v${REPORT_BENCH_VERSION}-sqlite`) }, migrationsFor)
      : await openDatabase({ databaseUrl: POSTGRES, schema: `shixun_bench_report_v${REPORT_BENCH_VERSION}` }, migrationsFor);
  try {
    const courses = ReportCourses.fromCatalog(CourseCatalog.load(join(ROOT, 'courses')));
    const request = await readReportRequest({ period: '2026' }, new PolicyStore(database.db), Date.now());
    const { policy } = request.stored;
    const window = periodWindow(request.period, policy.utcOffset);
    const head = async () => ({
      seq: 1,
      hash: '0'.repeat(64),
      signedAt: new Date().toISOString(),
      signature: 'profile',
      keyId: 'profile',
      origin: 'profile',
      root: '0'.repeat(64),
      note: '',
    });
    const deps = { database, courses, signedHead: head, now: Date.now };
    process.stdout.write(`${database.dialect}\n`);
    const data = await time('reading', () => loadReportData(database, window));
    await time('standings (evaluateLearners)', () => evaluateLearners(policy, request.period.id, data, courses).length);
    const report = await time('report object (reading included)', () => promotionReport(deps, request));
    const json = await time('JSON.stringify', () => JSON.stringify(report));
    process.stdout.write(`JSON bytes ${Buffer.byteLength(json)}\n`);
    const table = await time('table for files', () => reportTable(report, 'zh-CN', courses, policy.utcOffset));
    await time('CSV', () => reportCsv(table).length);
    await time('XLSX', async () => (await reportXlsx(table)).length);
  } finally {
    await database.close();
  }
}

void main();
