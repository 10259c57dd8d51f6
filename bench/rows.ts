// Turns the measurements into docs/performance.md's budget rows (exact counts and timings).
import type { ObservedJs } from './browser-sizes.ts';
import type { ChunkSize, EmulatorHit, StartupStatic } from './build-sizes.ts';
import { sumGzip } from './build-sizes.ts';
import type { ReportBenchResult } from './report-bench.ts';
import { reportRows } from './report-rows.ts';
import type { IngestResult } from './server-ingest.ts';
import type { UserSearchResult } from './user-search.ts';
import type { CredentialsResult } from './credentials.ts';
import type { LedgerAppendResult } from './ledger-append.ts';
import type { ExerciseReplayResult } from './exercise-replay.ts';
import type { ExerciseRoomsResult } from './exercise-rooms.ts';
import type { AbuseResult } from '../server/grading/test-support/abusive-learners.ts';
import { KB, median, round } from './stats.ts';
import { COLD_LOADS } from './timings.ts';
import {
  SCENE_BUDGET,
  type DesktopScene,
  type IdleCommits,
  type ProgramWalk,
  type Row,
  type RowKind,
  type XrScene,
} from './types.ts';

export interface Measurements {
  readonly startupStatic: StartupStatic | null;
  readonly courseStatic: readonly { courseId: string; chunks: readonly ChunkSize[] }[] | null;
  readonly observed: ObservedJs | null;
  readonly emulator: readonly EmulatorHit[] | null;
  readonly fontBytes: number | null;
  readonly desktopScenes: readonly DesktopScene[] | null;
  readonly xrScenes: readonly XrScene[] | null;
  readonly programWalks: readonly ProgramWalk[] | null;
  readonly idle: readonly IdleCommits[] | null;
  readonly firstFrames: readonly number[] | null;
  readonly xrFrameTimes: readonly number[] | null;
  readonly offHost: number | null;
  readonly ingest: IngestResult | null;
  /** Latency of others while learners abuse the attempts API (bench/grading-abuse.ts); absent in older runs. */
  readonly abuse?: AbuseResult | null;
  /** The admin's user list over 10,000 users (bench/user-search.ts); absent in older runs. */
  readonly userSearch?: UserSearchResult | null;
  /** One ledger append at 50,000 entries (bench/ledger-append.ts); absent in older runs. */
  readonly ledgerAppend?: LedgerAppendResult | null;
  /** Replaying a joint-exercise log of 5,000 commands (bench/exercise-replay.ts); absent in older runs. */
  readonly exerciseReplay?: ExerciseReplayResult | null;
  /** Live exercise rooms under load (bench/exercise-rooms.ts); absent in older runs. */
  readonly exerciseRooms?: ExerciseRoomsResult | null;
  readonly credentials?: CredentialsResult | null;
  readonly report: ReportBenchResult | null;
}

function row(name: string, value: number | null, unit: string, budget: number | null, kind: RowKind, note?: string): Row {
  const pass = value === null || budget === null ? null : value <= budget;
  return note === undefined ? { name, value, unit, budget, kind, pass } : { name, value, unit, budget, kind, pass, note };
}

const maxOf = <T>(items: readonly T[] | null, pick: (item: T) => number): number | null =>
  items && items.length > 0 ? Math.max(...items.map(pick)) : null;

function heaviest<T extends { sceneId: string; courseId: string }>(
  items: readonly T[] | null,
  pick: (item: T) => number,
): string | undefined {
  if (!items || items.length === 0) return undefined;
  const top = items.reduce((a, b) => (pick(b) > pick(a) ? b : a));
  return `heaviest: ${top.courseId}/${top.sceneId}`;
}

