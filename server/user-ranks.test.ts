// A mistyped rank changes a learner's required hours and courses without anyone noticing: on the
// assembled server (policy in force: config/training-policy.yaml), on both databases, creating a
// user or importing a staff list with a rank the policy does not declare is refused, naming the
// row, while the rows with declared ranks go in.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUserRow } from '../src/contracts/user-types.ts';
import { login, sessionCookie } from './accounts/test-support/accounts-test-app.ts';
import { buildServer } from './build-server.ts';
import { TEST_DATABASES } from './db/test-databases.ts';
import type { TestDatabase } from './db/test-databases.ts';
import { miniCoursesDir } from './grading/test-support/grading-test-app.ts';

const ADMIN_PASSWORD = 'ranks-admin-password-1';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`ranks of the policy in force on ${variant.name}`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let keyDir: string;
    let courses: { dir: string; remove: () => void };
    let cookie: string;

    beforeAll(async () => {
      courses = miniCoursesDir();
      keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-ranks-key-'));
      database = await variant.open();
      app = await buildServer({
        apiOnly: true,
        logger: false,
        database,
        coursesDir: courses.dir,
        ledgerKeyDir: keyDir,
        env: { SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, SHIXUN_PUBLIC_URL: 'https://shixun.test/', RETENTION_SWEEP_HOURS: '0' },
      });
      await app.ready();
      const response = await login(app, 'admin', ADMIN_PASSWORD);
      expect(response.statusCode, response.body).toBe(200);
      cookie = sessionCookie(response);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      courses?.remove();
      if (keyDir !== undefined) await rm(keyDir, { recursive: true, force: true });
    });

    const headers = () => ({ cookie, 'x-shixun-csrf': '1' });
    const users = async () =>
      (await app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: headers() })).json<{ users: AdminUserRow[] }>()
        .users;

    it('refuses a staff-list row whose rank the policy does not declare, naming the row; the other rows go in', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/users/import',
        headers: { ...headers(), 'content-type': 'text/csv' },
        payload: 'employee_id,name,department,rank\nR100,甲,办公室,科员\nR101,乙,办公室,主任科圆\nR102,丙,办公室,\n',
      });
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json<{ created: number; errors: { row: number; field: string; message: string }[] }>();
      expect(result.created).toBe(2);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ row: 3, field: 'rank' });
      expect(result.errors[0]!.message).toMatch(
        /"主任科圆" is not a rank of the training policy in force \(2026\.\d+\): use one of 科员, .*主任科员/,
      );
      const names = (await users()).map((user) => user.username);
      expect(names).toEqual(expect.arrayContaining(['R100', 'R102']));
      expect(names).not.toContain('R101');
    });

    it('refuses to create a user with an undeclared rank (400 with the reason) and creates one with a declared rank', async () => {
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/users',
        headers: { ...headers(), 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'rank-typo', name: 'Synthetic', role: 'learner', rank: '处 长' }),
      });
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().message).toContain('rank "处 长" is not a rank of the training policy in force');
      const good = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/users',
        headers: { ...headers(), 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'rank-ok', name: 'Synthetic', role: 'learner', rank: '处长' }),
      });
      expect(good.statusCode, good.body).toBe(201);
      expect((await users()).map((user) => user.username)).not.toContain('rank-typo');
    });
  });
}
