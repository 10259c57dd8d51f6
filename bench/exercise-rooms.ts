// Live exercise rooms under load (issue budgets: command-to-every-client p99 ≤ 50 ms, ≤ 40 kB/s
// down per participant at 8, ≤ 5 MB of server memory per room). One server process (its own,
// bench/exercise-rooms-server.ts, so its memory is its own) runs 20 rooms of resident-data-leak
// with 6 participants each (the trainer and a learner per role), every one a real realtime client
// (@colyseus/sdk over loopback) sending a message to everyone twice a second and a pose 20 times a
// second for 20 s. The latency of a command is from its sending until the last client of its room
// holds a view with it; the room sends views at once (no patch interval: a view is a per-client
// message sent as soon as the command is logged). Then one room of 8 participants for 10 s gives
// the bytes each participant receives a second. Part of `npm run bench`, or alone:
// `npx tsx bench/exercise-rooms.ts`.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@colyseus/sdk';
import type { Room } from '@colyseus/sdk';
import type { BenchPerson } from './exercise-rooms-server.ts';
import { percentile, round } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXERCISE = 'resident-data-leak';
const ROLES = ['cyberspace', 'police', 'bigdata', 'civil-affairs', 'press'];

export interface ExerciseRoomsOptions {
  readonly rooms: number;
  /** Participants per room, the trainer included. */
  readonly participants: number;
  readonly seconds: number;
  readonly commandsPerSecond: number;
  readonly posesPerSecond: number;
  /** The room in which each participant's downstream bytes are measured. */
  readonly bytesParticipants: number;
  readonly bytesSeconds: number;
}

export const EXERCISE_ROOMS: ExerciseRoomsOptions = {
  rooms: 20,
  participants: 6,
  seconds: 20,
  commandsPerSecond: 2,
  posesPerSecond: 20,
  bytesParticipants: 8,
  bytesSeconds: 10,
};

export interface ExerciseRoomsResult {
  readonly rooms: number;
  readonly participants: number;
  readonly seconds: number;
  readonly commands: number;
  /** Commands that reached every client of their room. */
  readonly delivered: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
  /** Bytes each participant of the 8-participant room received a second (mean), and the most. */
  readonly bytesPerParticipantPerSecond: number;
  readonly bytesPerParticipantPerSecondMax: number;
  readonly bytesShareViews: number;
  /** Server heap (after a full collection) per room, rooms and clients live. */
  readonly heapPerRoomBytes: number;
  readonly rssPerRoomBytes: number;
  readonly loadAverage: readonly [number, number];
}

interface ServerHandle {
  readonly origin: string;
  readonly trainer: BenchPerson;
  readonly learners: readonly BenchPerson[];
  memory(): Promise<{ heapUsed: number; rss: number }>;
  close(): Promise<void>;
}

