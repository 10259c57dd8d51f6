// A quick timing of the promotion report on generated data, in process (no HTTP): 10,000 learners
// in 10 departments with ~5 finished attempts each on the real courses, results shaped like the
// grader's (steps with feedback lines, scenes, dimensions). Statements are not generated: the
// report never reads them (bench/report-bench.ts times the full server with 1,000,000).
//   npx tsx bench/report-timing.ts [--postgres postgres://…] [--learners N]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../server/db/database.ts';
import { attemptResultOf } from '../server/grading/attempt-rows.ts';
import type { Database } from '../server/db/database.ts';
import { migrationsFor } from '../server/migrations.ts';
import { reportAnalytics } from '../server/reports/analytics.ts';
import { PolicyStore } from '../server/reports/policy-store.ts';
import { promotionReport } from '../server/reports/promotion-report.ts';
import { CourseCatalog } from '../server/grading/course-catalog.ts';
import { ReportCourses } from '../server/reports/report-courses.ts';
import { reportCsv, reportXlsx } from '../server/reports/report-files.ts';
import { readReportRequest } from '../server/reports/report-query.ts';
import { reportTable } from '../server/reports/report-table.ts';
import { loadReportData } from '../server/reports/report-data.ts';
import { evaluateLearners } from '../server/reports/standing-rows.ts';
import { periodWindow } from '../src/policy/period.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const LEARNERS = Number(option('--learners') ?? 10_000);
const POSTGRES = option('--postgres');
const DEPARTMENTS = [
  '办公室',
  '大数据局',
  '政策法规处',
  '信息中心',
  '财务处',
  '人事处',
  '网络安全处',
  '数据资源处',
  '应用推进处',
  '综合规划处',
];
const RANKS = ['科员', '副主任科员', '主任科员', '副处长', '处长'];

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function generate(database: Database, courses: ReportCourses): Promise<number> {
  const next = random(42);
  const { db } = database;
  const users = Array.from({ length: LEARNERS }, (_, i) => ({
    id: randomUUID(),
    username: `E${String(i + 1).padStart(5, '0')}`,
    name: `学员${i + 1}`,
    role: i % 500 === 0 ? 'trainer' : 'learner',
    employee_id: `E${String(i + 1).padStart(5, '0')}`,
    department: DEPARTMENTS[i % DEPARTMENTS.length] ?? null,
    rank: RANKS[Math.floor(next() * RANKS.length)] ?? null,
    password_hash: 'bench-no-sign-in',
    created: '2026-01-01T00:00:00.000Z',
    disabled: 0,
  }));
  for (let i = 0; i < users.length; i += 500)
    await db
      .insertInto('users')
      .values(users.slice(i, i + 500))
      .execute();

  const rows = [];
  for (const user of users) {
    for (const course of courses.list) {
      const tries = next() < 0.15 ? 0 : next() < 0.6 ? 1 : 2 + Math.floor(next() * 2);
      for (let k = 0; k < tries; k++) {
        const steps = [...course.steps.keys()].map((key) => {
          const [sceneId, stepId] = key.split('/');
          const max = 4;
          const score = Math.round(next() * 4);
          return {
            sceneId,
            stepId,
            result: {
              score,
              max,
              lines: [
                {
                  kind: 'feedback',
                  text: {
                    'zh-CN': '处置正确：依法依规处理数据，先评估后发布。',
                    en: 'Right: handle data lawfully; assess before publishing.',
                  },
                },
              ],
            },
          };
        });
        const score = steps.reduce((sum, s) => sum + s.result.score, 0);
        const max = steps.length * 4;
        const dimensions = [...course.dimensions.keys()].map((dimensionId) => ({
          dimensionId,
          score: Math.round(score / 2),
          max: max / 2,
        }));
        const finished = new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 330 * 86_400_000)).toISOString();
        rows.push({
          attempt_id: randomUUID(),
          user_id: user.id,
          username: user.username,
          course_id: course.id,
          course_version: course.version,
          mode: 'assessment' as const,
          log: '[]',
          received: 0,
          status: 'finished' as const,
          statement_seed: randomUUID(),
          extra_time_percent: 100,
          score,
          max,
          scaled: score / max,
          passed: score / max >= 0.7 ? 1 : 0,
          result: JSON.stringify({ steps, scenes: [], dimensions }),
          started: finished,
          updated: finished,
          finished,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await db.insertInto('attempts').values(chunk).execute();
    // The narrow rows the grader writes as each attempt finishes (server/grading/attempt-rows.ts).
    await db
      .insertInto('attempt_results')
      .values(chunk.flatMap((row) => attemptResultOf(row) ?? []))
      .execute();
  }
  return rows.length;
}

async function time<T>(label: string, runs: number, work: () => Promise<T>): Promise<T> {
  let result = await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: median ${times[Math.floor(times.length / 2)]?.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`,
  );
  return result;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'shixun-report-timing-'));
  const schema = `report_timing_${Date.now()}`;
  const database =
    POSTGRES === undefined
      ? await openDatabase({ dataDir: dir }, migrationsFor)
      : await openDatabase({ databaseUrl: POSTGRES, schema }, migrationsFor);
  try {
    const courses = ReportCourses.fromCatalog(CourseCatalog.load(path.join(ROOT, 'courses')));
    const policies = new PolicyStore(database.db);
    await policies.importFile(
      readFileSync(path.join(ROOT, 'config', 'training-policy.yaml'), 'utf8'),
      'config/training-policy.yaml',
    );
    const started = performance.now();
    const attempts = await generate(database, courses);
    console.log(
      `${database.dialect}: ${LEARNERS} learners, ${attempts} finished attempts generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const head = async () => ({
      seq: attempts,
      hash: '0'.repeat(64),
      signedAt: new Date().toISOString(),
      signature: 'bench',
      keyId: 'bench',
      origin: 'bench',
      root: '0'.repeat(64),
      note: '',
    });
    const deps = { database, courses, signedHead: head, now: Date.now };
    const request = await readReportRequest({ period: '2026' }, policies, Date.now());
    const window = periodWindow(request.period, request.stored.policy.utcOffset);
    const data = await time('  reading (3 queries)', 5, () => loadReportData(database, window));
    await time(
      '  standings in memory',
      5,
      async () => evaluateLearners(request.stored.policy, request.period.id, data, courses).length,
    );
    const report = await time('promotion report (JSON object)', 5, () => promotionReport(deps, request));
    await time('  … serialized to JSON', 5, async () => JSON.stringify(report).length);
    const table = reportTable(report, 'zh-CN', courses, request.stored.policy.utcOffset);
    await time('  … as CSV', 5, async () => reportCsv(table).length);
    await time('  … as XLSX', 3, async () => (await reportXlsx(table)).length);
    await time('analytics', 3, () =>
      reportAnalytics(deps, { ...request, filters: { department: null, rank: null, status: null } }),
    );
    console.log(`${report.summary.learners} learners in the report, ${report.summary.meets} meet the requirement`);
  } finally {
    if (POSTGRES !== undefined) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
    await database.close();
    if (process.env.KEEP === undefined) rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
  }
}

await main();
