// `npm run bench`: builds both variants (unless --no-build), measures the budgets of docs/performance.md
// and writes bench/results.json and bench/results.md; exits 1 when an exact count is over budget.
import { spawnSync } from 'node:child_process';
import { cpus, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCourses } from '../src/course/node/load-courses.ts';
import { BenchBrowser } from './browser.ts';
import { observeJs, type ObservedJs } from './browser-sizes.ts';
import { courseChunksStatic, emulatorChunks, fileBytes, startupStatic } from './build-sizes.ts';
import { walkDesktop, type DesktopWalk } from './desktop-walk.ts';
import type { CourseOutline } from './page-hook.ts';
import { buildRows, failingCounts } from './rows.ts';
import { measureGradingAbuse } from './grading-abuse.ts';
import { measureUserSearch } from './user-search.ts';
import { measureIngest } from './server-ingest.ts';
import { measureCredentials } from './credentials.ts';
import { measureLedgerAppend } from './ledger-append.ts';
import { measureExerciseReplay } from './exercise-replay.ts';
import { measureExerciseRooms } from './exercise-rooms.ts';
import { measureReport } from './report-bench.ts';
import { budgetTable, writeResults } from './report.ts';
import { startServer, type RunningServer } from './server.ts';
import { percentile, round } from './stats.ts';
import { baselineMs, firstFrameTimes } from './timings.ts';
import type { BenchResults } from './types.ts';
import { walkXr, type XrWalk } from './xr-walk.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = fileURLToPath(new URL('.', import.meta.url));
const DIST = join(ROOT, 'dist');
const DIST_E2E = join(ROOT, 'dist-e2e');
const started = Date.now();
const errors: string[] = [];

const log = (message: string): void =>
  void process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

