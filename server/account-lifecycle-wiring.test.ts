// The account lifecycle across features, through the whole server: disabling an admin revokes
// the API tokens they issued (the reports feature's), and issuing and revoking API tokens lands in
// the admin audit log beside the accounts' own actions.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, sessionCookie } from './accounts/test-support/accounts-test-app.ts';
import { buildServer } from './build-server.ts';
import { TEST_DATABASES } from './db/test-databases.ts';
import type { TestDatabase } from './db/test-databases.ts';
import { miniCoursesDir } from './grading/test-support/grading-test-app.ts';

const ADMIN_PASSWORD = 'wiring-admin-password-1';

describe.each(TEST_DATABASES)('account lifecycle across features on $name', (variant) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ledgerDir: string;
  let courses: { dir: string; remove: () => void };

  async function signIn(username: string, password: string): Promise<Record<string, string>> {
    const response = await login(app, username, password);
    expect(response.statusCode).toBe(200);
    return { cookie: sessionCookie(response), 'x-shixun-csrf': '1' };
  }

  beforeAll(async () => {
    if (!variant.available) return;
    ledgerDir = await mkdtemp(path.join(tmpdir(), 'shixun-wiring-'));
    courses = miniCoursesDir();
    database = await variant.open();
    app = await buildServer({
      apiOnly: true,
      logger: false,
      database,
      coursesDir: courses.dir,
      ledgerKeyDir: ledgerDir,
      env: { SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, SHIXUN_PUBLIC_URL: 'https://shixun.test/' },
    });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    if (!variant.available) return;
    await app.close();
    await database.dispose();
    courses.remove();
    await rm(ledgerDir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)('disabling an admin revokes the API tokens they issued; token actions are audited', async () => {
    const admin = await signIn('admin', ADMIN_PASSWORD);
    const second = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: admin,
      payload: { username: 'hr-admin', name: 'HR admin', role: 'admin', password: 'hr-admin-password-1' },
    });
    expect(second.statusCode).toBe(201);
    const secondId = (second.json() as { user: { id: string } }).user.id;
    const hr = await signIn('hr-admin', 'hr-admin-password-1');
    const issued = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/api-tokens',
      headers: hr,
      payload: { label: 'HR system', scopes: ['reports:read'] },
    });
    expect(issued.statusCode).toBe(201);
    const token = (issued.json() as { token: string }).token;
    const report = () => app.inject({ url: '/api/v1/reports/promotion', headers: { authorization: `Bearer ${token}` } });
    const allowed = await report();
    expect(allowed.statusCode, allowed.body).toBe(200);

    const disabled = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${secondId}/disable`,
      headers: admin,
      payload: {},
    });
    expect(disabled.statusCode).toBe(200);
    const refused = await report();
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toMatch(/revoked/);

    const audit = (await app.inject({ url: '/api/v1/admin/audit', headers: admin })).json() as {
      entries: Array<{ actor: string; action: string; target: string; detail: string }>;
    };
    expect(audit.entries.map((entry) => `${entry.actor} ${entry.action}`)).toEqual([
      'admin user.disable',
      'hr-admin api-token.create',
      'admin user.create',
    ]);
    expect(audit.entries[0]?.detail).toBe('1 session(s) ended, 1 API token(s) revoked');
    expect(audit.entries[1]?.target).toMatch(/^HR system \(shx_/);
  });
});
