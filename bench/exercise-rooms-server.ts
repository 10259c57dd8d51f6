// The server side of bench/exercise-rooms.ts, run as a process of its own (`node --expose-gc
// --import tsx`) so its memory is the server's alone: the accounts and exercises plugins with the
// joint-exercises course on a fresh SQLite file, listening on loopback; a trainer and the learners
// with a browser session each. Prints one JSON line ({ origin, trainer, learners }) when it accepts connections; then
// answers each "memory" line on stdin with its heap and resident size after a full collection.
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACCOUNTS_POLICY } from '../server/accounts/policy.ts';
import { SESSION_COOKIE } from '../server/accounts/session-cookie.ts';
import { SessionStore } from '../server/accounts/session-store.ts';
import { addUser } from '../server/accounts/test-support/accounts-test-app.ts';
import { TEST_DATABASES } from '../server/db/test-databases.ts';
import { loadExerciseRegistry } from '../server/exercises/registry.ts';
import { listeningServer } from '../server/exercises/test-support/rooms-test-app.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const learnerCount = Number(process.env.BENCH_LEARNERS ?? 140);

export interface BenchPerson {
  readonly userId: string;
  readonly headers: Record<string, string>;
}

const database = await TEST_DATABASES[0]!.open();
const app = await listeningServer(database, {
  registry: loadExerciseRegistry(path.join(ROOT, 'courses')),
});
const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

// Signed in as sign-in would leave them (a browser session in the database), without a password
// check per person: the bench measures the rooms, not the password hash.
const sessions = new SessionStore(database.db, Date.now, DEFAULT_ACCOUNTS_POLICY);

async function person(username: string, role: 'trainer' | 'learner'): Promise<BenchPerson> {
  const user = await addUser(database, username, `bench-${username}-0123`, role);
  const token = await sessions.create(user.id, 'browser');
  return { userId: user.id, headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-shixun-csrf': '1' } };
}

const trainer = await person('bench-trainer', 'trainer');
const learners: BenchPerson[] = [];
for (let i = 0; i < learnerCount; i += 1) learners.push(await person(`bench-learner-${i}`, 'learner'));
process.stdout.write(`${JSON.stringify({ origin, trainer, learners })}\n`);

const gc = (globalThis as { gc?: () => void }).gc;
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'memory') continue;
  gc?.();
  gc?.();
  const memory = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ heapUsed: memory.heapUsed, rss: memory.rss, external: memory.external })}\n`);
}
await app.close();
await database.dispose();
