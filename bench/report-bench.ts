// The promotion report at scale: 10,000 learners and 1,000,000 statements (report-generate.ts),
// on SQLite and, when SHIXUN_BENCH_DATABASE_URL or SHIXUN_TEST_DATABASE_URL names one, on
// PostgreSQL; GET /api/v1/reports/promotion?period=2026 through a real listening server, as JSON
// (the budgeted row, docs/performance.md: ≤ 1 s), CSV and XLSX, median of 5 runs after a warm-up.
// The generated SQLite file is cached under bench/.cache/ (the PostgreSQL data in its own schema),
// keyed by REPORT_BENCH_VERSION. Part of `npm run bench`, or alone:
// `npx tsx bench/report-bench.ts [--runs N] [--regenerate] [--learners N --statements N]` (a smaller
// size, cached apart, is for trying the bench itself; its numbers are not the budget's).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildServer } from '../server/build-server.ts';
import { openDatabase, redactUrl } from '../server/db/database.ts';
import type { DatabaseConfig } from '../server/db/database.ts';
import { migrationsFor } from '../server/migrations.ts';
import { BENCH_HOME_PAGE, BENCH_SIZE, generateReportData, REPORT_BENCH_VERSION } from './report-generate.ts';
import type { BenchSize, GeneratedCounts } from './report-generate.ts';
import { median, round } from './stats.ts';

const BENCH = fileURLToPath(new URL('.', import.meta.url));
const CACHE = join(BENCH, '.cache');
const ADMIN_PASSWORD = 'bench-admin-password-1';
const PERIOD = '2026';
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportTiming {
  readonly format: ReportFormat;
  /** Milliseconds from sending the request to the last byte of the answer. */
  readonly runs: readonly number[];
  readonly median: number;
  readonly bytes: number;
}

export interface ReportTarget {
  readonly database: 'sqlite' | 'postgres';
  /** Why it was not measured (no PostgreSQL, or the error), or null when it was. */
  readonly skipped: string | null;
  readonly data: (GeneratedCounts & { readonly cached: boolean }) | null;
  readonly timings: readonly ReportTiming[];
}

export interface ReportBenchResult {
  readonly sqlite: ReportTarget;
  readonly postgres: ReportTarget;
}

type Log = (message: string) => void;

function benchPostgresUrl(): string | undefined {
  return process.env.SHIXUN_BENCH_DATABASE_URL || process.env.SHIXUN_TEST_DATABASE_URL || undefined;
}

interface Prepared {
  readonly config: DatabaseConfig;
  readonly keyDir: string;
  readonly data: GeneratedCounts & { readonly cached: boolean };
}

/** Names the cached data: the generator version, and the size when it is not the bench's own. */
function cacheKey(size: BenchSize): string {
  const full = size.learners === BENCH_SIZE.learners && size.statements === BENCH_SIZE.statements;
  return `v${REPORT_BENCH_VERSION}${full ? '' : `_${size.learners}_${size.statements}`}`;
}

