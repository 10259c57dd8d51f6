// Record scopes on the assembled server, on both databases, as attacks: a trainer reading the
// results, attempts, corrections and statements of a learner never in their classes; a department
// admin listing, managing, reporting on and exporting the users of another department, or doing
// what only the organisation admin does (policy, API tokens, xAPI credentials, retention, audit).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUserRow } from '../src/contracts/user-types.ts';
import { MINI_PASSING } from '../src/engine/test-course.ts';
import type { PromotionReport } from '../src/contracts/report-types.ts';
import { login, sessionCookie } from './accounts/test-support/accounts-test-app.ts';
import { buildServer } from './build-server.ts';
import { enrol } from './classes/test-support/enrol.ts';
import { TEST_DATABASES } from './db/test-databases.ts';
import type { TestDatabase } from './db/test-databases.ts';
import { assessmentLog, miniCoursesDir } from './grading/test-support/grading-test-app.ts';

const ADMIN_PASSWORD = 'scope-admin-password-1';
const HOME = 'https://shixun.test/';
const RECORDS = 'Records Office';
const FINANCE = 'Finance Office';

type Headers = Record<string, string>;

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`record scopes on ${variant.name}`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let keyDir: string;
    let courses: { dir: string; remove: () => void };
    let admin: Headers;
    let trainer: Headers;
    let deptAdmin: Headers;
    const ids: Record<string, string> = {};
    const people: Record<string, Headers> = {};
    const attempts: Record<string, string> = {};

    const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: { 'x-shixun-csrf': '1', ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
    const get = (url: string, headers: Headers) => send('GET', url, headers);

    async function signIn(username: string, password: string): Promise<Headers> {
      const response = await login(app, username, password);
      expect(response.statusCode, response.body).toBe(200);
      return { cookie: sessionCookie(response) };
    }

    async function create(username: string, role: string, department: string | null): Promise<Headers> {
      const response = await send('POST', '/api/v1/admin/users', admin, {
        username,
        name: `Synthetic ${username}`,
        role,
        department,
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json<{ user: { id: string }; password: string }>();
      ids[username] = body.user.id;
      return signIn(username, body.password);
    }

    async function finish(who: Headers): Promise<string> {
      const attemptId = randomUUID();
      const response = await send('PUT', `/api/v1/attempts/${attemptId}/actions`, who, {
        courseId: 'mini',
        courseVersion: '1.0.0',
        from: 0,
        actions: assessmentLog(MINI_PASSING, attemptId),
      });
      expect(response.statusCode, response.body).toBe(200);
      return attemptId;
    }

    beforeAll(async () => {
      courses = miniCoursesDir();
      keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-scopes-key-'));
      database = await variant.open();
      app = await buildServer({
        apiOnly: true,
        logger: false,
        database,
        coursesDir: courses.dir,
        ledgerKeyDir: keyDir,
        env: {
          SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD,
          SHIXUN_PUBLIC_URL: HOME,
          RETENTION_SWEEP_HOURS: '0',
          SHIXUN_BATCH_WORK_MS: '100000/1000000',
        },
      });
      await app.ready();
      admin = await signIn('admin', ADMIN_PASSWORD);
      trainer = await create('scope-trainer', 'trainer', RECORDS);
      deptAdmin = await create('scope-dept-admin', 'department-admin', RECORDS);
      for (const [username, department] of [
        ['scope-member', RECORDS],
        ['scope-stranger', RECORDS],
        ['scope-finance', FINANCE],
        ['scope-finance-2', FINANCE],
      ] as const) {
        people[username] = await create(username, 'learner', department);
        attempts[username] = await finish(people[username]);
      }
      // scope-member was in a class of the trainer (and left it); scope-stranger is only in a
      // class of another trainer.
      await enrol(app, trainer, people['scope-member']!);
      await enrol(app, await create('scope-other-trainer', 'trainer', RECORDS), people['scope-stranger']!, { stay: true });
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      courses?.remove();
      if (keyDir !== undefined) await rm(keyDir, { recursive: true, force: true });
    });

    const statementsOf = (username: string, who: Headers): Promise<LightMyRequestResponse> =>
      app.inject({
        method: 'GET',
        url: '/xapi/statements',
        query: { agent: JSON.stringify({ account: { homePage: HOME, name: username } }) },
        headers: { 'x-experience-api-version': '2.0.0', ...who },
      });

    describe('a trainer', () => {
      it("reads the results, attempts and corrections of a learner who was in their class, and no one else's", async () => {
        const own = await get('/api/v1/results?user=scope-member', trainer);
        expect(own.statusCode, own.body).toBe(200);
        expect(own.json<{ results: Array<{ attemptId: string }> }>().results.map((r) => r.attemptId)).toEqual([
          attempts['scope-member'],
        ]);
        expect((await get(`/api/v1/attempts/${attempts['scope-member']}`, trainer)).statusCode).toBe(200);
        expect((await get(`/api/v1/attempts/${attempts['scope-member']}/adjustments`, trainer)).statusCode).toBe(200);

        for (const stranger of ['scope-stranger', 'scope-finance']) {
          const results = await get(`/api/v1/results?user=${stranger}`, trainer);
          expect(results.statusCode, stranger).toBe(403);
          expect(results.json<{ message: string }>().message).toMatch(/trainers see the learners of their own classes/);
          expect(results.body).not.toContain(attempts[stranger]);
          const attempt = await get(`/api/v1/attempts/${attempts[stranger]}`, trainer);
          expect(attempt.statusCode, stranger).toBe(403);
          expect(attempt.body).not.toContain('"official"');
          expect((await get(`/api/v1/attempts/${attempts[stranger]}/adjustments`, trainer)).statusCode, stranger).toBe(403);
        }
        // An unknown user reads the same as a stranger: no way to tell who exists.
        expect((await get('/api/v1/results?user=nobody-here', trainer)).statusCode).toBe(403);
      });

      it("reads the statements of a learner who was in their class, and is refused a stranger's", async () => {
        const member = await statementsOf('scope-member', trainer);
        expect(member.statusCode, member.body).toBe(200);
        expect(member.json<{ statements: unknown[] }>().statements.length).toBeGreaterThan(0);
        const stranger = await statementsOf('scope-stranger', trainer);
        expect(stranger.statusCode).toBe(403);
        expect(stranger.body).not.toContain('"statements"');
        const everyone = await app.inject({
          method: 'GET',
          url: '/xapi/statements',
          headers: { 'x-experience-api-version': '2.0.0', ...trainer },
        });
        expect(everyone.statusCode).toBe(403);
      });
    });

    describe('a department admin', () => {
      it('lists only the users of their own department, never an admin', async () => {
        const response = await get('/api/v1/admin/users', deptAdmin);
        expect(response.statusCode).toBe(200);
        const users = response.json<{ users: AdminUserRow[] }>().users;
        expect(users.map((user) => user.username).sort()).toEqual(
          ['scope-dept-admin', 'scope-member', 'scope-other-trainer', 'scope-stranger', 'scope-trainer'].sort(),
        );
        expect(users.every((user) => user.department === RECORDS)).toBe(true);
        // The organisation admin sees everyone.
        const all = (await get('/api/v1/admin/users', admin)).json<{ users: AdminUserRow[] }>().users;
        expect(all.map((user) => user.username)).toEqual(expect.arrayContaining(['admin', 'scope-finance']));
      });

      it('cannot disable, reset or end the sessions of a user of another department (403), but can in their own', async () => {
        const financeId = ids['scope-finance']!;
        for (const action of ['disable', 'enable', 'end-sessions', 'password']) {
          const refused = await send('POST', `/api/v1/admin/users/${financeId}/${action}`, deptAdmin, {});
          expect(refused.statusCode, action).toBe(403);
          expect(refused.json<{ message: string }>().message).toMatch(/outside the department you administer/);
        }
        // The attack changed nothing: the learner still reads their own results with their session.
        expect((await get('/api/v1/results', people['scope-finance']!)).statusCode).toBe(200);
        const adminRow = (await get('/api/v1/admin/users', admin))
          .json<{ users: AdminUserRow[] }>()
          .users.find((user) => user.username === 'admin');
        expect((await send('POST', `/api/v1/admin/users/${adminRow!.id}/disable`, deptAdmin, {})).statusCode).toBe(403);

        const ownId = ids['scope-stranger']!;
        expect((await send('POST', `/api/v1/admin/users/${ownId}/disable`, deptAdmin, {})).statusCode).toBe(200);
        expect((await get('/api/v1/results', people['scope-stranger']!)).statusCode).toBe(401);
        expect((await send('POST', `/api/v1/admin/users/${ownId}/enable`, deptAdmin, {})).statusCode).toBe(200);
      });

      it('creates users of their own department only, never an admin, with the 12-character minimum for itself', async () => {
        const other = await send('POST', '/api/v1/admin/users', deptAdmin, {
          username: 'x-finance',
          name: 'X',
          department: FINANCE,
        });
        expect(other.statusCode).toBe(403);
        const orgAdmin = await send('POST', '/api/v1/admin/users', deptAdmin, {
          username: 'x-admin',
          name: 'X',
          role: 'admin',
          department: RECORDS,
        });
        expect(orgAdmin.statusCode).toBe(403);
        expect(orgAdmin.json<{ message: string }>().message).toMatch(/Only the organisation admin creates admin accounts/);
        const own = await send('POST', '/api/v1/admin/users', deptAdmin, {
          username: 'x-records',
          name: 'X',
          department: RECORDS,
        });
        expect(own.statusCode, own.body).toBe(201);
        const short = await send('POST', '/api/v1/admin/users', admin, {
          username: 'x-dept-admin',
          name: 'X',
          role: 'department-admin',
          department: FINANCE,
          password: 'eleven-char',
        });
        expect(short.statusCode).toBe(400);
        expect(short.json<{ message: string }>().message).toMatch(/at least 12 characters for a department-admin account/);
      });

      it('imports staff rows of their own department only', async () => {
        const csv = [
          'employee_id,name,department,rank,role',
          `D200,Own Row,${RECORDS},科员,`,
          `D201,Other Row,${FINANCE},科员,`,
          `D202,Admin Row,${RECORDS},科员,admin`,
          `scope-finance-2,Moved,${RECORDS},科员,`,
          '',
        ].join('\n');
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/admin/users/import',
          headers: { ...deptAdmin, 'x-shixun-csrf': '1', 'content-type': 'text/csv; charset=utf-8' },
          payload: csv,
        });
        expect(response.statusCode, response.body).toBe(200);
        const result = response.json<{ created: number; updated: number; errors: Array<{ row: number; field: string }> }>();
        expect(result.created).toBe(1);
        expect(result.updated).toBe(0);
        expect(result.errors.map((error) => [error.row, error.field])).toEqual([
          [3, 'department'],
          [4, 'role'],
          [5, 'employee_id'],
        ]);
        const finance2 = (await get('/api/v1/admin/users', admin))
          .json<{ users: AdminUserRow[] }>()
          .users.find((user) => user.username === 'scope-finance-2');
        expect(finance2?.department).toBe(FINANCE);
      });

      it("reads and exports the report of their department only; another department's is refused", async () => {
        const report = await get('/api/v1/reports/promotion', deptAdmin);
        expect(report.statusCode, report.body).toBe(200);
        const body = report.json<PromotionReport>();
        expect(body.learners.length).toBeGreaterThan(0);
        expect(body.learners.every((learner) => learner.department === RECORDS)).toBe(true);
        expect(body.departments).toEqual([RECORDS]);
        expect(body.filters.department).toBe(RECORDS);
        const full = (await get('/api/v1/reports/promotion', admin)).json<PromotionReport>();
        expect(full.learners.some((learner) => learner.department === FINANCE)).toBe(true);

        const csv = await get('/api/v1/reports/promotion?format=csv&lang=en', deptAdmin);
        expect(csv.statusCode).toBe(200);
        expect(csv.body).toContain('scope-member');
        expect(csv.body).not.toContain('scope-finance');
        expect(csv.body).not.toContain(FINANCE);

        for (const url of [
          `/api/v1/reports/promotion?department=${encodeURIComponent(FINANCE)}`,
          `/api/v1/reports/promotion?format=csv&department=${encodeURIComponent(FINANCE)}`,
          `/api/v1/reports/analytics?department=${encodeURIComponent(FINANCE)}`,
        ]) {
          const refused = await get(url, deptAdmin);
          expect(refused.statusCode, url).toBe(403);
          expect(refused.body).not.toContain('scope-finance');
        }
        const analytics = await get('/api/v1/reports/analytics', deptAdmin);
        expect(analytics.statusCode).toBe(200);
        expect(analytics.body).not.toContain(FINANCE);
      });

      it("reads the results and statements of their department's users, not another department's", async () => {
        expect((await get('/api/v1/results?user=scope-member', deptAdmin)).statusCode).toBe(200);
        expect((await get('/api/v1/results?user=scope-finance', deptAdmin)).statusCode).toBe(403);
        expect((await get(`/api/v1/attempts/${attempts['scope-finance']}`, deptAdmin)).statusCode).toBe(403);
        expect((await get(`/api/v1/attempts/${attempts['scope-member']}/adjustments`, deptAdmin)).statusCode).toBe(200);
        expect((await statementsOf('scope-member', deptAdmin)).statusCode).toBe(200);
        expect((await statementsOf('scope-finance', deptAdmin)).statusCode).toBe(403);
      });

      it('reads the policy but cannot change it, API tokens, xAPI credentials, forwarding, retention, the ledger or the audit log', async () => {
        expect((await get('/api/v1/policy', deptAdmin)).statusCode).toBe(200);
        for (const [method, url, payload] of [
          ['PUT', '/api/v1/policy', { yaml: 'version: x' }],
          ['GET', '/api/v1/admin/api-tokens', undefined],
          ['POST', '/api/v1/admin/api-tokens', { name: 'x', scopes: ['reports:read'] }],
          ['GET', '/api/v1/admin/xapi-credentials', undefined],
          ['POST', '/api/v1/admin/xapi-credentials', { key: 'x' }],
          ['GET', '/api/v1/admin/forwarding', undefined],
          ['GET', '/api/v1/admin/retention', undefined],
          ['GET', '/api/v1/admin/audit', undefined],
          ['GET', '/api/v1/admin/audit.csv', undefined],
          ['GET', '/api/v1/ledger/export', undefined],
          ['GET', '/api/v1/ledger/audit', undefined],
        ] as const) {
          const response = await send(method, url, deptAdmin, payload);
          expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(403);
        }
      });
    });
  });
}
