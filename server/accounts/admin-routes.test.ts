// Administration on both databases: who may call it, creating users, the CSV staff import with
// its per-row errors and limits, and xAPI credentials for external tools.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { addUser, login, postJson, signedIn, startAccountsApp } from './test-support/accounts-test-app.ts';
import type { AccountsTestApp } from './test-support/accounts-test-app.ts';
import { verifySecret } from './secrets.ts';

const ADMIN_PASSWORD = 'admin-password-0001';

// Row 1 header (with BOM); 2 good; 3 good trainer; 4 no employee id; 5 no name; 6 repeats row 2;
// 7 bad role; 8 good, quoted name over two lines; 9 a field short.
const MIXED = [
  '\uFEFFemployee_id,name,department,rank,role',
  'E100,张伟,"数据管理处, 二科",科员,',
  'E101,李娜,信息中心,副处长,Trainer',
  ',王强,办公室,科员,',
  'E102,,办公室,科员,',
  'E100,张伟,办公室,科员,',
  'E103,赵敏,办公室,科员,boss',
  'E104,"Zhao ""Min""',
  'Second line",法规处,,learner',
  'E105,刘洋,办公室',
  '',
].join('\r\n');

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`admin routes on ${variant.name}`, () => {
    let t: AccountsTestApp;
    let admin: Record<string, string>;
    let learner: Record<string, string>;
    beforeAll(async () => {
      t = await startAccountsApp(variant, { adminPassword: ADMIN_PASSWORD });
      await addUser(t.database, 'E0001', 'learner-pass-0001');
      admin = await signedIn(t.app, 'admin', ADMIN_PASSWORD);
      learner = await signedIn(t.app, 'E0001', 'learner-pass-0001');
    });
    afterAll(async () => {
      await t?.close();
    });

    const importCsv = (
      csv: string | Buffer,
      headers = admin,
      contentType = 'text/csv; charset=utf-8',
    ): Promise<LightMyRequestResponse> =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/users/import',
        headers: { ...headers, 'content-type': contentType },
        payload: csv,
      });

    it('answers 401 without a session and 403 for a learner on every admin route', async () => {
      const calls = [
        { method: 'GET', url: '/api/v1/admin/users' },
        { method: 'POST', url: '/api/v1/admin/users', body: { username: 'x1', name: 'X' } },
        { method: 'POST', url: '/api/v1/admin/users/import', csv: 'employee_id,name,department,rank\nE9,X,,\n' },
        { method: 'POST', url: '/api/v1/admin/xapi-credentials', body: { scopes: ['all'] } },
      ] as const;
      for (const call of calls) {
        for (const [headers, status] of [
          [{}, 401],
          [learner, 403],
        ] as const) {
          const payload =
            'csv' in call
              ? { payload: call.csv, contentType: 'text/csv' }
              : 'body' in call
                ? { payload: JSON.stringify(call.body), contentType: 'application/json' }
                : undefined;
          const response = await t.app.inject({
            method: call.method,
            url: call.url,
            headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': payload.contentType }) },
            ...(payload === undefined ? {} : { payload: payload.payload }),
          });
          expect(response.statusCode, `${call.method} ${call.url}`).toBe(status);
          expect(response.json().statusCode).toBe(status);
        }
      }
      expect(
        (await t.database.db.selectFrom('users').select('username').where('username', 'in', ['x1', 'E9']).execute()).length,
      ).toBe(0);
    });

    it('grants extra time on timed steps: the user carries it, the audit log records it, bad factors are refused', async () => {
      const target = await t.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'E0001')
        .executeTakeFirstOrThrow();
      const url = `/api/v1/admin/users/${target.id}/extra-time`;
      expect((await postJson(t.app, url, { factor: 1.5 })).statusCode).toBe(401);
      expect((await postJson(t.app, url, { factor: 1.5 }, learner)).statusCode).toBe(403);
      for (const body of [{ factor: 3 }, { factor: '2' }, {}, { factor: 2, extra: true }]) {
        const refused = await postJson(t.app, url, body, admin);
        expect(refused.statusCode, JSON.stringify(body)).toBe(400);
        expect(refused.json().message).toMatch(/factor|extra/);
      }
      expect((await postJson(t.app, '/api/v1/admin/users/no-such-user/extra-time', { factor: 2 }, admin)).statusCode).toBe(404);

      const granted = await postJson(t.app, url, { factor: 1.5 }, admin);
      expect(granted.statusCode, granted.body).toBe(200);
      expect(granted.json()).toEqual({ username: 'E0001', extraTime: 1.5 });
      const whoAmI = await t.app.inject({ url: '/api/v1/auth/me', headers: learner });
      expect(whoAmI.json().user).toMatchObject({ username: 'E0001', extraTime: 1.5 });
      const listed = await t.app.inject({ url: '/api/v1/admin/users?q=E0001', headers: admin });
      expect(listed.json().users[0]).toMatchObject({ username: 'E0001', extraTime: 1.5 });
      const audit = await t.app.inject({ url: '/api/v1/admin/audit', headers: admin });
      expect(audit.json().entries[0]).toMatchObject({
        actor: 'admin',
        action: 'user.extra-time',
        target: 'E0001',
        detail: '×1.5 (was ×1)',
      });

      // Back to none: the user no longer carries the field.
      expect((await postJson(t.app, url, { factor: 1 }, admin)).statusCode).toBe(200);
      const after = await t.app.inject({ url: '/api/v1/auth/me', headers: learner });
      expect(after.json().user).not.toHaveProperty('extraTime');
    });

    it('creates users, returning a generated password once, and refuses duplicates and bad fields', async () => {
      const created = await postJson(
        t.app,
        '/api/v1/admin/users',
        { username: 'trainer.li', name: '李老师', role: 'trainer', department: '培训处' },
        admin,
      );
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(body.user).toMatchObject({
        username: 'trainer.li',
        name: '李老师',
        role: 'trainer',
        department: '培训处',
        employeeId: null,
      });
      expect(body.password).toMatch(/^[A-Za-z2-9]{12}$/);
      expect((await login(t.app, 'trainer.li', body.password)).statusCode).toBe(200);

      const chosen = await postJson(
        t.app,
        '/api/v1/admin/users',
        { username: 'E0002', name: 'Chosen', password: 'chosen-password' },
        admin,
      );
      expect(chosen.statusCode).toBe(201);
      expect(chosen.json().password).toBeUndefined();
      expect(chosen.json().user.role).toBe('learner');

      const duplicate = await postJson(t.app, '/api/v1/admin/users', { username: 'trainer.li', name: 'Again' }, admin);
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().message).toMatch(/already taken/);
      for (const [body, reason] of [
        [{ username: 'x y', name: 'Space' }, /not usable/],
        [{ username: 'x2', name: 'Bad role', role: 'boss' }, /role must be one of learner, trainer, department-admin, admin/],
        [{ username: 'x3', name: 'Short', password: 'short' }, /at least 10 characters/],
        [{ username: 'x4' }, /name is required/],
      ] as const) {
        const response = await postJson(t.app, '/api/v1/admin/users', body, admin);
        expect(response.statusCode).toBe(400);
        expect(response.json().message).toMatch(reason);
      }

      const list = await t.app.inject({ url: '/api/v1/admin/users', headers: { cookie: admin.cookie ?? '' } });
      expect(list.statusCode).toBe(200);
      const users = list.json().users as Array<Record<string, unknown>>;
      expect(users.map((user) => user.username)).toEqual(expect.arrayContaining(['admin', 'E0001', 'trainer.li', 'E0002']));
      expect(users.find((user) => user.username === 'admin')).toMatchObject({
        role: 'admin',
        disabled: false,
        created: expect.any(String),
      });
      expect(JSON.stringify(users)).not.toMatch(/password|scrypt/);
    });

    it('imports a mixed staff list: good rows in, bad rows reported by spreadsheet row and field', async () => {
      const response = await importCsv(MIXED);
      expect(response.statusCode).toBe(200);
      const result = response.json();
      expect(result.errors).toEqual([
        { row: 4, field: 'employee_id', message: 'employee_id is empty; every person needs one.' },
        { row: 5, field: 'name', message: 'name is empty; every person needs one.' },
        { row: 6, field: 'employee_id', message: 'employee_id E100 already appears on row 2; list each person once.' },
        {
          row: 7,
          field: 'role',
          message: 'role "boss" is not one of learner, trainer, department-admin, admin (empty means learner).',
        },
        {
          row: 9,
          field: 'row',
          message: 'has 3 fields but the header has 5; check for a missing or extra comma, or quote a value that holds a comma.',
        },
      ]);
      expect(result.created).toBe(3);
      expect(result.updated).toBe(0);
      expect(result.passwords.map((item: { username: string }) => item.username)).toEqual(['E100', 'E101', 'E104']);

      const rows = await t.database.db
        .selectFrom('users')
        .selectAll()
        .where('username', 'in', ['E100', 'E101', 'E102', 'E103', 'E104', 'E105'])
        .orderBy('username')
        .execute();
      expect(rows.map((row) => [row.username, row.name, row.department, row.rank, row.role, row.employee_id])).toEqual([
        ['E100', '张伟', '数据管理处, 二科', '科员', 'learner', 'E100'],
        ['E101', '李娜', '信息中心', '副处长', 'trainer', 'E101'],
        ['E104', 'Zhao "Min"\r\nSecond line', '法规处', null, 'learner', 'E104'],
      ]);
      const e100 = result.passwords.find((item: { username: string }) => item.username === 'E100');
      const signIn = await login(t.app, 'E100', e100.password);
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json().agent.account.name).toBe('E100');
    });

    it('updates name, department and rank of known employee ids on re-import, never password or role', async () => {
      const first = await importCsv('employee_id,name,department,rank,password\nE200,陈静,办公室,科员,initial-pass-200\n');
      expect(first.json()).toMatchObject({ created: 1, updated: 0, errors: [], passwords: [] });
      await t.database.db.updateTable('users').set({ role: 'trainer' }).where('username', '=', 'E200').execute();
      const again = await importCsv(
        'employee_id,name,department,rank,role,password\nE200,陈静,法规处,副科长,learner,another-pass-200\n',
      );
      expect(again.json()).toMatchObject({ created: 0, updated: 1, errors: [], passwords: [] });
      const row = await t.database.db.selectFrom('users').selectAll().where('username', '=', 'E200').executeTakeFirstOrThrow();
      expect([row.department, row.rank, row.role]).toEqual(['法规处', '副科长', 'trainer']);
      expect(await verifySecret('initial-pass-200', row.password_hash)).toBe(true);
    });

    it('refuses files it cannot read, with the reason', async () => {
      const cases: Array<[string | Buffer, string, number, RegExp]> = [
        ['', 'text/csv', 400, /empty/],
        ['employee_id,name,department\nE1,X,Y\n', 'text/csv', 400, /lacks rank/],
        ['employee_id,name,department,rank,email\n', 'text/csv', 400, /unknown column "email"/],
        ['employee_id,name,department,rank\n', 'text/csv', 400, /no people/],
        ['employee_id,name,department,rank\nE1,"open,,\n', 'text/csv', 400, /Row 2: a quoted field is never closed/],
        [Buffer.from([0x65, 0x6d, 0x70, 0xd5, 0xc5, 0xce, 0xb0, 0x0a]), 'text/csv', 400, /not UTF-8 text.*CSV UTF-8/],
        ['{"rows":[]}', 'application/json', 415, /text\/csv/],
        ['employee_id,name', 'text/plain', 415, /is not accepted here/],
      ];
      for (const [payload, contentType, status, reason] of cases) {
        const response = await importCsv(payload, admin, contentType);
        expect(response.statusCode, String(payload)).toBe(status);
        expect(response.json().message).toMatch(reason);
      }
    });

    it('refuses more than 10,000 rows and more than 2 MiB with 413', async () => {
      const rows = Array.from({ length: 10_001 }, (_, index) => `X${index},N,,`);
      const many = await importCsv(`employee_id,name,department,rank\n${rows.join('\n')}\n`);
      expect(many.statusCode).toBe(413);
      expect(many.json().message).toMatch(/at most 10000/);
      const big = await importCsv(`employee_id,name,department,rank\nE1,${'x'.repeat(2 * 1024 * 1024)},,\n`);
      expect(big.statusCode).toBe(413);
      expect(big.json().message).toMatch(/at most 2 MiB/);
    });

    it('creates xAPI credentials with the scopes asked for, the secret shown once', async () => {
      const created = await postJson(
        t.app,
        '/api/v1/admin/xapi-credentials',
        { key: 'dashboard', label: '数据看板', scopes: ['statements/read'] },
        admin,
      );
      expect(created.statusCode).toBe(201);
      const { key, secret, scopes, label } = created.json();
      expect([key, scopes, label]).toEqual(['dashboard', ['statements/read'], '数据看板']);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const row = await t.database.db
        .selectFrom('xapi_credentials')
        .selectAll()
        .where('key', '=', 'dashboard')
        .executeTakeFirstOrThrow();
      expect(row.scopes).toBe('statements/read');
      expect(await verifySecret(secret, row.secret_hash)).toBe(true);

      const generated = await postJson(
        t.app,
        '/api/v1/admin/xapi-credentials',
        { scopes: ['statements/write', 'statements/write'] },
        admin,
      );
      expect(generated.json()).toMatchObject({
        key: expect.stringMatching(/^shixun-[0-9a-f]{12}$/),
        scopes: ['statements/write'],
      });
      expect(
        (await postJson(t.app, '/api/v1/admin/xapi-credentials', { key: 'dashboard', scopes: ['all'] }, admin)).statusCode,
      ).toBe(409);
      for (const scopes of [[], ['admin'], 'all', undefined]) {
        const response = await postJson(t.app, '/api/v1/admin/xapi-credentials', { scopes }, admin);
        expect(response.statusCode).toBe(400);
        expect(response.json().message).toMatch(/scopes must be/);
      }
      // Read with the request schema the console is typed by (src/contracts/endpoints.ts).
      for (const [body, reason] of [
        [{ key: 'a:b', scopes: ['all'] }, /^key must not contain ":" or spaces/],
        [{ key: 'a b', scopes: ['all'] }, /^key must not contain ":" or spaces/],
        [{ key: 'k'.repeat(65), scopes: ['all'] }, /^key may have at most 64 characters/],
        [{ label: '   ', scopes: ['all'] }, /^label is required and must be non-empty text/],
        [{ scopes: ['all'], secret: 'mine' }, /^Unknown field\(s\) secret/],
      ] as const) {
        const response = await postJson(t.app, '/api/v1/admin/xapi-credentials', body, admin);
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().message).toMatch(reason);
      }
      const labelled = await postJson(
        t.app,
        '/api/v1/admin/xapi-credentials',
        { key: 'lms', label: null, scopes: ['all'] },
        admin,
      );
      expect(labelled.statusCode).toBe(201);
      expect(labelled.json()).toMatchObject({ key: 'lms', label: 'lms', scopes: ['all'] });
    });
  });
}
