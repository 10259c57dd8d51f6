// The admin audit log beyond accounts, through the whole server on every database: each kind of
// change made outside the accounts feature (training policy, result corrections, report files,
// classes and their members, API tokens, xAPI credentials, the retention sweep's deletions) is
// recorded with who, what, when and from where.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminAuditEntry } from '../src/contracts/account-lifecycle.ts';
import { MINI_PASSING } from '../src/engine/test-course.ts';
import { TEST_DATABASES } from './db/test-databases.ts';
import type { TestDatabase } from './db/test-databases.ts';
import {
  ADMIN_PASSWORD as PRIVACY_ADMIN_PASSWORD,
  practiceStatement,
  startPrivacyServer,
  XAPI_HEADERS,
} from './privacy/test-support/privacy-test-server.ts';
import {
  createAccount,
  gradeAssessment,
  startReportsApp,
  testPolicyYaml,
  YEAR,
} from './reports/test-support/reports-test-app.ts';
import type { ReportsTestApp } from './reports/test-support/reports-test-app.ts';

const AGENT = 'audit-coverage-test/1.0';

async function auditEntries(app: FastifyInstance, admin: Record<string, string>): Promise<AdminAuditEntry[]> {
  const response = await app.inject({ url: '/api/v1/admin/audit', headers: admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ entries: AdminAuditEntry[] }>().entries;
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`admin audit coverage on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let admin: Record<string, string>;
    let trainer: Record<string, string>;
    let learner: Record<string, string>;
    const started = Date.now();

    /** The newest entry of `action`, checked for who and from where. */
    async function newest(action: string, actor: string): Promise<AdminAuditEntry> {
      const entry = (await auditEntries(t.app, t.admin)).find((candidate) => candidate.action === action);
      expect(entry, `no "${action}" entry`).toBeDefined();
      expect(entry).toMatchObject({ actor, ip: '127.0.0.1', userAgent: AGENT });
      expect(Date.parse(entry!.at)).toBeGreaterThanOrEqual(started - 1_000);
      return entry!;
    }

    beforeAll(async () => {
      t = await startReportsApp(variant);
      admin = { ...t.admin, 'user-agent': AGENT };
      trainer = { ...(await createAccount(t, { username: 'T01', name: '培训师', role: 'trainer' })), 'user-agent': AGENT };
      learner = { ...(await createAccount(t, { username: 'L01', name: '学员' })), 'user-agent': AGENT };
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('records a training-policy edit with its version', async () => {
      const yaml = testPolicyYaml().split('\nhistory:')[0]!.replace('version: "T.2"', 'version: "T.9"').concat('\n');
      const put = await t.app.inject({ method: 'PUT', url: '/api/v1/policy', headers: admin, payload: { yaml } });
      expect(put.statusCode, put.body).toBe(201);
      expect(await newest('policy.update', 'admin')).toMatchObject({ target: 'policy T.9' });
      // A refused edit (the version exists) changes nothing and is not recorded.
      const again = await t.app.inject({ method: 'PUT', url: '/api/v1/policy', headers: admin, payload: { yaml } });
      expect(again.statusCode).toBe(409);
      const edits = (await auditEntries(t.app, t.admin)).filter((entry) => entry.action === 'policy.update');
      expect(edits).toHaveLength(1);
    });

    it('records a correction of an official result with its values and reason', async () => {
      const view = await gradeAssessment(t, learner, MINI_PASSING);
      const adjusted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/attempts/${view.attemptId}/adjustments`,
        headers: admin,
        payload: { scaled: 0.5, passed: false, reason: 'Answer sheet mix-up, regraded by hand' },
      });
      expect(adjusted.statusCode, adjusted.body).toBe(201);
      const entry = await newest('result.adjust', 'admin');
      expect(entry.target).toBe(`attempt ${view.attemptId}`);
      expect(entry.detail).toMatch(/^scaled 0\.5, failed, ledger #\d+: Answer sheet mix-up, regraded by hand$/);
    });

    it('records a report file exported by an admin, not a JSON read', async () => {
      const before = (await auditEntries(t.app, t.admin)).filter((entry) => entry.action === 'report.export').length;
      const json = await t.app.inject({ url: `/api/v1/reports/promotion?period=${YEAR}`, headers: admin });
      expect(json.statusCode, json.body).toBe(200);
      const csv = await t.app.inject({ url: `/api/v1/reports/promotion?period=${YEAR}&format=csv`, headers: admin });
      expect(csv.statusCode, csv.body).toBe(200);
      const exports = (await auditEntries(t.app, t.admin)).filter((entry) => entry.action === 'report.export');
      expect(exports).toHaveLength(before + 1);
      expect(await newest('report.export', 'admin')).toMatchObject({ target: 'promotion report (csv)' });
      expect(exports[0]!.detail).toMatch(new RegExp(`^policy T\\.9, period ${YEAR}, \\d+ learners$`));
    });

    it('records a class opened, joined, left and ended, each by the person who did it', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/classes',
        headers: trainer,
        payload: { title: 'Audit drill', courseId: 'mini' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const view = created.json<{ class: { id: string; code: string } }>().class;
      const target = `Audit drill (${view.id})`;
      expect(await newest('class.create', 'T01')).toMatchObject({ target, detail: 'course mini' });
      const joined = await t.app.inject({
        method: 'POST',
        url: '/api/v1/classes/join',
        headers: learner,
        payload: { code: view.code },
      });
      expect(joined.statusCode, joined.body).toBe(200);
      expect(await newest('class.join', 'L01')).toMatchObject({ target, detail: 'member L01' });
      const left = await t.app.inject({ method: 'POST', url: `/api/v1/classes/${view.id}/leave`, headers: learner });
      expect(left.statusCode, left.body).toBe(200);
      expect(await newest('class.leave', 'L01')).toMatchObject({ target, detail: 'member L01' });
      const ended = await t.app.inject({ method: 'POST', url: `/api/v1/classes/${view.id}/end`, headers: trainer });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(await newest('class.end', 'T01')).toMatchObject({ target });
      // A wrong code joins nothing and is not recorded as a membership change.
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/classes/join',
        headers: learner,
        payload: { code: '000000' },
      });
      expect(wrong.statusCode).toBe(404);
      expect((await auditEntries(t.app, t.admin)).filter((entry) => entry.action === 'class.join')).toHaveLength(1);
    });

    it('records an API token and an xAPI credential created, with their scopes and never their secrets', async () => {
      const token = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/api-tokens',
        headers: admin,
        payload: { label: 'HR pull', scopes: ['reports:read'] },
      });
      expect(token.statusCode, token.body).toBe(201);
      expect(await newest('api-token.create', 'admin')).toMatchObject({ detail: 'scopes reports:read' });
      const credential = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/xapi-credentials',
        headers: admin,
        payload: { key: 'audit-lms', label: 'LMS', scopes: ['statements/write'] },
      });
      expect(credential.statusCode, credential.body).toBe(201);
      expect(await newest('xapi-credential.create', 'admin')).toMatchObject({
        target: 'audit-lms',
        detail: 'scopes statements/write',
      });
      const all = JSON.stringify(await auditEntries(t.app, t.admin));
      expect(all).not.toContain(token.json<{ token: string }>().token);
      expect(all).not.toContain(credential.json<{ secret: string }>().secret);
    });
  });

  describe.skipIf(!variant.available)(`retention deletions in the admin audit log on ${variant.name}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await variant.open();
    });
    afterAll(async () => {
      await database?.dispose();
    });

    it('records the sweep deleting learning records past their period, by the server itself', async () => {
      // One server takes a learner's practice statement; it is then aged past the 730 days kept.
      const first = await startPrivacyServer(database);
      const person = await first.learner(`ret-${randomUUID().slice(0, 8)}`);
      const statement = practiceStatement(person);
      const posted = await first.app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: { ...person.headers, ...XAPI_HEADERS },
        payload: [statement],
      });
      expect(posted.statusCode, posted.body).toBe(200);
      await first.close();
      const old = new Date(Date.now() - 800 * 24 * 60 * 60_000).toISOString();
      await database.db.updateTable('xapi_statements').set({ stored: old }).where('id', '=', String(statement.id)).execute();
      // The next start sweeps at once.
      const second = await startPrivacyServer(database, { RETENTION_SWEEP_HOURS: '24' });
      try {
        const admin = await second.signIn('admin', PRIVACY_ADMIN_PASSWORD);
        let entry: AdminAuditEntry | undefined;
        for (let tries = 0; tries < 100 && entry === undefined; tries += 1) {
          entry = (await auditEntries(second.app, admin.headers)).find((candidate) => candidate.action === 'retention.delete');
          if (entry === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(entry).toMatchObject({ actor: 'system', ip: 'server', userAgent: '' });
        expect(entry!.target).toMatch(/^1 statement\(s\), 0 unfinished attempt\(s\), 0 class\(es\)$/);
        expect(entry!.detail).toMatch(/^Retention sweep deleted 1 statement\(s\)/);
        const left = await database.db
          .selectFrom('xapi_statements')
          .select('id')
          .where('id', '=', String(statement.id))
          .execute();
        expect(left).toEqual([]);
      } finally {
        await second.close();
      }
    });
  });
}
