// The directory sync's status in the console, against a real slapd on both databases: no run yet,
// an admin's Run now (its counts, its audit entry), a failed run kept with its reason, who may ask,
// and a server without a directory.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySyncStatus } from '../../../src/contracts/identity-types.ts';
import { login, sessionCookie } from '../../accounts/test-support/accounts-test-app.ts';
import { TEST_DATABASES } from '../../db/test-databases.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { ADMIN_PASSWORD, openLdapSettings, startLdapTestServer } from './test-support/ldap-test-server.ts';
import type { LdapTestServer } from './test-support/ldap-test-server.ts';
import { PASSWORDS, slapdAvailable, startTestDirectory } from './test-support/slapd.ts';
import type { TestDirectory } from './test-support/slapd.ts';

const withSlapd = slapdAvailable();
const STATUS = '/api/v1/admin/directory-sync';
const RUN = '/api/v1/admin/directory-sync/run';

async function adminHeaders(app: FastifyInstance): Promise<Record<string, string>> {
  const response = await login(app, 'admin', ADMIN_PASSWORD);
  expect(response.statusCode, response.body).toBe(200);
  return { cookie: sessionCookie(response), 'x-shixun-csrf': '1' };
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available || !withSlapd)(`directory sync status on ${variant.name}`, () => {
    let directory: TestDirectory;
    let database: TestDatabase;
    let server: LdapTestServer;
    let admin: Record<string, string>;

    beforeAll(async () => {
      directory = await startTestDirectory();
      database = await variant.open();
      server = await startLdapTestServer(database, openLdapSettings(directory));
      admin = await adminHeaders(server.app);
      expect((await login(server.app, 'test.learner', PASSWORDS['test.learner'])).statusCode).toBe(200);
    }, 60_000);

    afterAll(async () => {
      await server?.close();
      await database?.dispose();
      await directory?.stop();
    });

    it('shows the directory with no run yet, then an admin runs one now: counts and an audit entry', async () => {
      const before = await server.app.inject({ url: STATUS, headers: admin });
      expect(before.statusCode, before.body).toBe(200);
      expect(before.json<DirectorySyncStatus>()).toEqual({
        configured: true,
        provider: 'test-directory',
        intervalMinutes: 0,
        last: null,
        lastError: null,
      });

      const run = await server.app.inject({ method: 'POST', url: RUN, headers: admin });
      expect(run.statusCode, run.body).toBe(200);
      const status = run.json<DirectorySyncStatus>();
      expect(status.last).toMatchObject({
        trigger: 'admin',
        actor: 'admin',
        read: 6,
        updated: 0,
        disabled: 0,
        refused: 0,
        error: null,
      });
      expect(Date.parse(status.last?.finished ?? '')).toBeGreaterThanOrEqual(Date.parse(status.last?.started ?? ''));
      expect(status.lastError).toBeNull();
      expect((await server.app.inject({ url: STATUS, headers: admin })).json<DirectorySyncStatus>()).toEqual(status);

      const audit = await server.app.inject({ url: '/api/v1/admin/audit', headers: admin });
      const entries = (audit.json() as { entries: { action: string; actor: string; target: string; detail: string }[] }).entries;
      expect(entries.find((entry) => entry.action === 'directory.sync')).toMatchObject({
        actor: 'admin',
        target: 'test-directory',
        detail: '6 read, 0 updated, 0 disabled, 0 refused',
      });
      // The script's runs are kept too, under their own trigger.
      await server.sync();
      const afterScript = (await server.app.inject({ url: STATUS, headers: admin })).json<DirectorySyncStatus>();
      expect(afterScript.last).toMatchObject({ trigger: 'script', actor: null, read: 6 });
    });

    it('keeps a failed run with its reason, next to the last run', async () => {
      const wrongBase = await startLdapTestServer(
        database,
        { ...openLdapSettings(directory), baseDn: 'ou=groups,dc=example,dc=gov' },
        server.ledgerKeyDir,
      );
      try {
        const headers = await adminHeaders(wrongBase.app);
        const run = await wrongBase.app.inject({ method: 'POST', url: RUN, headers });
        expect(run.statusCode, run.body).toBe(200);
        const status = run.json<DirectorySyncStatus>();
        expect(status.last).toMatchObject({ trigger: 'admin', read: 0, updated: 0 });
        expect(status.lastError?.error).toMatch(/listed nobody under ou=groups,dc=example,dc=gov/);
        expect(status.lastError).toEqual(status.last);
      } finally {
        await wrongBase.close();
      }
      // The next good run is the last one; the failure stays shown as the last error.
      const run = await server.app.inject({ method: 'POST', url: RUN, headers: admin });
      const status = run.json<DirectorySyncStatus>();
      expect(status.last?.error).toBeNull();
      expect(status.lastError?.error).toMatch(/listed nobody/);
    });

    it('is for the organisation admin: a learner is refused, and Run now needs the CSRF header', async () => {
      const learner = await login(server.app, 'test.learner', PASSWORDS['test.learner']);
      const cookie = sessionCookie(learner);
      expect((await server.app.inject({ url: STATUS, headers: { cookie } })).statusCode).toBe(403);
      expect((await server.app.inject({ method: 'POST', url: RUN, headers: { cookie, 'x-shixun-csrf': '1' } })).statusCode).toBe(
        403,
      );
      const withoutCsrf = await server.app.inject({ method: 'POST', url: RUN, headers: { cookie: admin.cookie ?? '' } });
      expect(withoutCsrf.statusCode).toBe(401);
    });
  });
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`directory sync status without a directory on ${variant.name}`, () => {
    let database: TestDatabase;
    let server: LdapTestServer;

    beforeAll(async () => {
      database = await variant.open();
      server = await startLdapTestServer(database, undefined);
    }, 60_000);

    afterAll(async () => {
      await server?.close();
      await database?.dispose();
    });

    it('says there is no directory, and Run now is refused with the reason', async () => {
      const admin = await adminHeaders(server.app);
      const status = await server.app.inject({ url: STATUS, headers: admin });
      expect(status.json<DirectorySyncStatus>()).toEqual({
        configured: false,
        provider: null,
        intervalMinutes: null,
        last: null,
        lastError: null,
      });
      const run = await server.app.inject({ method: 'POST', url: RUN, headers: admin });
      expect(run.statusCode).toBe(409);
      expect(run.json<{ message: string }>().message).toMatch(/No directory is configured/);
    });
  });
}