export function buildRows(m: Measurements): Row[] {
  const observedStartup = m.observed ? sumGzip(m.observed.startup) : null;
  const ownCourse = m.observed ? maxOf(m.observed.courses, (c) => sumGzip(c.own)) : null;
  const staticOwn = m.courseStatic ? maxOf(m.courseStatic, (c) => sumGzip(c.chunks)) : null;
  const shared = m.observed ? maxOf(m.observed.courses, (c) => sumGzip(c.shared)) : null;
  const growth = m.programWalks ? maxOf(m.programWalks, (w) => w.atEnd - w.atFirstScene) : null;
  const ff = m.firstFrames && m.firstFrames.length > 0 ? round(median(m.firstFrames), 1) : null;
  const xrf = m.xrFrameTimes && m.xrFrameTimes.length > 0 ? round(median(m.xrFrameTimes), 3) : null;
  const ingest = m.ingest;
  const mode = (x: IngestResult['single']) =>
    `${x.statements} statements in ${x.requests} requests, ${round(x.seconds, 2)} s; p50 ${round(x.p50, 1)} ms, p99 ${round(x.p99, 1)} ms; load generator used ${round(x.clientCpuSeconds, 2)} CPU s`;
  return [
    row(
      'draw calls per view, heaviest scene (desktop)',
      maxOf(m.desktopScenes, (s) => s.calls),
      'calls',
      SCENE_BUDGET.calls,
      'count',
      heaviest(m.desktopScenes, (s) => s.calls),
    ),
    row(
      'draw calls per view, heaviest scene (headset, stereo)',
      maxOf(m.xrScenes, (s) => s.callsPerView),
      'calls',
      SCENE_BUDGET.calls,
      'count',
      heaviest(m.xrScenes, (s) => s.callsPerView),
    ),
    row(
      'triangles per view (desktop)',
      maxOf(m.desktopScenes, (s) => s.triangles),
      'triangles',
      SCENE_BUDGET.triangles,
      'count',
      heaviest(m.desktopScenes, (s) => s.triangles),
    ),
    row(
      'triangles per view (headset, stereo)',
      maxOf(m.xrScenes, (s) => s.trianglesPerView),
      'triangles',
      SCENE_BUDGET.triangles,
      'count',
      heaviest(m.xrScenes, (s) => s.trianglesPerView),
    ),
    row(
      'shader programs, after walking every step',
      maxOf(m.programWalks, (w) => Math.max(w.atEnd, w.max)),
      'programs',
      SCENE_BUDGET.programs,
      'count',
    ),
    row(
      'shader programs compiled after the first scene was ready',
      growth,
      'programs',
      null,
      'count',
      m.programWalks
        ? m.programWalks
            .map(
              (w) =>
                `${w.courseId}: ${w.atFirstScene} → ${w.atEnd}${w.increases.length ? ` (rose at ${w.increases.map((i) => `${i.sceneId}/${i.stepId}`).join(', ')})` : ''}`,
            )
            .join('; ')
        : undefined,
    ),
    ...(['desktop', 'headset'] as const).map((where) => {
      const idle = m.idle?.filter((i) => i.where === where) ?? null;
      const note = idle?.map((i) => `${i.courseId}/${i.sceneId}, ${i.frames} frames`).join('; ');
      return row(
        `React commits while idle, ${where} (≥ 300 frames)`,
        maxOf(idle, (i) => i.commits),
        'commits',
        0,
        'count',
        note,
      );
    }),
    row(
      'raycast targets, most in a scene',
      maxOf(m.desktopScenes, (s) => s.targets),
      'objects',
      SCENE_BUDGET.targets,
      'count',
      heaviest(m.desktopScenes, (s) => s.targets),
    ),
    row(
      'start-up JavaScript to the course list (browser)',
      observedStartup,
      'bytes gzip',
      400 * KB,
      'count',
      m.observed ? `${m.observed.startup.length} chunk(s) fetched before [data-course] showed` : undefined,
    ),
    row(
      'start-up JavaScript, static cross-check (index.html + imports)',
      m.startupStatic?.gzip ?? null,
      'bytes gzip',
      null,
      'count',
      m.startupStatic
        ? `${m.startupStatic.chunks.length} chunk(s); ${observedStartup === m.startupStatic.gzip ? 'matches the browser' : 'differs from the browser'}`
        : undefined,
    ),
    row(
      'JavaScript added by one course (its own chunk)',
      ownCourse,
      'bytes gzip',
      100 * KB,
      'count',
      staticOwn !== null ? `static: ${staticOwn} bytes gzip` : undefined,
    ),
    row('3D runtime shared by all courses (play page etc.)', shared, 'bytes gzip', null, 'count', 'no budget'),
    row(
      'emulator / sample-room chunks in the production build',
      m.emulator ? m.emulator.reduce((s, h) => s + h.bytes, 0) : null,
      'bytes',
      0,
      'count',
      m.emulator && m.emulator.length > 0 ? m.emulator.map((h) => h.file).join(', ') : undefined,
    ),
    row('CJK font shipped (dist/fonts/shixun-sc.woff)', m.fontBytes, 'bytes', 400 * KB, 'count'),
    row("requests to any host but the app's own", m.offHost, 'requests', 0, 'count', 'every page the bench loaded'),
    row(
      `time to first rendered frame, median of ${COLD_LOADS} cold loads`,
      ff,
      'ms',
      1500,
      'timing',
      m.firstFrames ? `runs: ${m.firstFrames.map((t) => Math.round(t)).join(', ')}` : undefined,
    ),
    row(
      'JS time per XR frame (emulated headset, stereo), median',
      xrf,
      'ms',
      2,
      'timing',
      m.xrFrameTimes ? `${m.xrFrameTimes.length} frames` : undefined,
    ),
    {
      name: `records service ingest, batched (${ingest?.batchSize ?? 50} per request), SQLite, loopback`,
      value: ingest ? Math.round(ingest.batched.perSecond) : null,
      unit: 'statements/s',
      budget: 3000,
      atLeast: true,
      kind: 'timing',
      pass: ingest ? ingest.batched.perSecond >= 3000 : null,
      ...(ingest && { note: `${ingest.clients} clients; ${mode(ingest.batched)}` }),
    },
    row(
      'records service ingest, one statement per request, SQLite, loopback',
      ingest ? Math.round(ingest.single.perSecond) : null,
      'statements/s',
      null,
      'timing',
      ingest ? `${ingest.clients} clients; ${mode(ingest.single)}` : undefined,
    ),
    row(
      `records service p99 at ${ingest?.clients ?? 50} concurrent clients (one statement per request)`,
      ingest ? round(ingest.single.p99, 1) : null,
      'ms',
      50,
      'timing',
      ingest
        ? `p50 ${round(ingest.single.p50, 1)} ms; keep-alive clients on the same machine, after 1,000 warm-up requests`
        : undefined,
    ),
    ...abuseRows(m.abuse ?? null),
    row(
      "admin's user list p95 over 10,000 users (search, filters, pages)",
      m.userSearch ? round(m.userSearch.p95, 1) : null,
      'ms',
      200,
      'timing',
      m.userSearch
        ? `p50 ${round(m.userSearch.p50, 1)} ms, max ${round(m.userSearch.max, 1)} ms over ${m.userSearch.requests} requests (7 kinds of search)`
        : undefined,
    ),
    ledgerAppendRow(m.ledgerAppend ?? null),
    exerciseReplayRow(m.exerciseReplay ?? null),
    ...exerciseRoomRows(m.exerciseRooms ?? null),
    ...credentialRows(m.credentials ?? null),
    ...reportRows(m.report),
  ];
}