async function startServerProcess(learners: number): Promise<ServerHandle> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/exercise-rooms-server.ts'],
    { cwd: ROOT, env: { ...process.env, BENCH_LEARNERS: String(learners) }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = (timeoutMs: number) =>
    new Promise<string>((resolveLine, reject) => {
      const timer = setTimeout(() => reject(new Error(`The rooms server said nothing in ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      waiting.push((line) => {
        clearTimeout(timer);
        resolveLine(line);
      });
      child.once('exit', (code) => reject(new Error(`The rooms server exited (${code}): ${stderr}`)));
    });
  const ready = JSON.parse(await nextLine(180_000)) as { origin: string; trainer: BenchPerson; learners: BenchPerson[] };
  return {
    ...ready,
    async memory() {
      // A server that fell behind answers once it has worked through what it was sent.
      const answer = nextLine(120_000);
      child.stdin.write('memory\n');
      return JSON.parse(await answer) as { heapUsed: number; rss: number };
    },
    async close() {
      const exited = new Promise((done) => child.once('exit', done));
      child.stdin.end();
      // The realtime server's own SIGTERM handler waits for its rooms to close gracefully; the
      // bench's rooms hold nothing to keep.
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function post(origin: string, who: BenchPerson, url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${origin}${url}`, {
    method: 'POST',
    headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }), origin },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

interface BenchClient {
  readonly room: Room;
  bytes: number;
  viewBytes: number;
  lastSeq: number;
}

interface Message {
  readonly seq: number;
  readonly text: string;
}

interface Pending {
  readonly sentAt: number;
  readonly need: number;
  seen: number;
}

/** A room of `size` participants (the trainer and learners by role), every one connected. */
async function openRoom(
  server: ServerHandle,
  learners: readonly BenchPerson[],
  size: number,
  onView: (client: BenchClient, messages: readonly Message[]) => void,
): Promise<BenchClient[]> {
  const { session } = (await post(server.origin, server.trainer, '/api/v1/exercise-sessions', { exerciseId: EXERCISE })) as {
    session: { id: string };
  };
  const people = [server.trainer];
  for (let i = 0; i < size - 1; i += 1) {
    const learner = learners[i];
    if (learner === undefined) throw new Error('not enough learners');
    await post(server.origin, server.trainer, `/api/v1/exercise-sessions/${session.id}/assignments`, {
      userId: learner.userId,
      role: ROLES[i % ROLES.length],
    });
    people.push(learner);
  }
  const clients: BenchClient[] = [];
  for (const who of people) {
    const seat = (await post(server.origin, who, `/api/v1/exercise-sessions/${session.id}/seat`)) as {
      path: string;
      seat: Parameters<Client['consumeSeatReservation']>[0];
    };
    const sdk = new Client(`${server.origin}${seat.path}`, {
      headers: { cookie: who.headers.cookie ?? '', origin: server.origin },
    });
    const room = await sdk.consumeSeatReservation(seat.seat);
    const client: BenchClient = { room, bytes: 0, viewBytes: 0, lastSeq: -1 };
    const events = room.connection.events;
    const original = events.onmessage;
    let lastSize = 0;
    events.onmessage = (event: { data: ArrayBuffer | Buffer }) => {
      lastSize = event.data.byteLength;
      client.bytes += lastSize;
      original?.(event);
    };
    room.onMessage('view', (payload: { view: { messages?: Message[] } }) => {
      client.viewBytes += lastSize;
      onView(client, payload.view.messages ?? []);
    });
    room.onMessage('view-patch', (payload: { set?: { messages?: Message[] }; append?: { messages?: Message[] } }) => {
      client.viewBytes += lastSize;
      onView(client, payload.append?.messages ?? payload.set?.messages ?? []);
    });
    room.onMessage('*', () => undefined);
    clients.push(client);
  }
  return clients;
}

function pose(t: number, index: number) {
  const yaw = Math.sin(t / 700 + index) * 0.3;
  return {
    head: {
      p: [index * 0.8, 1.6 + Math.sin(t / 300) * 0.01, 2 + Math.cos(t / 500) * 0.05],
      q: [0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2)],
    },
    pointer: { from: [index * 0.8, 1.4, 2], to: [Math.sin(t / 900) * 2, 1.2, -1] },
  };
}

/** Every client sends its commands and poses until `seconds` pass; answers the commands sent. */
async function drive(
  groups: readonly BenchClient[][],
  seconds: number,
  options: ExerciseRoomsOptions,
  pending: Map<string, Pending>,
) {
  let sent = 0;
  const timers: NodeJS.Timeout[] = [];
  groups.forEach((clients, roomIndex) =>
    clients.forEach((client, index) => {
      let n = 0;
      const commandEvery = 1000 / options.commandsPerSecond;
      const start = setTimeout(() => {
        timers.push(
          setInterval(() => {
            const text = `r${roomIndex} c${index} n${n++}`;
            pending.set(text, { sentAt: performance.now(), need: clients.length, seen: 0 });
            client.room.send('command', { type: 'message', to: 'all', text });
            sent += 1;
          }, commandEvery),
        );
      }, Math.random() * commandEvery);
      timers.push(start);
      const poseEvery = 1000 / options.posesPerSecond;
      const poseStart = setTimeout(() => {
        timers.push(setInterval(() => client.room.send('pose', pose(Date.now(), index)), poseEvery));
      }, Math.random() * poseEvery);
      timers.push(poseStart);
    }),
  );
  await new Promise((done) => setTimeout(done, seconds * 1000));
  for (const timer of timers) {
    clearTimeout(timer);
    clearInterval(timer);
  }
  // What was sent last has a moment to arrive.
  await new Promise((done) => setTimeout(done, 1500));
  return sent;
}

export async function measureExerciseRooms(options: ExerciseRoomsOptions = EXERCISE_ROOMS): Promise<ExerciseRoomsResult> {
  const learnersPerRoom = options.participants - 1;
  const progress = (message: string) => void process.stderr.write(`  exercise rooms: ${message}\n`);
  const server = await startServerProcess(options.rooms * learnersPerRoom + options.bytesParticipants);
  progress('server ready');
  try {
    const pending = new Map<string, Pending>();
    const latencies: number[] = [];
    const onView = (client: BenchClient, messages: readonly Message[]) => {
      const now = performance.now();
      let top = client.lastSeq;
      for (let i = messages.length - 1; i >= 0; i -= 1) {
        const message = messages[i]!;
        if (message.seq <= client.lastSeq) break;
        top = Math.max(top, message.seq);
        const entry = pending.get(message.text);
        if (entry === undefined) continue;
        entry.seen += 1;
        if (entry.seen === entry.need) {
          latencies.push(now - entry.sentAt);
          pending.delete(message.text);
        }
      }
      client.lastSeq = top;
    };
    const before = await server.memory();
    const groups: BenchClient[][] = [];
    for (let r = 0; r < options.rooms; r += 1)
      groups.push(await openRoom(server, server.learners.slice(r * learnersPerRoom), options.participants, onView));
    progress(`${options.rooms} rooms × ${options.participants} connected; driving them for ${options.seconds} s`);
    const loadBefore = loadavg()[0] ?? 0;
    const clients = groups.flat();
    for (const client of clients) client.bytes = 0;
    const sent = await drive(groups, options.seconds, options, pending);
    const during = await server.memory();
    const loadAfter = loadavg()[0] ?? 0;
    for (const client of clients) await client.room.leave(true).catch(() => undefined);

    // One room of 8: the bytes each participant receives.
    const bytesPending = new Map<string, Pending>();
    progress(`one room of ${options.bytesParticipants} for ${options.bytesSeconds} s`);
    const eight = await openRoom(
      server,
      server.learners.slice(options.rooms * learnersPerRoom),
      options.bytesParticipants,
      () => undefined,
    );
    for (const client of eight) {
      client.bytes = 0;
      client.viewBytes = 0;
    }
    await drive([eight], options.bytesSeconds, options, bytesPending);
    const perSecond = eight.map((c) => c.bytes / (options.bytesSeconds + 1.5));
    const viewShare =
      eight.reduce((s, c) => s + c.viewBytes, 0) /
      Math.max(
        1,
        eight.reduce((s, c) => s + c.bytes, 0),
      );
    for (const client of eight) await client.room.leave(true).catch(() => undefined);

    return {
      rooms: options.rooms,
      participants: options.participants,
      seconds: options.seconds,
      commands: sent,
      delivered: latencies.length,
      latencyP50Ms: round(percentile(latencies, 0.5), 1),
      latencyP99Ms: round(percentile(latencies, 0.99), 1),
      latencyMaxMs: round(Math.max(...latencies), 1),
      bytesPerParticipantPerSecond: Math.round(perSecond.reduce((a, b) => a + b, 0) / perSecond.length),
      bytesPerParticipantPerSecondMax: Math.round(Math.max(...perSecond)),
      bytesShareViews: round(viewShare, 2),
      heapPerRoomBytes: Math.round((during.heapUsed - before.heapUsed) / options.rooms),
      rssPerRoomBytes: Math.round((during.rss - before.rss) / options.rooms),
      loadAverage: [round(loadBefore, 2), round(loadAfter, 2)],
    };
  } finally {
    await server.close();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  measureExerciseRooms()
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
