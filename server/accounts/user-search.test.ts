// The admin's user list at scale, on both databases: search by any part of the username, employee
// id or name without regard to case (LIKE wildcards taken literally), exact filters, orders, pages
// with the total, the filter values in scope, a department admin confined to their department, and
// bad query values answered 400 with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUserList } from '../../src/contracts/user-types.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { hashGeneratedSecret } from './secrets.ts';
import { signedIn, startAccountsApp } from './test-support/accounts-test-app.ts';
import type { AccountsTestApp } from './test-support/accounts-test-app.ts';
import { UserStore } from './user-store.ts';

const ADMIN_PASSWORD = 'search-admin-password-1';
const DEPT_PASSWORD = 'search-dept-password-1';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`the admin's user search on ${variant.name}`, () => {
    let t: AccountsTestApp;
    let admin: Record<string, string>;
    let deptAdmin: Record<string, string>;

    beforeAll(async () => {
      t = await startAccountsApp(variant, { adminPassword: ADMIN_PASSWORD });
      const store = new UserStore(t.database.db);
      const hash = await hashGeneratedSecret('not-used-password-1');
      // 60 learners of the records office, 30 of finance (every third a deputy), named so that
      // searches have exact answers; created a minute apart, R001 first.
      for (let i = 1; i <= 90; i++) {
        const records = i <= 60;
        const id = `${records ? 'R' : 'F'}${String(i).padStart(3, '0')}`;
        await store.create(
          {
            username: id,
            name: i === 7 ? 'Zhang Wei' : i === 8 ? '张伟' : i === 9 ? 'Pct 100%_done' : `Person ${id}`,
            role: i === 61 ? 'trainer' : 'learner',
            employeeId: id,
            department: records ? 'Records Office' : 'Finance Office',
            rank: i % 3 === 0 ? '副主任科员' : '科员',
          },
          hash,
        );
        await t.database.db
          .updateTable('users')
          .set({ created: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() })
          .where('username', '=', id)
          .execute();
      }
      await t.database.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'R010').execute();
      await t.database.db.updateTable('users').set({ must_change_password: 1 }).where('username', '=', 'R011').execute();
      await store.create(
        { username: 'search-dept', name: 'Dept Admin', role: 'department-admin', department: 'Finance Office' },
        await hashGeneratedSecret(DEPT_PASSWORD),
      );
      admin = await signedIn(t.app, 'admin', ADMIN_PASSWORD);
      deptAdmin = await signedIn(t.app, 'search-dept', DEPT_PASSWORD);
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    const list = async (query: Record<string, string>, who = admin): Promise<AdminUserList> => {
      const response = await t.app.inject({ url: '/api/v1/admin/users', query, headers: who });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<AdminUserList>();
    };
    const names = (page: AdminUserList) => page.users.map((user) => user.username);

    it('pages the whole list newest first with the total, 50 a page by default', async () => {
      const first = await list({});
      // 90 staff, the department admin and the bootstrap admin.
      expect(first.total).toBe(92);
      expect([first.page, first.pageSize, first.users.length]).toEqual([1, 50, 50]);
      const second = await list({ page: '2' });
      expect(second.users).toHaveLength(42);
      expect(new Set([...names(first), ...names(second)]).size).toBe(92);
      const staffOrder = [...names(first), ...names(second)].filter((name) => /^[RF]\d+$/.test(name));
      expect(staffOrder.slice(0, 3)).toEqual(['F090', 'F089', 'F088']);
      expect(staffOrder.at(-1)).toBe('R001');
      expect((await list({ page: '3' })).users).toHaveLength(0);
      expect(first.departments).toEqual(['Finance Office', 'Records Office']);
      expect(first.ranks).toEqual(['副主任科员', '科员']);
    });

    it('searches any part of username, employee id or name without regard to case', async () => {
      expect(names(await list({ q: 'zhang' }))).toEqual(['R007']);
      expect(names(await list({ q: '张' }))).toEqual(['R008']);
      expect(names(await list({ q: 'r00', sort: 'username' }))).toEqual([
        'R001',
        'R002',
        'R003',
        'R004',
        'R005',
        'R006',
        'R007',
        'R008',
        'R009',
      ]);
      // % and _ are searched for as themselves, not as LIKE wildcards.
      expect(names(await list({ q: '100%_' }))).toEqual(['R009']);
      expect((await list({ q: '%' })).total).toBe(1);
      expect((await list({ q: 'nobody-has-this' })).total).toBe(0);
    });

    it('filters by department, rank, role and status exactly, and combines them', async () => {
      expect((await list({ department: 'Finance Office' })).total).toBe(31);
      expect((await list({ department: 'Finance Office', role: 'learner' })).total).toBe(29);
      expect((await list({ department: 'Records Office', rank: '副主任科员' })).total).toBe(20);
      expect(names(await list({ status: 'disabled' }))).toEqual(['R010']);
      expect(names(await list({ status: 'must-change' }))).toEqual(['R011']);
      expect((await list({ status: 'active', department: 'Records Office' })).total).toBe(58);
      expect(names(await list({ role: 'trainer' }))).toEqual(['F061']);
      expect(names(await list({ sort: 'name', q: 'Person R05', pageSize: '3' }))).toEqual(['R050', 'R051', 'R052']);
    });

    it('keeps a department admin to their department, whatever they search for', async () => {
      const own = await list({ pageSize: '200' }, deptAdmin);
      // The 30 finance staff and the department admin herself.
      expect(own.total).toBe(31);
      expect(own.users.every((user) => user.department === 'Finance Office' && user.role !== 'admin')).toBe(true);
      expect(own.departments).toEqual(['Finance Office']);
      expect((await list({ department: 'Records Office' }, deptAdmin)).total).toBe(0);
      expect((await list({ q: 'R007' }, deptAdmin)).total).toBe(0);
    });

    it('answers bad query values with 400 and the reason', async () => {
      for (const [query, reason] of [
        [{ page: '0' }, /page must be a whole number from 1 to 100000/],
        [{ pageSize: '1000' }, /pageSize must be a whole number from 1 to 200/],
        [{ page: 'two' }, /page must be a whole number/],
        [{ role: 'boss' }, /role must be one of learner, trainer, department-admin, admin/],
        [{ status: 'gone' }, /status must be one of active, disabled, must-change/],
        [{ sort: 'salary' }, /sort must be one of newest, username, name, department/],
        [{ q: 'x'.repeat(101) }, /q is at most 100 characters/],
        [{ colour: 'red' }, /Unknown field\(s\) colour/],
      ] as const) {
        const response = await t.app.inject({ url: '/api/v1/admin/users', query, headers: admin });
        expect(response.statusCode, JSON.stringify(query)).toBe(400);
        expect(response.json().message).toMatch(reason);
      }
      const twice = await t.app.inject({ url: '/api/v1/admin/users?q=a&q=b', headers: admin });
      expect(twice.statusCode).toBe(400);
      expect(twice.json().message).toMatch(/q must be text/);
    });
  });
}
