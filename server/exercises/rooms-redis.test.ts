// Two server processes sharing one Redis (SHIXUN_TEST_REDIS_URL, started by .ci/run) and one
// database: clients that got their seats from different processes play in the same room; then the
// process hosting the room is killed with SIGKILL mid-exercise, the trainer resumes the session
// through the other process, and the room rebuilt from the log has every acknowledged command.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/test-support/accounts-test-app.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import type { ExerciseSeat, ExerciseSessionView } from '../../src/contracts/exercise-types.ts';
import { connectClient } from './test-support/rooms-test-app.ts';
import type { Participant, Person } from './test-support/rooms-test-app.ts';
import { privateOf, TOY_EXERCISE_ID } from './test-support/toy-rules.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REDIS_URL = process.env.SHIXUN_TEST_REDIS_URL || undefined;
/** The site's one public address: every page, whichever process served it, comes from here. */
const SITE = 'http://shixun.test';
const SLOW = 120_000;

if (REDIS_URL === undefined)
  console.warn('rooms-redis.test.ts: skipped, SHIXUN_TEST_REDIS_URL is not set (.ci/run starts a Redis and sets it).');

interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly origin: string;
  readonly port: number;
  readonly exited: Promise<unknown>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startProcess(database: TestDatabase): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/exercises/test-support/room-process.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      REDIS_URL,
      SHIXUN_PUBLIC_URL: SITE,
      SHIXUN_TEST_DB_CONFIG: JSON.stringify(database.config),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`A room process did not start within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`A room process exited (${String(code)}) before listening:\n${output}`)));
  });
  return { child, origin: `http://127.0.0.1:${port}`, port, exited };
}

async function call(server: ServerProcess, person: Person | undefined, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...person?.headers },
    body: JSON.stringify(body ?? {}),
  });
}

async function signIn(
  server: ServerProcess,
  database: TestDatabase,
  username: string,
  role: 'trainer' | 'learner',
): Promise<Person> {
  const password = `pass-${username}-0123`;
  const user = await addUser(database, username, password, role);
  const response = await call(server, undefined, '/api/v1/auth/login', { username, password });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^shixun_session=/);
  return { user, headers: { cookie, 'x-shixun-csrf': '1' } };
}

async function seat(server: ServerProcess, person: Person, sessionId: string): Promise<ExerciseSeat> {
  const response = await call(server, person, `/api/v1/exercise-sessions/${sessionId}/seat`);
  expect(response.status).toBe(200);
  return (await response.json()) as ExerciseSeat;
}

