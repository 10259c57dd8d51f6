// The server side of bench/exercise-rooms.ts, run as a process of its own (`node --expose-gc
// --import tsx`) so its memory is the server's alone: the accounts and exercises plugins with the
// joint-exercises course on a fresh SQLite file, listening on loopback; a trainer and the learners
// signed in. Prints one JSON line ({ origin, trainer, learners }) when it accepts connections; then
// answers each "memory" line on stdin with its heap and resident size after a full collection.
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addUser, login, sessionCookie } from '../server/accounts/test-support/accounts-test-app.ts';
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

async function person(username: string, role: 'trainer' | 'learner', index: number): Promise<BenchPerson> {
  const password = `bench-${username}-0123`;
  const user = await addUser(database, username, password, role);
  // Each from its own address, as people at their own desks: the sign-in limits are per address.
  const response = await login(app, username, password, `10.9.${index >> 8}.${index & 255}`);
  if (response.statusCode !== 200) throw new Error(`Sign-in as ${username} failed: ${response.statusCode} ${response.body}`);
  return { userId: user.id, headers: { cookie: sessionCookie(response), 'x-shixun-csrf': '1' } };
}

const trainer = await person('bench-trainer', 'trainer', 0);
const learners: BenchPerson[] = [];
for (let i = 0; i < learnerCount; i += 1) learners.push(await person(`bench-learner-${i}`, 'learner', i + 1));
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