/** The cached SQLite database, made first if missing or from another generator version. */
async function prepareSqlite(size: BenchSize, regenerate: boolean, log: Log): Promise<Prepared> {
  const dir = join(CACHE, `report-${cacheKey(size)}-sqlite`);
  const marker = join(dir, 'complete.json');
  const keyDir = join(dir, 'ledger');
  if (!regenerate && existsSync(marker)) {
    return {
      config: { dataDir: dir },
      keyDir,
      data: { ...(JSON.parse(readFileSync(marker, 'utf8')) as GeneratedCounts), cached: true },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`generating the SQLite data in ${dir} (once; later runs reuse it)`);
  const database = await openDatabase({ dataDir: dir }, migrationsFor);
  try {
    const counts = await generateReportData(database, keyDir, log, size);
    writeFileSync(marker, `${JSON.stringify(counts, null, 2)}\n`);
    return { config: { dataDir: dir }, keyDir, data: { ...counts, cached: false } };
  } finally {
    await database.close();
  }
}

const META_TABLE = 'bench_report_meta';

/** The PostgreSQL data in its own schema, kept between runs and marked complete by a small table. */
async function preparePostgres(url: string, size: BenchSize, regenerate: boolean, log: Log): Promise<Prepared> {
  const schema = `shixun_bench_report_${cacheKey(size)}`;
  // The ledger key belongs with the chain it signed: kept beside the cache.
  const keyDir = join(CACHE, `report-${cacheKey(size)}-postgres-ledger`);
  const config: DatabaseConfig = { databaseUrl: url, schema, poolSize: 10 };
  let database = await openDatabase(config, migrationsFor);
  try {
    if (!regenerate && existsSync(keyDir)) {
      const found = await sql<{ counts: string }>`select counts from ${sql.table(META_TABLE)}`
        .execute(database.db)
        .catch(() => undefined);
      const counts = found?.rows[0]?.counts;
      if (counts !== undefined) return { config, keyDir, data: { ...(JSON.parse(counts) as GeneratedCounts), cached: true } };
    }
    log(`generating the PostgreSQL data in schema ${schema} at ${redactUrl(url)} (once; later runs reuse it)`);
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
    await database.close();
    rmSync(keyDir, { recursive: true, force: true });
    database = await openDatabase(config, migrationsFor);
    const counts = await generateReportData(database, keyDir, log, size);
    // As autovacuum would have by the time anyone asks for a report.
    await sql`analyze`.execute(database.db);
    await sql`create table ${sql.table(META_TABLE)} (counts text not null)`.execute(database.db);
    await sql`insert into ${sql.table(META_TABLE)} (counts) values (${JSON.stringify(counts)})`.execute(database.db);
    return { config, keyDir, data: { ...counts, cached: false } };
  } finally {
    await database.close();
  }
}

async function timeReports(prepared: Prepared, runs: number, log: Log): Promise<ReportTiming[]> {
  const app = await buildServer({
    apiOnly: true,
    logger: false,
    database: prepared.config,
    ledgerKeyDir: prepared.keyDir,
    env: { SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, SHIXUN_PUBLIC_URL: BENCH_HOME_PAGE },
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`the bench admin could not sign in: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const timings: ReportTiming[] = [];
    for (const format of REPORT_FORMATS) {
      const url = `${origin}/api/v1/reports/promotion?period=${PERIOD}${format === 'json' ? '' : `&format=${format}`}`;
      const once = async () => {
        const start = performance.now();
        const response = await fetch(url, { headers: { cookie } });
        const body = await response.arrayBuffer();
        const ms = performance.now() - start;
        if (response.status !== 200)
          throw new Error(`GET ${url} answered ${response.status}: ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
        return { ms, bytes: body.byteLength };
      };
      await once(); // warm-up: JIT, caches, the database's pages
      const measured: number[] = [];
      let bytes = 0;
      for (let run = 0; run < runs; run++) {
        const { ms, bytes: size } = await once();
        measured.push(round(ms, 1));
        bytes = size;
      }
      const timing = { format, runs: measured, median: round(median(measured), 1), bytes };
      log(`  ${format}: median ${timing.median} ms (runs ${measured.join(', ')}), ${bytes} bytes`);
      timings.push(timing);
    }
    return timings;
  } finally {
    await app.close();
  }
}

async function measureTarget(
  name: ReportTarget['database'],
  prepare: () => Promise<Prepared>,
  runs: number,
  log: Log,
): Promise<ReportTarget> {
  const prepared = await prepare();
  const { data } = prepared;
  log(
    `${name}: ${data.learners} learners, ${data.attempts} attempts, ${data.statements} statements, ${data.ledgerEntries} ledger entries${data.cached ? ' (cached)' : ` (generated in ${round(data.seconds, 1)} s)`}`,
  );
  return { database: name, skipped: null, data, timings: await timeReports(prepared, runs, log) };
}

export interface ReportBenchOptions {
  readonly runs?: number;
  /** Make the data again even when a cached copy exists. */
  readonly regenerate?: boolean;
  /** Default the bench's 10,000 learners and 1,000,000 statements. */
  readonly size?: BenchSize;
  readonly log?: Log;
}

export async function measureReport(options: ReportBenchOptions = {}): Promise<ReportBenchResult> {
  const runs = options.runs ?? 5;
  const size = options.size ?? BENCH_SIZE;
  const log = options.log ?? ((message: string) => void process.stderr.write(`[report bench] ${message}\n`));
  const regenerate = options.regenerate ?? false;
  const sqlite = await measureTarget('sqlite', () => prepareSqlite(size, regenerate, log), runs, log);
  const url = benchPostgresUrl();
  const postgres: ReportTarget =
    url === undefined
      ? { database: 'postgres', skipped: 'not measured: no PostgreSQL (set SHIXUN_BENCH_DATABASE_URL)', data: null, timings: [] }
      : await measureTarget('postgres', () => preparePostgres(url, size, regenerate, log), runs, log);
  return { sqlite, postgres };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const number = (flag: string, fallback: number) => {
    const at = args.indexOf(flag);
    const value = at >= 0 ? Number(args[at + 1]) : fallback;
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} takes a whole number, e.g. ${flag} ${fallback}.`);
    return value;
  };
  const size = { learners: number('--learners', BENCH_SIZE.learners), statements: number('--statements', BENCH_SIZE.statements) };
  const result = await measureReport({ runs: number('--runs', 5), regenerate: args.includes('--regenerate'), size });
  for (const target of [result.sqlite, result.postgres]) {
    if (target.skipped !== null) {
      process.stdout.write(`${target.database}: ${target.skipped}\n`);
      continue;
    }
    for (const t of target.timings) {
      const verdict = t.format === 'json' ? (t.median <= 1000 ? ' (within the 1 s budget)' : ' (OVER the 1 s budget)') : '';
      process.stdout.write(`${target.database} ${t.format.padEnd(4)} median ${String(t.median).padStart(7)} ms${verdict}\n`);
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
