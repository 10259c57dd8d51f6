// The forwarding status an admin reads, through the whole server: "not configured" without
// XAPI_FORWARD_URL; with it, where statements go and a stored statement waiting, with the failure
// being retried, while the remote LRS cannot be reached. Who may read it is the route-table test's.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, sessionCookie } from '../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { miniCoursesDir } from '../grading/test-support/grading-test-app.ts';
import type { ForwardingReport } from './forward-status-route.ts';
import { statement } from './test-support/statements.ts';

const ADMIN_PASSWORD = 'forwarding-admin-password-1';
const KEY = 'forward-status-key';
const SECRET = 'forward-status-secret-0123';

describe.each(TEST_DATABASES)('forwarding status on $name', (variant) => {
  const servers: { app: FastifyInstance; database: TestDatabase }[] = [];
  let keyDir: string;
  let courses: { dir: string; remove: () => void };

  async function start(env: Record<string, string>): Promise<{ app: FastifyInstance; admin: Record<string, string> }> {
    const database = await variant.open();
    const app = await buildServer({
      apiOnly: true,
      logger: false,
      database,
      coursesDir: courses.dir,
      ledgerKeyDir: keyDir,
      env: {
        SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD,
        SHIXUN_PUBLIC_URL: 'https://shixun.test/',
        RETENTION_SWEEP_HOURS: '0',
        SHIXUN_XAPI_KEY: KEY,
        SHIXUN_XAPI_SECRET: SECRET,
        ...env,
      },
    });
    await app.ready();
    servers.push({ app, database });
    return { app, admin: { cookie: sessionCookie(await login(app, 'admin', ADMIN_PASSWORD)) } };
  }

  beforeAll(async () => {
    keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-forward-status-'));
    courses = miniCoursesDir();
  });

  afterAll(async () => {
    for (const { app, database } of servers) {
      await app.close();
      await database.dispose();
    }
    courses.remove();
    await rm(keyDir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)('says forwarding is not configured when no remote LRS is set', async () => {
    const { app, admin } = await start({});
    const response = await app.inject({ url: '/api/v1/admin/forwarding', headers: admin });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({ configured: false });
  });

  it.skipIf(!variant.available)(
    'shows where statements go and what waits, with the failure being retried, while the remote cannot be reached',
    async () => {
      // Port 9 (discard) on loopback: nothing listens, so every try fails at once.
      const { app, admin } = await start({
        XAPI_FORWARD_URL: 'http://127.0.0.1:9/xapi',
        XAPI_FORWARD_KEY: 'remote',
        XAPI_FORWARD_SECRET: 'remote-secret',
      });
      const id = randomUUID();
      const stored = await app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: {
          'x-experience-api-version': '2.0.0',
          authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        payload: JSON.stringify(statement({ id })),
      });
      expect(stored.statusCode, stored.body).toBe(200);

      let report: ForwardingReport | undefined;
      const deadline = Date.now() + 15_000;
      do {
        report = (await app.inject({ url: '/api/v1/admin/forwarding', headers: admin })).json<ForwardingReport>();
        if (report.configured && report.lastError !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } while (Date.now() < deadline);
      if (!report?.configured) throw new Error('forwarding should be configured');
      expect(report.target).toBe('http://127.0.0.1:9/xapi/statements');
      expect(report.pending).toBe(1);
      expect(report.dead).toBe(0);
      expect(typeof report.oldestPending).toBe('string');
      expect(report.lastError?.statementId).toBe(id);
      expect(report.lastError?.message.length).toBeGreaterThan(0);
      expect(report.deadLetters).toEqual([]);
    },
    30_000,
  );
});
