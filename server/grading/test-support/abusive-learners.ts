// Learners abusing the assessment API, against the real server listening on a port: each holds
// one long attempt and sends batches of answers as fast as the server answers, never waiting out a
// 429. Meanwhile a prober measures what everyone else gets: GET /healthz and one xAPI statement
// POST at a time. Used by the regression test (../grading-abuse.test.ts) and the bench.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Course } from '../../../src/course/schema.ts';
import type { AttemptAction } from '../../../src/engine/attempt-actions.ts';
import { addUser, signedIn } from '../../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../../build-server.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { playAttempt } from '../../demo/attempt-log.ts';
import { Random } from '../../demo/random.ts';
import type { CourseCatalog } from '../course-catalog.ts';

const XAPI_KEY = 'abuse-probe';
const XAPI_SECRET = 'abuse-probe-secret-0123456789';

interface Answer {
  readonly status: number;
  readonly ms: number;
}

/** One request on a keep-alive socket of `agent`: the status and how long until the answer was read. */
function send(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface AbuseServer {
  readonly app: FastifyInstance;
  readonly origin: string;
  close(): Promise<void>;
}

/** The whole server (API only) on `database`, listening on a free loopback port. */
export async function startAbuseServer(database: TestDatabase, env: NodeJS.ProcessEnv = {}): Promise<AbuseServer> {
  const keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-abuse-'));
  const app = await buildServer({
    apiOnly: true,
    logger: false,
    database,
    ledgerKeyDir: keyDir,
    env: { SHIXUN_PUBLIC_URL: 'https://shixun.test/', SHIXUN_XAPI_KEY: XAPI_KEY, SHIXUN_XAPI_SECRET: XAPI_SECRET, ...env },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await rm(keyDir, { recursive: true, force: true });
    },
  };
}

/** A learner signed in, with an open attempt of `course` already `prefill` actions long. */
interface Abuser {
  readonly headers: Record<string, string>;
  readonly attemptId: string;
  readonly course: Course;
  readonly respond: AttemptAction;
  held: number;
  at: number;
}

function batchBody(abuser: Abuser, count: number): string {
  const actions = Array.from({ length: count }, () => ({ ...abuser.respond, at: (abuser.at += 1) }));
  return JSON.stringify({ courseId: abuser.course.id, courseVersion: abuser.course.version, from: abuser.held, actions });
}

async function prepareAbuser(
  server: AbuseServer,
  database: TestDatabase,
  course: Course,
  index: number,
  prefill: number,
): Promise<Abuser> {
  const username = `abuser-${index}-${randomUUID().slice(0, 8)}`;
  const password = 'Abuse-password-0123';
  await addUser(database, username, password);
  const session = await signedIn(server.app, username, password);
  const headers = { ...session, 'content-type': 'application/json' };
  // Courses with drawn steps start only with the attempt id the server issues.
  const ticket = await server.app.inject({
    method: 'POST',
    url: `/api/v1/courses/${course.id}/attempt-ticket`,
    headers: session,
  });
  if (ticket.statusCode !== 200) throw new Error(`${username}'s attempt ticket: ${ticket.statusCode} ${ticket.body}`);
  const attemptId = ticket.json<{ attemptId: string }>().attemptId;
  const played = playAttempt(course, { attemptId, skill: 0.5, random: new Random(attemptId), startMs: Date.now() });
  const [start, respond] = played.log;
  if (start?.kind !== 'start' || respond?.kind !== 'respond') throw new Error(`${course.id} does not open with a response`);
  const abuser: Abuser = { headers, attemptId, course, respond, held: 0, at: start.at };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(`/api/v1/attempts/${attemptId}/actions`, server.origin);
  try {
    let body = JSON.stringify({ courseId: course.id, courseVersion: course.version, from: 0, actions: [start] });
    for (;;) {
      const answer = await send(agent, url, 'PUT', headers, body);
      if (answer.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      if (answer.status !== 200) throw new Error(`preparing ${username}'s attempt: ${answer.status}`);
      abuser.held = JSON.parse(body).from + JSON.parse(body).actions.length;
      if (abuser.held >= prefill) return abuser;
      body = batchBody(abuser, Math.min(200, prefill - abuser.held));
    }
  } finally {
    agent.destroy();
  }
}

export interface AbuseOptions {
  /** Learners abusing at once. */
  readonly loops: number;
  /** Actions each learner's attempt holds before the measurement. */
  readonly prefill: number;
  /** Answers per abusive batch. */
  readonly batchActions: number;
  /** How long the probes run, ms. */
  readonly probeMs: number;
}

export interface ProbeResult {
  readonly healthz: { readonly p50: number; readonly count: number };
  readonly xapiPost: { readonly p50: number; readonly count: number };
}

export interface AbuseResult {
  readonly idle: ProbeResult;
  readonly abused: ProbeResult;
  /** Answers the abusive loops got, by status. */
  readonly statuses: Readonly<Record<number, number>>;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** GET /healthz and one statement POST, one after the other, for `ms`. */
async function probe(origin: string, ms: number): Promise<ProbeResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const health: number[] = [];
  const posts: number[] = [];
  const xapiHeaders = {
    'content-type': 'application/json',
    'x-experience-api-version': '2.0.0',
    authorization: `Basic ${Buffer.from(`${XAPI_KEY}:${XAPI_SECRET}`).toString('base64')}`,
  };
  const until = performance.now() + ms;
  try {
    while (performance.now() < until) {
      const healthz = await send(agent, new URL('/healthz', origin), 'GET', {});
      if (healthz.status !== 200) throw new Error(`/healthz answered ${healthz.status}`);
      health.push(healthz.ms);
      const statement = {
        id: randomUUID(),
        actor: { objectType: 'Agent', account: { homePage: 'https://id.shixun.local', name: 'probe' } },
        verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
        object: { objectType: 'Activity', id: 'https://id.shixun.local/xapi/probe' },
      };
      const posted = await send(agent, new URL('/xapi/statements', origin), 'POST', xapiHeaders, JSON.stringify(statement));
      if (posted.status !== 200) throw new Error(`the xAPI POST answered ${posted.status}`);
      posts.push(posted.ms);
    }
  } finally {
    agent.destroy();
  }
  return { healthz: { p50: median(health), count: health.length }, xapiPost: { p50: median(posts), count: posts.length } };
}

/** Probes the idle server, then again while `loops` learners abuse it. */
export async function measureAbuse(
  server: AbuseServer,
  database: TestDatabase,
  catalog: CourseCatalog,
  options: AbuseOptions,
): Promise<AbuseResult> {
  const course = catalog.courses[0]!;
  const abusers: Abuser[] = [];
  for (let index = 0; index < options.loops; index += 1)
    abusers.push(await prepareAbuser(server, database, course, index, options.prefill));
  // Warm-up, then the idle baseline.
  await probe(server.origin, 300);
  const idle = await probe(server.origin, options.probeMs);
  const statuses: Record<number, number> = {};
  let stop = false;
  const loops = abusers.map(async (abuser) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(`/api/v1/attempts/${abuser.attemptId}/actions`, server.origin);
    try {
      while (!stop) {
        const answer = await send(agent, url, 'PUT', abuser.headers, batchBody(abuser, options.batchActions));
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status === 200) abuser.held += options.batchActions;
        else abuser.at -= options.batchActions;
      }
    } finally {
      agent.destroy();
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const abused = await probe(server.origin, options.probeMs);
  stop = true;
  await Promise.all(loops);
  return { idle, abused, statuses };
}
