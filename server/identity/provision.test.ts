// Provisioning from an outside identity on both databases: the account made at first sign-in,
// the link to an imported account by employee id (never by name), refusals that change nothing,
// updates recorded in the admin audit log, and a person the source reports as gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { addUser, login, me, signedIn, startAccountsApp } from '../accounts/test-support/accounts-test-app.ts';
import type { AccountsTestApp } from '../accounts/test-support/accounts-test-app.ts';
import { assignmentHistory } from '../accounts/assignments.ts';
import { provisionExternalUser } from './provision.ts';
import type { ExternalIdentity } from './provision.ts';

const NOW = new Date('2026-05-04T09:00:00.000Z');

function person(subject: string, employeeId: string, extra: Partial<ExternalIdentity> = {}): ExternalIdentity {
  return { source: 'oidc', provider: 'unified-id', subject, employeeId, name: `Person ${employeeId}`, ...extra };
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`provisioning from an outside identity on ${variant.name}`, () => {
    let t: AccountsTestApp;
    const revoked: string[] = [];
    beforeAll(async () => {
      t = await startAccountsApp(variant, { adminPassword: 'admin-password-0001' });
      t.accounts.useKnownRanks(async () => ({ policyVersion: '2026.1', names: ['R1', 'R2', 'R3'] }));
      t.accounts.onUserDisabled(async (user) => {
        revoked.push(user.username);
        return 1;
      });
    });
    afterAll(async () => {
      await t?.close();
    });

    const provision = (identity: ExternalIdentity) => provisionExternalUser(t.accounts.context, identity, NOW);
    const userRow = (id: string) => t.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const auditOf = async (target: string) =>
      (
        await t.database.db
          .selectFrom('admin_audit')
          .selectAll()
          .where('target', '=', target)
          .orderBy('at')
          .orderBy('action')
          .execute()
      ).map((row) => ({ actor: row.actor_username, action: row.action, detail: row.detail, ip: row.ip }));

    it('creates the account at first sign-in, as a learner with the mapped fields, and links it', async () => {
      const result = await provision(person('sub-1001', 'E1001', { department: 'Ops', rank: 'R1' }));
      expect(result).toMatchObject({ ok: true, created: true, linked: true, changes: [], disabled: false });
      if (!result.ok) return;
      expect(await userRow(result.userId)).toMatchObject({
        username: 'E1001',
        employee_id: 'E1001',
        name: 'Person E1001',
        department: 'Ops',
        rank: 'R1',
        role: 'learner',
        disabled: 0,
      });
      const links = await t.database.db.selectFrom('identity_links').selectAll().where('user_id', '=', result.userId).execute();
      expect(links).toMatchObject([{ source: 'oidc', provider: 'unified-id', subject: 'sub-1001', employee_id: 'E1001' }]);
      expect(await auditOf('E1001')).toEqual([
        expect.objectContaining({ actor: 'oidc:unified-id', action: 'user.create', ip: 'identity-provider' }),
      ]);
      // The same subject again finds the same account and makes nothing new.
      expect(await provision(person('sub-1001', 'E1001', { department: 'Ops', rank: 'R1' }))).toEqual({
        ok: true,
        userId: result.userId,
        created: false,
        linked: false,
        changes: [],
        disabled: false,
      });
    });

    it('links an imported account with the same employee id, keeping its password and history', async () => {
      const imported = await addUser(t.database, 'E2001', 'learner-pass-2001');
      const result = await provision(person('sub-2001', 'E2001', { name: 'Name of E2001' }));
      expect(result).toMatchObject({ ok: true, userId: imported.id, created: false, linked: true });
      expect((await auditOf('E2001')).map((entry) => entry.action)).toEqual(['user.link']);
      expect((await login(t.app, 'E2001', 'learner-pass-2001')).statusCode).toBe(200);
    });

    it('never links by name: an account with the same name but another employee id stays apart', async () => {
      const namesake = await addUser(t.database, 'E3001', 'learner-pass-3001', 'learner', 'Wang Fang');
      const result = await provision(person('sub-3002', 'E3002', { name: 'Wang Fang' }));
      expect(result).toMatchObject({ ok: true, created: true, linked: true });
      if (!result.ok) return;
      expect(result.userId).not.toBe(namesake.id);
      expect(
        await t.database.db.selectFrom('identity_links').select('subject').where('user_id', '=', namesake.id).execute(),
      ).toEqual([]);
      expect((await userRow(result.userId)).username).toBe('E3002');
    });

    it('refuses a second person at the same provider for an account that is already linked', async () => {
      await provision(person('sub-4001', 'E4001'));
      const result = await provision(person('sub-4001-impostor', 'E4001', { name: 'Someone Else' }));
      expect(result).toMatchObject({ ok: false, code: 'already-linked' });
      if (result.ok) return;
      expect(result.reason).toMatch(/already linked to another person at unified-id/);
      const links = await t.database.db
        .selectFrom('identity_links')
        .select('subject')
        .where('employee_id', '=', 'E4001')
        .execute();
      expect(links.map((link) => link.subject)).toEqual(['sub-4001']);
      // Another provider may link the same account (the same person in a second source).
      expect(await provision(person('cn=E4001', 'E4001', { source: 'ldap', provider: 'corp-ad' }))).toMatchObject({
        ok: true,
        linked: true,
        created: false,
      });
    });

    it('refuses a rank the training policy does not know, with a reason, and makes no account', async () => {
      const result = await provision(person('sub-5001', 'E5001', { rank: 'Grand Marshal' }));
      expect(result).toMatchObject({ ok: false, code: 'unknown-rank' });
      if (result.ok) return;
      expect(result.reason).toMatch(/"Grand Marshal" is not a rank of the training policy in force \(2026\.1\)/);
      expect(
        await t.database.db.selectFrom('users').select('id').where('username', '=', 'E5001').executeTakeFirst(),
      ).toBeUndefined();
    });

    it('refuses an employee id that is empty or cannot be a username, and a username taken by another employee', async () => {
      expect(await provision(person('sub-6001', ''))).toMatchObject({ ok: false, code: 'invalid-identity' });
      expect(await provision(person('sub-6002', 'has space'))).toMatchObject({ ok: false, code: 'invalid-identity' });
      await addUser(t.database, 'trainer6003', 'trainer-pass-6003-long', 'trainer');
      expect(await provision(person('sub-6003', 'TRAINER6003'))).toMatchObject({ ok: false, code: 'username-taken' });
    });

    it('updates name, department, rank and role at a later sign-in and records each change', async () => {
      const first = await provision(person('sub-7001', 'E7001', { name: 'Li Lei', department: 'Ops', rank: 'R1' }));
      if (!first.ok) throw new Error(first.reason);
      const later = await provision(
        person('sub-7001', 'E7001', { name: 'Li Lei-Han', department: 'Logistics', rank: 'R2', role: 'trainer' }),
      );
      expect(later).toMatchObject({
        ok: true,
        created: false,
        linked: false,
        changes: ['name: Li Lei → Li Lei-Han', 'department: Ops → Logistics', 'rank: R1 → R2', 'role: learner → trainer'],
      });
      expect(await userRow(first.userId)).toMatchObject({
        name: 'Li Lei-Han',
        department: 'Logistics',
        rank: 'R2',
        role: 'trainer',
      });
      const updates = (await auditOf('E7001')).filter((entry) => entry.action === 'user.update');
      expect(updates).toEqual([
        expect.objectContaining({
          actor: 'oidc:unified-id',
          detail:
            'from unified-id: name: Li Lei → Li Lei-Han; department: Ops → Logistics; rank: R1 → R2; role: learner → trainer',
        }),
      ]);
      // The department and rank before and after, with the provider as source (what reports read as in force).
      const history = await assignmentHistory(t.database.db, first.userId);
      expect(history.map(({ department, rank, source, actor }) => ({ department, rank, source, actor }))).toEqual([
        { department: 'Ops', rank: 'R1', source: 'initial', actor: null },
        { department: 'Logistics', rank: 'R2', source: 'oidc', actor: 'oidc:unified-id' },
      ]);
      // A field the provider leaves out stays as it is, and nothing new is recorded.
      expect(await provision(person('sub-7001', 'E7001', { name: 'Li Lei-Han' }))).toMatchObject({ ok: true, changes: [] });
      expect(await assignmentHistory(t.database.db, first.userId)).toHaveLength(2);
      expect((await auditOf('E7001')).filter((entry) => entry.action === 'user.update')).toHaveLength(1);
      // A later refusal changes nothing.
      expect(await provision(person('sub-7001', 'E7001', { rank: 'R9' }))).toMatchObject({ ok: false, code: 'unknown-rank' });
      expect((await userRow(first.userId)).rank).toBe('R2');
    });

    it('disables the account of a person the source reports as gone: sessions end, tokens are revoked', async () => {
      await addUser(t.database, 'E8001', 'learner-pass-8001');
      const linked = await provision(person('sub-8001', 'E8001'));
      if (!linked.ok) throw new Error(linked.reason);
      const browser = await signedIn(t.app, 'E8001', 'learner-pass-8001');
      expect((await me(t.app, browser.cookie ?? '')).statusCode).toBe(200);

      const gone = await provision(person('sub-8001', 'E8001', { disabled: true }));
      expect(gone).toMatchObject({ ok: true, disabled: true, changes: ['disabled'] });
      expect((await userRow(linked.userId)).disabled).toBe(1);
      expect((await me(t.app, browser.cookie ?? '')).statusCode).toBe(401);
      expect(revoked).toContain('E8001');
      expect((await auditOf('E8001')).find((entry) => entry.action === 'user.disable')).toMatchObject({
        actor: 'oidc:unified-id',
        detail: expect.stringMatching(/reports the person disabled; 1 session\(s\) ended, 1 API token\(s\) revoked/),
      });
      // Back at the source: the account the source disabled is enabled again.
      expect(await provision(person('sub-8001', 'E8001'))).toMatchObject({ ok: true, disabled: false, changes: ['enabled'] });
      expect((await userRow(linked.userId)).disabled).toBe(0);
    });

    it('keeps an account an admin disabled disabled, and makes no account for a disabled newcomer', async () => {
      const linked = await provision(person('sub-9001', 'E9001'));
      if (!linked.ok) throw new Error(linked.reason);
      await t.accounts.context.users.setDisabled(linked.userId, true);
      expect(await provision(person('sub-9001', 'E9001'))).toMatchObject({ ok: true, disabled: true, changes: [] });
      expect((await userRow(linked.userId)).disabled).toBe(1);

      expect(await provision(person('sub-9002', 'E9002', { disabled: true }))).toMatchObject({ ok: false, code: 'disabled' });
      expect(
        await t.database.db.selectFrom('users').select('id').where('username', '=', 'E9002').executeTakeFirst(),
      ).toBeUndefined();
    });

    it('follows a changed employee id at the provider, unless another account holds it', async () => {
      const first = await provision(person('sub-1101', 'E1101'));
      if (!first.ok) throw new Error(first.reason);
      expect(await provision(person('sub-1101', 'E1102', { name: 'Person E1101' }))).toMatchObject({
        ok: true,
        changes: ['employee id: E1101 → E1102'],
      });
      expect((await userRow(first.userId)).employee_id).toBe('E1102');
      await addUser(t.database, 'E1103', 'learner-pass-1103');
      const clash = await provision(person('sub-1101', 'E1103', { name: 'Person E1101' }));
      expect(clash).toMatchObject({ ok: false, code: 'employee-id-taken' });
      expect((await userRow(first.userId)).employee_id).toBe('E1102');
    });
  });
}