function npmRun(script: string): void {
  log(`npm run ${script}`);
  const result = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status ?? result.signal})`);
}

/** Runs one measurement; a failure is recorded (and fails the run) without losing the others. */
async function section<T>(name: string, body: () => Promise<T> | T): Promise<T | null> {
  log(name);
  try {
    return await body();
  } catch (error) {
    const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
    errors.push(message);
    log(`FAILED ${message}`);
    return null;
  }
}

async function main(): Promise<number> {
  const build = !process.argv.includes('--no-build');
  if (build) {
    npmRun('build');
    npmRun('build:e2e');
  }
  const report = loadCourses(resolve(ROOT, 'courses'), ROOT);
  for (const f of report.failures) errors.push(`course ${f.file} did not load`);
  const courses: CourseOutline[] = report.courses.map(({ course }) => ({
    id: course.id,
    scenes: course.scenes.map((s) => ({ id: s.id, steps: s.steps.map((st) => st.id) })),
  }));
  const first = courses[0];
  if (!first) throw new Error('no course under courses/');

  const startup = await section('static: start-up chunks from dist/index.html', () => startupStatic(DIST));
  const courseStatic = await section('static: per-course chunks', () =>
    courses.map((c) => ({ courseId: c.id, chunks: courseChunksStatic(DIST, c.id) })),
  );
  const emulator = await section('static: emulator markers in dist/', () => emulatorChunks(DIST));
  const emulatorE2e = await section('static: emulator markers in dist-e2e/ (the markers must find the test device)', () =>
    emulatorChunks(DIST_E2E),
  );
  if (emulatorE2e && emulatorE2e.length === 0)
    errors.push('the emulator markers found nothing in dist-e2e: they no longer recognise IWER');
  const fontBytes = fileBytes(join(DIST, 'fonts', 'shixun-sc.woff'));

  const servers: RunningServer[] = [];
  const browser = await BenchBrowser.launch();
  let observed: ObservedJs | null;
  const desktop: DesktopWalk[] = [];
  const xr: XrWalk[] = [];
  let firstFrames: number[] | null;
  let baseline: number | null = null;
  try {
    const prod = await startServer(DIST);
    servers.push(prod);
    const e2e = await startServer(DIST_E2E);
    servers.push(e2e);
    log(`servers: production ${prod.origin}, e2e ${e2e.origin}; Chromium ${browser.version()}`);
    observed = await section('browser: start-up and per-course JavaScript (production build)', () =>
      observeJs(
        browser,
        prod,
        courses.map((c) => c.id),
      ),
    );
    baseline = await section('browser: baseline workload', () => baselineMs(browser, e2e));
    for (const course of courses) {
      const d = await section(`desktop walk: ${course.id}`, () => walkDesktop(browser, e2e, course));
      if (d) desktop.push(d);
      const x = await section(`headset walk (stereo): ${course.id}`, () => walkXr(browser, e2e, course, course === first));
      if (x) xr.push(x);
    }
    firstFrames = await section(`first rendered frame, cold loads: ${first.id}`, () => firstFrameTimes(browser, e2e, first.id));
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
  }

  // After the browser work, so the two do not compete for the cores.
  const ingest = await section('records service: 50 clients posting statements (SQLite, loopback)', () => measureIngest(DIST));
  const abuse = await section('attempts API abused by 6 learners: /healthz and xAPI POST latency (SQLite, loopback)', () =>
    measureGradingAbuse(),
  );
  const userSearch = await section("admin's user list: search, filters and pages over 10,000 users (SQLite, in process)", () =>
    measureUserSearch(),
  );
  const ledgerAppend = await section('ledger: one append at 50,000 entries (SQLite)', () => measureLedgerAppend());
  const exerciseReplay = await section('joint exercise: replaying a log of 5,000 commands', () => measureExerciseReplay());
  const exerciseRooms = await section(
    'joint exercise: 20 live rooms × 6 participants, 2 commands/s and 20 poses/s each (own server process, loopback)',
    () => measureExerciseRooms(),
  );
  const credentials = await section('credentials: issue 10,000 and verify one (SQLite)', () => measureCredentials());
  // Generates (once, then cached under bench/.cache/) 10,000 learners and 1,000,000 statements.
  const promotion = await section(
    'promotion report: 10,000 learners / 1,000,000 statements (SQLite; PostgreSQL with SHIXUN_BENCH_DATABASE_URL)',
    () => measureReport({ log: (message) => log(`  ${message}`) }),
  );
  const xrFrameTimes = xr.find((x) => x.frameTimes)?.frameTimes ?? null;
  const idleCommits = [...desktop.map((d) => d.idle), ...xr.flatMap((x) => (x.idle ? [x.idle] : []))];
  const rows = buildRows({
    startupStatic: startup,
    courseStatic,
    observed,
    emulator,
    fontBytes,
    desktopScenes: desktop.length ? desktop.flatMap((d) => d.scenes) : null,
    xrScenes: xr.length ? xr.flatMap((x) => x.scenes) : null,
    programWalks: desktop.length ? desktop.map((d) => d.programs) : null,
    idle: desktop.length || xr.length ? idleCommits : null,
    firstFrames,
    xrFrameTimes,
    offHost: browser.offHost.length,
    ingest,
    abuse,
    userSearch,
    ledgerAppend,
    exerciseReplay,
    exerciseRooms,
    credentials,
    report: promotion,
  });
  const spread = (v: readonly number[] | null) =>
    v && v.length
      ? {
          n: v.length,
          min: round(Math.min(...v), 3),
          p10: round(percentile(v, 0.1), 3),
          median: round(percentile(v, 0.5), 3),
          p90: round(percentile(v, 0.9), 3),
          max: round(Math.max(...v), 3),
        }
      : null;
  const ratio = (v: number | null | undefined) => (v != null && baseline ? round(v / baseline, 3) : null);
  const results: BenchResults = {
    metadata: {
      date: new Date().toISOString(),
      node: process.version,
      chromium: browser.version(),
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      platform: `${platform()} ${release()}`,
      durationS: round((Date.now() - started) / 1000, 1),
      built: build,
      kilobyte: '1 kB = 1,000 bytes; gzip = zlib level 9 per chunk, summed.',
    },
    rows,
    desktopScenes: desktop.flatMap((d) => d.scenes),
    xrScenes: xr.flatMap((x) => x.scenes),
    programWalks: desktop.map((d) => d.programs),
    idleCommits,
    details: {
      errors,
      startupObserved: observed?.startup ?? null,
      startupStatic: startup,
      courseJs: observed?.courses ?? null,
      courseChunksStatic: courseStatic,
      emulatorHitsProduction: emulator,
      emulatorHitsE2eCrossCheck: emulatorE2e?.map((h) => ({ file: h.file, bytes: h.bytes, markers: h.markers })) ?? null,
      timing: {
        baselineWorkloadMs: baseline === null ? null : round(baseline, 3),
        firstFrameMs: spread(firstFrames),
        firstFrameToBaseline: ratio(rows.find((r) => r.name.startsWith('time to first'))?.value),
        xrFrameMs: spread(xrFrameTimes),
        xrFrameToBaseline: ratio(rows.find((r) => r.name.startsWith('JS time per XR'))?.value),
        note: 'first frame is measured on the e2e build (it also loads the emulated headset before rendering).',
      },
      offHostRequests: browser.offHost,
      promotionReport: promotion,
    },
  };
  writeResults(results, join(BENCH, 'results.json'), join(BENCH, 'results.md'));
  process.stdout.write(`\n${budgetTable(rows)}\n\n`);
  const failing = failingCounts(rows);
  for (const r of failing) log(`over budget: ${r.name} = ${r.value} (budget ${r.budget})`);
  for (const e of errors) log(`error: ${e}`);
  log(`wrote bench/results.json and bench/results.md in ${results.metadata.durationS} s`);
  return failing.length > 0 || errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