/** /healthz and an xAPI POST under abuse of the attempts API, each held to twice its idle p50. */
function abuseRows(abuse: AbuseResult | null): Row[] {
  const answered = abuse
    ? Object.entries(abuse.statuses)
        .map(([status, count]) => `${count}× ${status}`)
        .join(', ')
    : '';
  const probeRow = (name: string, pick: (probe: AbuseResult['idle']) => { p50: number; count: number }) =>
    row(
      `${name} p50 while 6 learners send attempt batches without pause`,
      abuse ? round(pick(abuse.abused).p50, 2) : null,
      'ms',
      abuse ? round(2 * pick(abuse.idle).p50, 2) : null,
      'timing',
      abuse
        ? `budget: 2× idle p50 (${round(pick(abuse.idle).p50, 2)} ms); ${pick(abuse.abused).count} probes; the abusive batches were answered ${answered}`
        : undefined,
    );
  return [probeRow('/healthz', (probe) => probe.healthz), probeRow('xAPI statement POST', (probe) => probe.xapiPost)];
}

/** One append (check, insert, signature, commit) at 50,000 entries, with the incremental check. */
function ledgerAppendRow(result: LedgerAppendResult | null): Row {
  return row(
    'ledger append at 50,000 entries',
    result ? round(result.incrementalMs, 2) : null,
    'ms',
    50,
    'timing',
    result
      ? `median of ${result.appends}; checking the whole log before each append instead: ${round(result.fullMs, 0)} ms`
      : undefined,
  );
}

