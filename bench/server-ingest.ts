// The records service under load: the real server (`server/main.ts`) in its own process on
// loopback with SQLite in a temp folder, and 50 concurrent clients in this process posting
// statements one at a time and in batches; throughput and latency. Part of `npm run bench`, or
// alone: `npx tsx bench/server-ingest.ts [--runs N]` (needs a built dist/).
//
// The clients share this machine's cores with the server, which real headsets never do, so they
// are kept cheap: node:http over 50 keep-alive sockets (fetch cost a whole core at 2,000 requests
// a second here and pushed the server's latency up with it). The client's own CPU time is reported.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface IngestMode {
  readonly statements: number;
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU seconds the load generator itself used (user + system), out of `seconds` of wall time. */
  readonly clientCpuSeconds: number;
}

export interface IngestResult {
  readonly single: IngestMode;
  readonly batched: IngestMode;
  readonly clients: number;
  readonly batchSize: number;
}

const KEY = 'bench-client';
const SECRET = 'bench-secret-0123456789';

function statement(n: number) {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', account: { homePage: 'https://id.shixun.local', name: `learner-${n % 10_000}` } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
    object: {
      objectType: 'Activity',
      id: `https://id.shixun.local/xapi/courses/bench/scenes/s${n % 13}/steps/q${n % 7}`,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        name: { 'en-US': 'Bench step' },
        interactionType: 'other',
      },
    },
    result: { response: '{"type":"choice","selected":["a"]}', completion: true },
    context: { registration: randomUUID(), platform: 'Shixun bench' },
    timestamp: new Date().toISOString(),
  };
}

/** POSTs `body` on a keep-alive socket of `agent`; resolves with the status once the answer is read. */
function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(agent: Agent, origin: string, clients: number, requests: number, perRequest: number): Promise<IngestMode> {
  const headers = {
    'content-type': 'application/json',
    'x-experience-api-version': '2.0.0',
    authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`,
  };
  const url = new URL('/xapi/statements', origin);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < requests; i = next++) {
        const body = JSON.stringify(
          perRequest === 1 ? statement(i) : Array.from({ length: perRequest }, (_, k) => statement(i * perRequest + k)),
        );
        const t = performance.now();
        const status = await post(agent, url, headers, body);
        latencies.push(performance.now() - t);
        if (status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (failures > 0) throw new Error(`${failures} of ${requests} requests were not accepted`);
  return {
    statements: requests * perRequest,
    requests,
    seconds,
    perSecond: (requests * perRequest) / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    clientCpuSeconds: (used.user + used.system) / 1e6,
  };
}

/** Starts `server/main.ts` on a free port and resolves with its origin once it listens. */
function startServerProcess(staticDir: string, dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SHIXUN_STATIC_DIR: staticDir,
      SHIXUN_XAPI_KEY: KEY,
      SHIXUN_XAPI_SECRET: SECRET,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const origin = new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/[^\s]+)/.exec(out);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
  return { child, origin };
}

export async function measureIngest(staticDir: string, clients = 50, batchSize = 50): Promise<IngestResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shixun-bench-'));
  const server = startServerProcess(staticDir, dataDir);
  // One keep-alive socket per client, opened in the warm-up and kept: a headset keeps its
  // connection too, and 50 connects at once made loopback drop the odd SYN here (1 s or 3 s
  // retransmits that measured the kernel, not the server).
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  try {
    const origin = await server.origin;
    // Warm-up, as a server that has run a while: JIT, prepared statements, SQLite pages, sockets.
    await run(agent, origin, clients, 1_000, 1);
    const single = await run(agent, origin, clients, 3_000, 1);
    const batched = await run(agent, origin, clients, 600, batchSize);
    return { single, batched, clients, batchSize };
  } finally {
    agent.destroy();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `npx tsx bench/server-ingest.ts [staticDir] [--runs N]`: only this part of the bench, N times. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1;
  const staticDir =
    args.find((arg, index) => !arg.startsWith('--') && (runsAt < 0 || index !== runsAt + 1)) ?? join(ROOT, 'dist');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs, e.g. --runs 3.');
  const show = (name: string, m: IngestMode) =>
    `${name.padEnd(8)} ${Math.round(m.perSecond).toString().padStart(6)} statements/s  p50 ${m.p50.toFixed(1).padStart(6)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms  client CPU ${m.clientCpuSeconds.toFixed(2)} s of ${m.seconds.toFixed(2)} s`;
  for (let run = 1; run <= runs; run++) {
    const result = await measureIngest(staticDir);
    process.stdout.write(
      `run ${run}/${runs}, ${result.clients} clients\n  ${show('single', result.single)}\n  ${show(`batch ${result.batchSize}`, result.batched)}\n`,
    );
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
