// Signing in with a directory password through the ordinary sign-in form, against a real slapd,
// on both databases: accounts made or linked at first sign-in, roles from groups, wrong and
// disabled refused like local ones, filter injection refused, the directory down answered 503.
import type { FastifyInstance } from 'fastify';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, me, postJson, sessionCookie } from '../../accounts/test-support/accounts-test-app.ts';
import { UserStore } from '../../accounts/user-store.ts';
import { hashGeneratedSecret } from '../../accounts/secrets.ts';
import { TEST_DATABASES } from '../../db/test-databases.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { ADMIN_PASSWORD, openLdapSettings, startLdapTestServer } from './test-support/ldap-test-server.ts';
import type { LdapTestServer } from './test-support/ldap-test-server.ts';
import { PASSWORDS, PEOPLE_DN, slapdAvailable, startTestDirectory } from './test-support/slapd.ts';
import type { TestDirectory } from './test-support/slapd.ts';

const WRONG = 'The username or password is wrong.';
const withSlapd = slapdAvailable();

interface AuditRow {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail: string;
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available || !withSlapd)(`directory sign-in on ${variant.name}`, () => {
    let directory: TestDirectory;
    let database: TestDatabase;
    let server: LdapTestServer;
    let app: FastifyInstance;

    async function audit(): Promise<AuditRow[]> {
      const admin = await login(app, 'admin', ADMIN_PASSWORD);
      const response = await app.inject({ url: '/api/v1/admin/audit', headers: { cookie: sessionCookie(admin) } });
      expect(response.statusCode).toBe(200);
      return (response.json() as { entries: AuditRow[] }).entries;
    }

    beforeAll(async () => {
      directory = await startTestDirectory();
      database = await variant.open();
      server = await startLdapTestServer(database, openLdapSettings(directory));
      app = server.app;
    }, 60_000);

    afterAll(async () => {
      await server?.close();
      await database?.dispose();
      await directory?.stop();
    });

    it('a directory user signs in with the same form; the account is made from their entry and audited', async () => {
      const response = await login(app, 'test.learner', PASSWORDS['test.learner']);
      expect(response.statusCode, response.body).toBe(200);
      const { user } = response.json() as { user: Record<string, unknown> };
      expect(user).toMatchObject({
        username: 'T-0001',
        name: 'Test Learner',
        role: 'learner',
        employeeId: 'T-0001',
        department: 'Policy Research',
        rank: '科员',
      });
      const session = await me(app, sessionCookie(response));
      expect(session.statusCode).toBe(200);
      expect((await audit()).filter((entry) => entry.action === 'user.create' && entry.target === 'T-0001')).toHaveLength(1);

      // The second sign-in uses the same account.
      const again = await login(app, 'test.learner', PASSWORDS['test.learner']);
      expect((again.json() as { user: { id: string } }).user.id).toBe((response.json() as { user: { id: string } }).user.id);
    });

    it('groups make trainers and admins', async () => {
      const trainer = await login(app, 'test.trainer', PASSWORDS['test.trainer']);
      expect(trainer.statusCode, trainer.body).toBe(200);
      expect(trainer.json()).toMatchObject({ user: { role: 'trainer', rank: '主任科员' } });
      const admin = await login(app, 'test.admin', PASSWORDS['test.admin']);
      expect(admin.statusCode, admin.body).toBe(200);
      expect(admin.json()).toMatchObject({ user: { role: 'admin', department: 'Data Office' } });
    });

    it('an imported account with the same employee id is linked, never duplicated', async () => {
      const imported = await new UserStore(database.db).create(
        {
          username: 'T-0006',
          name: 'Imported Mover',
          role: 'learner',
          employeeId: 'T-0006',
          department: 'Old Name',
          rank: '科员',
        },
        await hashGeneratedSecret('imported-password-1'),
      );
      const response = await login(app, 'test.mover', PASSWORDS['test.mover']);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        user: { id: imported.id, username: 'T-0006', name: 'Test Mover', department: 'Policy Research', rank: '副主任科员' },
      });
      const entries = await audit();
      expect(entries.some((entry) => entry.action === 'user.link' && entry.target === 'T-0006')).toBe(true);
      expect(
        entries.some(
          (entry) => entry.action === 'user.update' && entry.detail.includes('department: Old Name → Policy Research'),
        ),
      ).toBe(true);
      // The linked account's password is the directory's now: the old local one no longer signs in,
      // and changing it here is refused.
      expect((await login(app, 'T-0006', 'imported-password-1')).statusCode).toBe(401);
      const change = await postJson(
        app,
        '/api/v1/auth/password',
        { currentPassword: 'imported-password-1', newPassword: 'another-password-22' },
        { cookie: sessionCookie(response), 'x-shixun-csrf': '1' },
      );
      expect(change.statusCode).toBe(409);
      expect(change.json()).toMatchObject({ message: expect.stringContaining('directory') });
    });

    it('a wrong directory password gets the answer a wrong local password gets, and is throttled like one', async () => {
      const local = await login(app, 'admin', 'not-the-admin-password', '198.51.100.7');
      const directoryWrong = await login(app, 'test.trainer', 'not-the-password', '198.51.100.7');
      const nobody = await login(app, 'nobody.here', 'not-the-password', '198.51.100.7');
      for (const response of [local, directoryWrong, nobody]) {
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ message: WRONG });
      }
      // Keep guessing one directory account from one address: the growing wait starts.
      let last = directoryWrong;
      for (let attempt = 0; attempt < 12 && last.statusCode !== 429; attempt += 1)
        last = await login(app, 'test.trainer', `guess-${attempt}`, '198.51.100.8');
      expect(last.statusCode).toBe(429);
      expect(last.headers['retry-after']).toBeDefined();
      // Even the right password waits now: the throttle runs before the directory is asked.
      expect((await login(app, 'test.trainer', PASSWORDS['test.trainer'], '198.51.100.8')).statusCode).toBe(429);
    });

    it('a person the directory marks disabled is refused and gets no account', async () => {
      const response = await login(app, 'test.disabled', PASSWORDS['test.disabled']);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ message: 'This account is disabled. Ask an administrator to enable it.' });
      expect(await new UserStore(database.db).findByUsername('T-0005')).toBeUndefined();
    });

    it('filter syntax in the username is escaped: a wildcard or an injected clause finds nobody', async () => {
      const password = PASSWORDS['test.leaver'];
      // Unescaped, each of these would match uid=test.leaver alone and sign in with its password.
      for (const username of ['test.leav*', '*)(uid=test.leaver', 'test.leaver)(|(uid=*', '*']) {
        const response = await login(app, username, password);
        expect(response.statusCode, username).toBe(401);
        expect(response.json()).toMatchObject({ message: WRONG });
        expect(response.headers['set-cookie']).toBeUndefined();
      }
      expect(await new UserStore(database.db).findByUsername('T-0004')).toBeUndefined();
      // The escaped name itself still signs in.
      expect((await login(app, 'test.leaver', password)).statusCode).toBe(200);
    });

    it('an entry provisioning refuses (a rank the training policy lacks) is refused with the reason', async () => {
      const client = await directory.admin();
      await client.modify(`uid=test.learner,ou=Policy Research,${PEOPLE_DN}`, [
        new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['Chief Wizard'] }) }),
      ]);
      await client.unbind();
      const response = await login(app, 'test.learner', PASSWORDS['test.learner']);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({
        message: expect.stringMatching(/^This account cannot sign in yet: .*Chief Wizard/),
      });
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await new UserStore(database.db).findByUsername('T-0001')).toMatchObject({ rank: '科员' });
    });

    it('with local passwords off for learners, directory learners still sign in and local learners do not', async () => {
      const admin = await login(app, 'admin', ADMIN_PASSWORD);
      const headers = { cookie: sessionCookie(admin), 'x-shixun-csrf': '1', 'content-type': 'application/json' };
      const put = (learnerPasswords: boolean) =>
        app.inject({
          method: 'PUT',
          url: '/api/v1/admin/sign-in-settings',
          headers,
          payload: JSON.stringify({ learnerPasswords }),
        });
      await new UserStore(database.db).create(
        { username: 'local.learner', name: 'Local Learner', role: 'learner', employeeId: 'L-0001' },
        await hashGeneratedSecret('local-learner-password-1'),
      );
      expect((await put(false)).statusCode).toBe(200);
      try {
        const local = await login(app, 'local.learner', 'local-learner-password-1');
        expect(local.statusCode).toBe(403);
        const directoryLearner = await login(app, 'test.leaver', PASSWORDS['test.leaver']);
        expect(directoryLearner.statusCode, directoryLearner.body).toBe(200);
        expect(directoryLearner.json()).toMatchObject({ user: { role: 'learner' } });
      } finally {
        expect((await put(true)).statusCode).toBe(200);
      }
    });

    it('a local account still signs in with its local password, without the directory', async () => {
      const response = await login(app, 'admin', ADMIN_PASSWORD);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ user: { username: 'admin', role: 'admin' } });
    });
  });

  describe.skipIf(!variant.available || !withSlapd)(`directory down on ${variant.name}`, () => {
    let directory: TestDirectory;
    let database: TestDatabase;
    let server: LdapTestServer;

    beforeAll(async () => {
      directory = await startTestDirectory();
      database = await variant.open();
      server = await startLdapTestServer(database, openLdapSettings(directory));
    }, 60_000);

    afterAll(async () => {
      await server?.close();
      await database?.dispose();
    });

    it('answers 503 with a message a person can act on, never 500, and counts no wrong password', async () => {
      expect((await login(server.app, 'test.learner', PASSWORDS['test.learner'])).statusCode).toBe(200);
      await directory.stop();
      for (let attempt = 0; attempt < 12; attempt += 1) {
        const response = await login(server.app, 'test.learner', PASSWORDS['test.learner']);
        expect(response.statusCode).toBe(503);
        expect(response.json()).toMatchObject({ message: expect.stringContaining('cannot be reached right now') });
      }
      // Local accounts are unaffected.
      expect((await login(server.app, 'admin', ADMIN_PASSWORD)).statusCode).toBe(200);
    });
  });
}
