// Crash test of the records service: the real server (`server/main.ts`) in its own process takes
// a burst of concurrent statement POSTs, is killed with SIGKILL in the middle, and restarts on
// the same data folder; every statement it had answered 2xx for must be there. This is what
// "acknowledged only once durably stored" means, group commit included. SQLite only: the
// server's PostgreSQL setting (DATABASE_URL) has no schema of its own to give a test.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.ts';
import { migrationsFor } from './migrations.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'crash-test-client';
const SECRET = 'crash-test-secret-0123456789';
const HEADERS = {
  'content-type': 'application/json',
  'x-experience-api-version': '2.0.0',
  authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`,
};
const CLIENTS = 40;

interface RunningServer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly origin: string;
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

/** Starts `server/main.ts` on a free loopback port and resolves once it listens. */
async function startServer(dataDir: string, staticDir: string): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SHIXUN_STATIC_DIR: staticDir,
      SHIXUN_XAPI_KEY: KEY,
      SHIXUN_XAPI_SECRET: SECRET,
      SHIXUN_ADMIN_PASSWORD: 'crash-test-admin-password-1',
      XAPI_FORWARD_URL: '',
      LOG_LEVEL: 'error',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const origin = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within 20 s:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${String(code)}) before listening:\n${output}`));
    });
  });
  return { child, origin, exited };
}

function statement(n: number): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', account: { homePage: 'https://id.shixun.test', name: `learner-${n % 500}` } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { en: 'answered' } },
    object: { objectType: 'Activity', id: `https://shixun.test/courses/crash/steps/q${n % 9}` },
    result: { response: `answer ${n}`, completion: true },
  };
}

describe('the records service killed mid-burst', () => {
  let dataDir: string;
  let staticDir: string;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shixun-crash-data-'));
    // The server insists on a built app; a one-line page is enough for an API test.
    staticDir = await mkdtemp(path.join(tmpdir(), 'shixun-crash-static-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Shixun</title>');
  });
  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await server.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
    await rm(staticDir, { recursive: true, force: true });
  });

  /** Posts from CLIENTS clients until `server` dies; one statement, or every fifth time a batch of five. */
  async function burst(server: RunningServer, acknowledged: string[], enough: number): Promise<{ failed: number }> {
    let failed = 0;
    let killed = false;
    let next = 0;
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (!killed) {
        const n = next++;
        const body = n % 5 === 4 ? Array.from({ length: 5 }, (_, k) => statement(n * 5 + k)) : [statement(n)];
        try {
          const response = await fetch(`${server.origin}/xapi/statements`, {
            method: 'POST',
            headers: HEADERS,
            body: JSON.stringify(body.length === 1 ? body[0] : body),
          });
          const answer: unknown = await response.json();
          if (response.status === 200 && Array.isArray(answer)) acknowledged.push(...answer.map(String));
          else failed++;
        } catch {
          failed++;
          return;
        }
      }
    });
    const target = acknowledged.length + enough;
    const deadline = Date.now() + 10_000;
    while (acknowledged.length < target && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 5));
    server.child.kill('SIGKILL');
    killed = true;
    expect(await server.exited).toBe('SIGKILL');
    await Promise.all(clients);
    return { failed };
  }

  it('keeps every statement it acknowledged, over two kills', async () => {
    const acknowledged: string[] = [];
    for (let round = 1; round <= 2; round++) {
      const server = await startServer(dataDir, staticDir);
      servers.push(server);
      const before = acknowledged.length;
      const { failed } = await burst(server, acknowledged, 300);
      expect(acknowledged.length - before, `acknowledged in round ${round}`).toBeGreaterThanOrEqual(300);
      // The kill came mid-burst: requests were in flight and got no answer.
      expect(failed, `requests cut off in round ${round}`).toBeGreaterThan(0);
    }

    const restarted = await startServer(dataDir, staticDir);
    servers.push(restarted);
    const sample = acknowledged.filter((_, index) => index % Math.ceil(acknowledged.length / 20) === 0);
    for (const id of sample) {
      const response = await fetch(`${restarted.origin}/xapi/statements?statementId=${id}`, { headers: HEADERS });
      expect(response.status, `GET ${id} after the restart`).toBe(200);
    }
    const after = await fetch(`${restarted.origin}/xapi/statements`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(statement(1)),
    });
    expect(after.status).toBe(200);
    restarted.child.kill('SIGTERM');
    await restarted.exited;

    const database = await openDatabase({ dataDir, migrate: false }, migrationsFor);
    try {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db);
      expect(integrity.rows.map((row) => row.integrity_check)).toEqual(['ok']);
      const found = new Set<string>();
      for (let start = 0; start < acknowledged.length; start += 500) {
        const rows = await database.db
          .selectFrom('xapi_statements')
          .select('id')
          .where('id', 'in', acknowledged.slice(start, start + 500))
          .execute();
        for (const row of rows) found.add(row.id);
      }
      const missing = acknowledged.filter((id) => !found.has(id));
      expect(missing, `${missing.length} of ${acknowledged.length} acknowledged statements are gone`).toEqual([]);
    } finally {
      await database.close();
    }
  }, 60_000);
});
