// The directory sync against a real slapd, on both databases: a transfer to another department
// and a promotion reach the linked account, a person removed from the directory or marked
// disabled loses the account and its sessions, every change is in the admin audit log, and a sync
// that reads nobody disables nobody.
import { Attribute, Change } from 'ldapts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, me, sessionCookie } from '../../accounts/test-support/accounts-test-app.ts';
import { UserStore } from '../../accounts/user-store.ts';
import { TEST_DATABASES } from '../../db/test-databases.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { ADMIN_PASSWORD, openLdapSettings, startLdapTestServer } from './test-support/ldap-test-server.ts';
import type { LdapTestServer } from './test-support/ldap-test-server.ts';
import { PASSWORDS, PEOPLE_DN, slapdAvailable, startTestDirectory } from './test-support/slapd.ts';
import type { TestDirectory } from './test-support/slapd.ts';

const withSlapd = slapdAvailable();

interface AuditRow {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail: string;
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available || !withSlapd)(`directory sync on ${variant.name}`, () => {
    let directory: TestDirectory;
    let database: TestDatabase;
    let server: LdapTestServer;
    let app: FastifyInstance;
    const cookies: Record<string, string> = {};

    async function audit(): Promise<AuditRow[]> {
      const admin = await login(app, 'admin', ADMIN_PASSWORD);
      const response = await app.inject({ url: '/api/v1/admin/audit', headers: { cookie: sessionCookie(admin) } });
      return (response.json() as { entries: AuditRow[] }).entries;
    }

    async function changeDirectory(work: (client: Awaited<ReturnType<TestDirectory['admin']>>) => Promise<void>): Promise<void> {
      const client = await directory.admin();
      try {
        await work(client);
      } finally {
        await client.unbind();
      }
    }

    beforeAll(async () => {
      directory = await startTestDirectory();
      database = await variant.open();
      server = await startLdapTestServer(database, openLdapSettings(directory));
      app = server.app;
      // Accounts exist only for people who signed in once.
      for (const username of ['test.learner', 'test.mover', 'test.leaver', 'test.trainer'] as const) {
        const response = await login(app, username, PASSWORDS[username]);
        expect(response.statusCode, response.body).toBe(200);
        cookies[username] = sessionCookie(response);
      }
    }, 60_000);

    afterAll(async () => {
      await server?.close();
      await database?.dispose();
      await directory?.stop();
    });

    it('a sync with nothing changed changes nothing and makes no accounts', async () => {
      const before = (await audit()).length;
      const report = await server.sync();
      expect(report).toEqual({ read: 6, updated: 0, disabled: 0, refused: [] });
      expect(await audit()).toHaveLength(before);
      // People who never signed in (test.admin) get no account from the sync.
      expect(await new UserStore(database.db).findByUsername('T-0003')).toBeUndefined();
    });

    it('a transfer and a promotion in the directory reach the account', async () => {
      await changeDirectory(async (client) => {
        const from = `uid=test.mover,ou=Policy Research,${PEOPLE_DN}`;
        await client.modifyDN(from, `uid=test.mover,ou=Data Office,${PEOPLE_DN}`);
        await client.modify(`uid=test.mover,ou=Data Office,${PEOPLE_DN}`, [
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'departmentNumber', values: ['Data Office'] }),
          }),
          new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['主任科员'] }) }),
        ]);
      });
      const report = await server.sync();
      expect(report).toMatchObject({ updated: 1, disabled: 0 });
      const mover = await new UserStore(database.db).findByUsername('T-0006');
      expect(mover).toMatchObject({ department: 'Data Office', rank: '主任科员', disabled: 0 });
      // Still the same person: the entry moved, its entryUUID did not, and the session goes on.
      expect((await me(app, cookies['test.mover'] ?? '')).statusCode).toBe(200);
      const entry = (await audit()).find((row) => row.action === 'user.update' && row.target === 'T-0006');
      expect(entry).toMatchObject({ actor: 'ldap:test-directory' });
      expect(entry?.detail).toContain('department: Policy Research → Data Office');
      expect(entry?.detail).toContain('rank: 副主任科员 → 主任科员');
    });

    it('a person removed from the directory is disabled and signed out; so is one marked disabled', async () => {
      await changeDirectory(async (client) => {
        await client.del(`uid=test.leaver,ou=Data Office,${PEOPLE_DN}`);
        await client.modify(`uid=test.trainer,ou=Policy Research,${PEOPLE_DN}`, [
          new Change({ operation: 'add', modification: new Attribute({ type: 'employeeType', values: ['disabled'] }) }),
        ]);
      });
      expect((await me(app, cookies['test.leaver'] ?? '')).statusCode).toBe(200);
      const report = await server.sync();
      expect(report).toMatchObject({ read: 5, updated: 2, disabled: 2, refused: [] });

      const users = new UserStore(database.db);
      expect(await users.findByUsername('T-0004')).toMatchObject({ disabled: 1 });
      expect(await users.findByUsername('T-0002')).toMatchObject({ disabled: 1 });
      for (const username of ['test.leaver', 'test.trainer'])
        expect((await me(app, cookies[username] ?? '')).statusCode).toBe(401);
      // Others keep their sessions.
      expect((await me(app, cookies['test.learner'] ?? '')).statusCode).toBe(200);

      const disables = (await audit()).filter((row) => row.action === 'user.disable');
      expect(disables.find((row) => row.target === 'T-0004')?.detail).toMatch(
        /no longer in the directory test-directory; 1 session\(s\) ended/,
      );
      expect(disables.find((row) => row.target === 'T-0002')?.detail).toMatch(
        /reports the person disabled; 1 session\(s\) ended/,
      );
      // The disabled person cannot sign back in; the removed one is not found.
      expect((await login(app, 'test.trainer', PASSWORDS['test.trainer'])).statusCode).toBe(403);
      expect((await login(app, 'test.leaver', PASSWORDS['test.leaver'])).statusCode).toBe(401);

      // A second sync finds nothing more to do.
      expect(await server.sync()).toMatchObject({ updated: 0, disabled: 0 });
    });

    it('a person enabled again in the directory gets the account back at the next sync', async () => {
      await changeDirectory(async (client) => {
        await client.modify(`uid=test.trainer,ou=Policy Research,${PEOPLE_DN}`, [
          new Change({ operation: 'delete', modification: new Attribute({ type: 'employeeType', values: ['disabled'] }) }),
        ]);
      });
      expect(await server.sync()).toMatchObject({ updated: 1, disabled: 0 });
      expect(await new UserStore(database.db).findByUsername('T-0002')).toMatchObject({ disabled: 0 });
      expect((await login(app, 'test.trainer', PASSWORDS['test.trainer'])).statusCode).toBe(200);
    });

    it('a sync that reads nobody (a wrong base DN) disables nobody and says why', async () => {
      const wrongBase = await startLdapTestServer(
        database,
        {
          ...openLdapSettings(directory),
          baseDn: `ou=groups,dc=example,dc=gov`,
        },
        server.ledgerKeyDir,
      );
      try {
        await expect(wrongBase.sync()).rejects.toThrow(
          /listed nobody under ou=groups,dc=example,dc=gov, but 4 account\(s\) are linked/,
        );
      } finally {
        await wrongBase.close();
      }
      expect(await new UserStore(database.db).findByUsername('T-0001')).toMatchObject({ disabled: 0 });
    });
  });
}
