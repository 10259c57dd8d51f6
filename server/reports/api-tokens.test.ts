// API tokens on SQLite and PostgreSQL: an admin issues one (shown once, stored only as SHA-256),
// it reads reports, it is refused once revoked (401), outside its scopes (403) and on every route
// that needs a person (admin routes, policy), and only admins with the CSRF header manage tokens.
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTokenCreated, ApiTokenInfo } from '../../src/contracts/report-types.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { createAccount, startReportsApp, YEAR } from './test-support/reports-test-app.ts';
import type { ReportsTestApp } from './test-support/reports-test-app.ts';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`API tokens on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let learner: Record<string, string>;

    const issue = (body: unknown, headers: Record<string, string> = t.admin): Promise<LightMyRequestResponse> =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/api-tokens',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const reportWith = (headers: Record<string, string>, path = `/api/v1/reports/promotion?period=${YEAR}`) =>
      t.app.inject({ method: 'GET', url: path, headers });
    const list = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/admin/api-tokens', headers: t.admin })).json<{
        tokens: ApiTokenInfo[];
      }>().tokens;

    beforeAll(async () => {
      t = await startReportsApp(variant);
      learner = await createAccount(t, { username: 'K01', name: '令牌测试员' });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('issues a token shown once, keeps only its hash, and lets it read reports and analytics', async () => {
      const response = await issue({ label: '人事系统', scopes: ['reports:read'] });
      expect(response.statusCode).toBe(201);
      const created = response.json<ApiTokenCreated>();
      expect(created.token).toMatch(/^shx_[A-Za-z0-9_-]{43}$/);
      expect(created).toMatchObject({
        label: '人事系统',
        scopes: ['reports:read'],
        prefix: `${created.token.slice(0, 8)}…`,
        createdBy: 'admin',
        lastUsedAt: null,
        revokedAt: null,
      });

      const rows = await t.database.db.selectFrom('api_tokens').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(created.token.slice(8));

      const report = await reportWith(bearer(created.token));
      expect(report.statusCode).toBe(200);
      expect(report.json<{ policy: { version: string } }>().policy.version).toBe('T.2');
      expect(
        (await reportWith(bearer(created.token), `/api/v1/reports/promotion?period=${YEAR}&format=csv`)).headers['content-type'],
      ).toBe('text/csv; charset=utf-8');
      expect((await reportWith(bearer(created.token), `/api/v1/reports/analytics?period=${YEAR}`)).statusCode).toBe(200);

      const listed = (await list()).find((token) => token.id === created.id);
      expect(listed).not.toHaveProperty('token');
      expect(listed?.lastUsedAt).not.toBeNull();
    });

    it('refuses a token without the scope (403) and an unknown or malformed one (401)', async () => {
      const ledgerOnly = (await issue({ label: 'Ledger audit', scopes: ['ledger:read'] })).json<ApiTokenCreated>();
      const refused = await reportWith(bearer(ledgerOnly.token));
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ message: string }>().message).toContain('reports:read');
      expect((await reportWith(bearer(`shx_${'A'.repeat(43)}`))).statusCode).toBe(401);
      expect((await reportWith(bearer('not-a-token'))).statusCode).toBe(401);
      expect((await reportWith({ authorization: 'Basic dXNlcjpwYXNz' })).statusCode).toBe(401);
    });

    it('stops a revoked token (401) and keeps it listed as revoked', async () => {
      const created = (await issue({ label: 'Old HR feed', scopes: ['reports:read'] })).json<ApiTokenCreated>();
      expect((await reportWith(bearer(created.token))).statusCode).toBe(200);
      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${created.id}`, headers: t.admin });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json<ApiTokenInfo>().revokedAt).not.toBeNull();
      const after = await reportWith(bearer(created.token));
      expect(after.statusCode).toBe(401);
      expect(after.json<{ message: string }>().message).toContain('revoked');
      expect((await list()).find((token) => token.id === created.id)?.revokedAt).toBe(revoked.json<ApiTokenInfo>().revokedAt);
      expect(
        (await t.app.inject({ method: 'DELETE', url: '/api/v1/admin/api-tokens/no-such-token', headers: t.admin })).statusCode,
      ).toBe(404);
    });

    it('never acts as a session: refused on admin, policy and token routes even with every scope', async () => {
      const all = (await issue({ label: 'Everything', scopes: ['reports:read', 'ledger:read'] })).json<ApiTokenCreated>();
      const calls: [string, string][] = [
        ['GET', '/api/v1/admin/users'],
        ['GET', '/api/v1/admin/api-tokens'],
        ['POST', '/api/v1/admin/api-tokens'],
        ['DELETE', `/api/v1/admin/api-tokens/${all.id}`],
        ['GET', '/api/v1/policy'],
        ['GET', '/api/v1/auth/me'],
        ['GET', '/api/v1/results'],
      ];
      for (const [method, url] of calls) {
        const response = await t.app.inject({
          method: method as 'GET',
          url,
          headers: { ...bearer(all.token), 'x-shixun-csrf': '1' },
          ...(method === 'POST' ? { payload: { label: 'x', scopes: ['reports:read'] } } : {}),
        });
        expect(response.statusCode, `${method} ${url}`).toBe(401);
      }
      expect((await list()).find((token) => token.id === all.id)?.revokedAt).toBeNull();
    });

    it('lets only admins with the CSRF header manage tokens, and checks the body', async () => {
      expect((await issue({ label: 'x', scopes: ['reports:read'] }, learner)).statusCode).toBe(403);
      expect((await issue({ label: 'x', scopes: ['reports:read'] }, {})).statusCode).toBe(401);
      const { 'x-shixun-csrf': _csrf, ...cookieOnly } = t.admin;
      expect((await issue({ label: 'x', scopes: ['reports:read'] }, cookieOnly)).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/api-tokens', headers: learner })).statusCode).toBe(403);
      for (const body of [
        { label: 'x', scopes: [] },
        { label: 'x', scopes: ['all'] },
        { label: '', scopes: ['reports:read'] },
        { label: 'x', scopes: ['reports:read'], extra: 1 },
      ]) {
        const response = await issue(body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
      }
      expect((await issue({ label: 'x', scopes: ['all'] })).json<{ message: string }>().message).toContain(
        'reports:read, ledger:read',
      );
    });

    it('reads the ledger export with ledger:read, and only with it', async () => {
      const ledgerToken = (await issue({ label: 'Audit office', scopes: ['ledger:read'] })).json<ApiTokenCreated>();
      const reportsToken = (await issue({ label: 'HR feed', scopes: ['reports:read'] })).json<ApiTokenCreated>();
      const exported = await t.app.inject({ method: 'GET', url: '/api/v1/ledger/export', headers: bearer(ledgerToken.token) });
      expect(exported.statusCode).toBe(200);
      expect(exported.json<{ format: string }>().format).toBe('shixun-ledger-export');
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/ledger/export', headers: bearer(reportsToken.token) })).statusCode,
      ).toBe(403);
      await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${ledgerToken.id}`, headers: t.admin });
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/ledger/export', headers: bearer(ledgerToken.token) })).statusCode,
      ).toBe(401);
      // The token opens the export only: the audit and adjustments still need an admin session.
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/ledger/audit', headers: bearer(reportsToken.token) })).statusCode,
      ).toBe(401);
    });

    it('keeps reports from signed-out people (401) and learners (403)', async () => {
      expect((await reportWith({})).statusCode).toBe(401);
      expect((await reportWith(learner)).statusCode).toBe(403);
      expect((await reportWith({}, `/api/v1/reports/analytics?period=${YEAR}`)).statusCode).toBe(401);
      expect((await reportWith(learner, `/api/v1/reports/analytics?period=${YEAR}`)).statusCode).toBe(403);
    });
  });
}
