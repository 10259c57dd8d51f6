// The training policy in the server on SQLite and PostgreSQL: versions imported from the file at
// start, GET/PUT /api/v1/policy for admins only (with the CSRF header), 422 with every problem for
// a bad file, 409 for a version name in use, and a new version that becomes current while older
// ones stay selectable for reports.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyVersions, PromotionReport } from '../../src/contracts/report-types.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { PolicyStore } from './policy-store.ts';
import { createAccount, startReportsApp, testPolicyYaml, YEAR } from './test-support/reports-test-app.ts';
import type { ReportsTestApp } from './test-support/reports-test-app.ts';

/** The current test version alone, renamed, adopted before T.2 and with the latest retake. */
const T3 = testPolicyYaml()
  .split('\nhistory:')[0]!
  .replace('version: "T.2"', 'version: "T.3"')
  .replace(`adopted: "${YEAR}-03-01"`, `adopted: "${YEAR}-02-01"`)
  .replace('retakes: best', 'retakes: latest')
  .concat('\n');

interface Problems {
  readonly message: string;
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`policy routes on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let learner: Record<string, string>;

    const put = (yaml: unknown, headers: Record<string, string> = t.admin): Promise<LightMyRequestResponse> =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/policy',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ yaml }),
      });
    const versions = async (): Promise<PolicyVersions> =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/policy', headers: t.admin })).json<PolicyVersions>();

    beforeAll(async () => {
      t = await startReportsApp(variant);
      learner = await createAccount(t, { username: 'P01', name: '测试学员' });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('imports every version of the file at start, the top one current, each as its own YAML', async () => {
      const body = await versions();
      expect(body.current.version).toBe('T.2');
      expect(body.versions.map((v) => [v.version, v.adopted, v.createdBy])).toEqual([
        ['T.2', `${YEAR}-03-01`, 'config'],
        ['T.1', `${YEAR}-01-01`, 'config'],
      ]);
      expect(body.current.note).toEqual({ 'zh-CN': '第二版', en: 'Second version' });
      expect(body.versions[1]?.note).toBeNull();
      expect(body.current.yaml).toContain('version: "T.2"');
      expect(body.current.yaml).not.toContain('history');
      expect(body.versions[1]?.yaml).toMatch(/^version: "T\.1"/);
      expect(body.versions[1]?.yaml).toContain('retakes: latest');
    });

    it('refuses the signed-out (401), learners (403), API-less cookies without the CSRF header (401)', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/policy' })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/policy', headers: learner })).statusCode).toBe(403);
      expect((await put(T3, learner)).statusCode).toBe(403);
      expect((await put(T3, {})).statusCode).toBe(401);
      const { 'x-shixun-csrf': _csrf, ...cookieOnly } = t.admin;
      const noCsrf = await put(T3, cookieOnly);
      expect(noCsrf.statusCode).toBe(401);
      expect(noCsrf.json<{ message: string }>().message).toContain('x-shixun-csrf');
      expect((await versions()).versions).toHaveLength(2);
    });

    it('answers 422 with every problem, each naming the field and the fix', async () => {
      const bad = T3.replace(`end: "${YEAR}-12-31"`, `end: "${YEAR - 1}-12-31"`)
        .replace('courses: [mini]', 'courses: [mini, nope]')
        .replace('retakes: latest', 'retakes: latest\ncolour: red');
      const response = await put(bad);
      expect(response.statusCode).toBe(422);
      const body = response.json<Problems>();
      // Unknown keys stop validation at the shape check: fix those first.
      expect(body.problems).toEqual([
        { path: 'colour', message: expect.stringMatching(/unknown key "colour": check the spelling or remove it \(line \d+\)/) },
      ]);

      const meaning = await put(bad.replace('\ncolour: red', ''));
      expect(meaning.statusCode).toBe(422);
      const problems = meaning.json<Problems>().problems;
      expect(problems).toContainEqual({ path: 'periods[0].end', message: expect.stringContaining('swap them') });
      expect(problems).toContainEqual({
        path: 'requiredCourses[0].courses[1]',
        message: expect.stringContaining('no course "nope" (known: mini, mini-b)'),
      });
      expect(meaning.json<Problems>().message).toContain('2 problems');

      const syntax = await put('version: "T.9"\n  adopted: [');
      expect(syntax.statusCode).toBe(422);
      expect(syntax.json<Problems>().problems[0]?.message).toMatch(/YAML syntax error at line \d+/);

      const history = await put(`${T3}history: []\n`);
      expect(history.statusCode).toBe(422);
      expect(history.json<Problems>().problems).toEqual([
        { path: 'history', message: expect.stringContaining('remove the history list') },
      ]);

      expect((await put('')).statusCode).toBe(400);
      expect((await versions()).versions).toHaveLength(2);
    });

    it('answers 409 for a version name that exists, and leaves it unchanged', async () => {
      const response = await put(T3.replace('version: "T.3"', 'version: "T.1"'));
      expect(response.statusCode).toBe(409);
      expect(response.json<{ message: string }>().message).toContain('"T.1" already exists');
      expect((await versions()).versions.find((v) => v.version === 'T.1')?.yaml).toContain('creditHoursByRank: { default: 1 }');
    });

    it('stores a new version and makes it current; reports use it by default and older versions on request', async () => {
      const response = await put(T3);
      expect(response.statusCode).toBe(201);
      const body = response.json<PolicyVersions>();
      expect(body.current).toMatchObject({ version: 'T.3', createdBy: 'admin', yaml: T3 });
      // Newest first by adoption; current is the one made current last, though adopted earlier.
      expect(body.versions.map((v) => v.version)).toEqual(['T.2', 'T.3', 'T.1']);
      expect((await versions()).current.version).toBe('T.3');

      const report = async (query: string) =>
        (
          await t.app.inject({ method: 'GET', url: `/api/v1/reports/promotion?${query}`, headers: t.admin })
        ).json<PromotionReport>();
      expect((await report(`period=${YEAR}`)).policy.version).toBe('T.3');
      expect((await report(`period=${YEAR}&policyVersion=T.2`)).policy).toMatchObject({
        version: 'T.2',
        note: { en: 'Second version' },
      });
      expect((await report(`period=${YEAR}&policyVersion=T.1`)).policy.version).toBe('T.1');
    });

    it('does not store the file again at the next start, nor move the current version back', async () => {
      const store = new PolicyStore(t.database.db);
      expect(await store.importFile(testPolicyYaml(), 'training-policy.yaml')).toEqual({ imported: [], differing: [] });
      expect((await store.get())?.info.version).toBe('T.3');
      expect((await versions()).versions).toHaveLength(3);
      // A file that edits a stored version in place is reported, and the stored rules stay.
      const edited = testPolicyYaml().replace('default: 2\n', 'default: 5\n');
      expect(await store.importFile(edited, 'training-policy.yaml')).toEqual({ imported: [], differing: ['T.2'] });
      expect((await store.get('T.2'))?.policy.creditHoursByRank.default).toBe(2);
    });

    it('refuses an API token on the policy routes', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/api-tokens',
        headers: t.admin,
        payload: { label: 'HR', scopes: ['reports:read', 'ledger:read'] },
      });
      const { token } = created.json<{ token: string }>();
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/policy',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(401);
      expect((await put(T3.replace('T.3', 'T.4'), { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    });
  });
}