/** A joint-exercise log of 5,000 commands (and the clock's ticks between them) replayed to its last state. */
function exerciseReplayRow(result: ExerciseReplayResult | null): Row {
  return row(
    'joint-exercise replay of 5,000 commands',
    result ? round(result.replayMs, 1) : null,
    'ms',
    200,
    'timing',
    result
      ? `median of ${result.runs}; ${result.entries} log entries with the clock's; keeping every state as the review page does: ${round(result.statesMs, 1)} ms`
      : undefined,
  );
}

/** 20 live rooms × 6 participants (commands and poses), then one room of 8 for the bytes each receives. */
function exerciseRoomRows(r: ExerciseRoomsResult | null): Row[] {
  const load = r ? `load average ${r.loadAverage[0]} → ${r.loadAverage[1]} (the machine's other work counts)` : '';
  return [
    row(
      `joint-exercise command to every client of its room, p99 (${r?.rooms ?? 20} rooms × ${r?.participants ?? 6}, 2 commands/s and 20 poses/s each)`,
      r ? r.latencyP99Ms : null,
      'ms',
      50,
      'timing',
      r
        ? `p50 ${r.latencyP50Ms} ms, max ${r.latencyMaxMs} ms; ${r.delivered} of ${r.commands} commands reached every client in ${r.seconds} s; views are sent as soon as a command is logged (no patch interval); ${load}`
        : undefined,
    ),
    row(
      'joint-exercise downstream per participant at 8 participants',
      r ? round(r.bytesPerParticipantPerSecond / 1000, 1) : null,
      'kB/s',
      40,
      'timing',
      r
        ? `mean of 8 (most ${round(r.bytesPerParticipantPerSecondMax / 1000, 1)} kB/s); views ${Math.round(r.bytesShareViews * 100)} % of the bytes, poses and the rest the others`
        : undefined,
    ),
    row(
      'joint-exercise server memory per live room',
      r ? round(r.heapPerRoomBytes / 1e6, 2) : null,
      'MB',
      5,
      'timing',
      r
        ? `heap after a full collection, rooms and clients live; resident size ${round(r.rssPerRoomBytes / 1e6, 2)} MB per room`
        : undefined,
    ),
  ];
}

/** Issuing one period's credentials (10,000, in batches) and verifying one. */
function credentialRows(result: CredentialsResult | null): Row[] {
  return [
    row(
      'issue 10,000 credentials (Data Integrity + VC-JOSE, SQLite)',
      result ? round(result.issueTotalS, 1) : null,
      's',
      600,
      'timing',
      result
        ? `median ${round(result.issueMedianMs, 2)} ms per credential; batches of ${result.batchSize}, one transaction for their status indexes and one for their rows`
        : undefined,
    ),
    row(
      'verify one credential (proof, dates, signed status list)',
      result ? round(result.verifyMedianMs, 1) : null,
      'ms',
      250,
      'timing',
      result ? `median of ${result.verifications}, offline, in process` : undefined,
    ),
  ];
}

/** Exact-count rows that exceed their budget (or could not be measured): these fail the run. */
export function failingCounts(rows: readonly Row[]): Row[] {
  return rows.filter((r) => r.kind === 'count' && r.pass === false);
}