describe.skipIf(REDIS_URL === undefined).each(TEST_DATABASES)('two server processes sharing Redis, on $name', (variant) => {
  describe.skipIf(!variant.available)('one room', () => {
    let database: TestDatabase;
    let first: ServerProcess;
    let second: ServerProcess;
    const clients: Participant[] = [];

    beforeAll(async () => {
      database = await variant.open();
      [first, second] = await Promise.all([startProcess(database), startProcess(database)]);
    }, SLOW);

    afterAll(async () => {
      for (const client of clients) await client.leave().catch(() => undefined);
      for (const server of [first, second]) {
        if (server.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGTERM');
          await server.exited;
        }
      }
      await database.dispose();
    }, SLOW);

    it(
      'plays across processes, survives a SIGKILL of the hosting process and loses no acknowledged command',
      async () => {
        const trainer = await signIn(first, database, 'trainer', 'trainer');
        const alice = await signIn(first, database, 'alice', 'learner');
        const bob = await signIn(second, database, 'bob', 'learner');
        const created = await call(first, trainer, '/api/v1/exercise-sessions', { exerciseId: TOY_EXERCISE_ID });
        expect(created.status).toBe(201);
        const session = ((await created.json()) as { session: ExerciseSessionView }).session;
        expect((await call(first, alice, '/api/v1/exercise-sessions/join', { code: session.code })).status).toBe(200);
        expect((await call(first, alice, `/api/v1/exercise-sessions/${session.id}/role`, { role: 'alpha' })).status).toBe(200);
        expect((await call(second, bob, '/api/v1/exercise-sessions/join', { code: session.code })).status).toBe(200);
        expect((await call(second, bob, `/api/v1/exercise-sessions/${session.id}/role`, { role: 'beta' })).status).toBe(200);
        const { seed } = await database.db
          .selectFrom('exercise_sessions')
          .select('seed')
          .where('id', '=', session.id)
          .executeTakeFirstOrThrow();

        // The room is built on the first process; Bob's seat comes from the second and points there.
        const alphaSeat = await seat(first, alice, session.id);
        const betaSeat = await seat(second, bob, session.id);
        expect(betaSeat.seat.roomId).toBe(alphaSeat.seat.roomId);
        expect(betaSeat.seat.publicAddress).toBe(`127.0.0.1:${first.port}/rooms`);
        const alpha = await connectClient(second.origin, alice, alphaSeat, SITE);
        const beta = await connectClient(second.origin, bob, betaSeat, SITE);
        clients.push(alpha, beta);
        alpha.room.send('command', { kind: 'post', text: 'across processes' });
        await beta.next('view', (p) => JSON.stringify(p.view).includes('across processes'));
        beta.room.send('command', { kind: 'request', to: 'alpha' });
        await alpha.next('view', (p) => ((p.view as { requests: unknown[] }).requests ?? []).length === 1);

        // A stream of commands; the hosting process dies in the middle of it.
        const acknowledged = new Set<number>();
        alpha.room.onMessage('accepted', (payload: { seq: number }) => acknowledged.add(payload.seq));
        let sending = true;
        const sender = (async () => {
          for (let i = 0; i < 400 && sending; i += 1) {
            if (!alpha.room.connection.isOpen) break;
            alpha.room.send('command', { kind: 'count' });
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        })();
        while (acknowledged.size < 40) await new Promise((resolve) => setTimeout(resolve, 5));
        first.child.kill('SIGKILL');
        await first.exited;
        sending = false;
        await sender;
        expect(acknowledged.size).toBeGreaterThanOrEqual(40);

        // The trainer resumes through the surviving process: the room is rebuilt there from the log.
        const resumed = await call(second, trainer, `/api/v1/exercise-sessions/${session.id}/resume`);
        expect(resumed.status).toBe(200);
        const log = await database.db
          .selectFrom('exercise_log')
          .selectAll()
          .where('session_id', '=', session.id)
          .orderBy('seq')
          .execute();
        const logged = new Set(log.filter((entry) => entry.accepted === 1).map((entry) => entry.seq));
        for (const seq of acknowledged) expect(logged.has(seq)).toBe(true);
        const counted = log.filter((entry) => entry.accepted === 1 && entry.command === '{"kind":"count"}').length;
        expect(counted).toBeGreaterThanOrEqual(acknowledged.size);

        const trainerSeat = await seat(second, trainer, session.id);
        expect(trainerSeat.seat.roomId).not.toBe(alphaSeat.seat.roomId);
        expect(trainerSeat.seat.publicAddress).toBe(`127.0.0.1:${second.port}/rooms`);
        const control = await connectClient(second.origin, trainer, trainerSeat, SITE);
        clients.push(control);
        const state = (await control.next('view')).view as { counter: number; board: string[]; requests: unknown[] };
        expect(state.counter).toBe(counted);
        expect(state.board).toEqual(['alpha: across processes']);
        expect(state.requests).toHaveLength(1);

        // The learners come back through either process and play on in the rebuilt room.
        const alphaAgain = await connectClient(second.origin, alice, await seat(second, alice, session.id), SITE);
        const betaAgain = await connectClient(second.origin, bob, await seat(second, bob, session.id), SITE);
        clients.push(alphaAgain, betaAgain);
        alphaAgain.room.send('command', { kind: 'answer', id: 0, grant: true });
        await betaAgain.next('view', (p) => ((p.view as { received: unknown[] }).received ?? []).length === 1);
        expect(JSON.stringify(betaAgain.received) + JSON.stringify(beta.received)).not.toContain(privateOf('alpha', seed));
        expect(JSON.stringify(alphaAgain.received) + JSON.stringify(alpha.received)).not.toContain(privateOf('beta', seed));
      },
      SLOW,
    );
  });
});
