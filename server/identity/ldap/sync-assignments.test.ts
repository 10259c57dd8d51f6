// A result keeps the department and rank in force when it was made, against a real slapd on both
// databases: a learner passes an assessment, the directory then transfers and promotes them, and
// the next sync changes the account, records the change in the history with the directory as its
// source, and leaves the result (its row and its ledger entry) as it was.
import { randomUUID } from 'node:crypto';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../../src/engine/test-course.ts';
import type { AttemptView } from '../../../src/contracts/attempt-view.ts';
import { assignmentHistory } from '../../accounts/assignments.ts';
import { login, sessionCookie } from '../../accounts/test-support/accounts-test-app.ts';
import { TEST_DATABASES } from '../../db/test-databases.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { assessmentLog } from '../../grading/test-support/grading-test-app.ts';
import { openLdapSettings, startLdapTestServer } from './test-support/ldap-test-server.ts';
import type { LdapTestServer } from './test-support/ldap-test-server.ts';
import { PASSWORDS, PEOPLE_DN, slapdAvailable, startTestDirectory } from './test-support/slapd.ts';
import type { TestDirectory } from './test-support/slapd.ts';

const withSlapd = slapdAvailable();

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available || !withSlapd)(`a directory transfer after a result on ${variant.name}`, () => {
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
      await directory?.stop();
    });

    it('the sync moves the account; the earlier result keeps Policy Research and 副主任科员', async () => {
      const signedIn = await login(server.app, 'test.mover', PASSWORDS['test.mover']);
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      const headers = { cookie: sessionCookie(signedIn), 'x-shixun-csrf': '1' };
      const attemptId = randomUUID();
      const graded = await server.app.inject({
        method: 'PUT',
        url: `/api/v1/attempts/${attemptId}/actions`,
        headers,
        payload: { courseId: 'mini', courseVersion: '1.0.0', from: 0, actions: assessmentLog(MINI_PASSING, attemptId) },
      });
      expect(graded.statusCode, graded.body).toBe(200);
      expect(graded.json<AttemptView>().official?.passed).toBe(true);

      const client = await directory.admin();
      try {
        const from = `uid=test.mover,ou=Policy Research,${PEOPLE_DN}`;
        await client.modifyDN(from, `uid=test.mover,ou=Data Office,${PEOPLE_DN}`);
        await client.modify(`uid=test.mover,ou=Data Office,${PEOPLE_DN}`, [
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'departmentNumber', values: ['Data Office'] }),
          }),
          new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['主任科员'] }) }),
        ]);
      } finally {
        await client.unbind();
      }
      expect(await server.sync()).toMatchObject({ updated: 1, disabled: 0 });

      const account = await database.db
        .selectFrom('users')
        .select(['id', 'department', 'rank'])
        .where('username', '=', 'T-0006')
        .executeTakeFirstOrThrow();
      expect(account).toMatchObject({ department: 'Data Office', rank: '主任科员' });
      const history = await assignmentHistory(database.db, account.id);
      expect(history.map(({ department, rank, source, actor }) => ({ department, rank, source, actor }))).toEqual([
        { department: 'Policy Research', rank: '副主任科员', source: 'initial', actor: null },
        { department: 'Data Office', rank: '主任科员', source: 'ldap', actor: 'ldap:test-directory' },
      ]);

      const result = await database.db
        .selectFrom('attempt_results')
        .select(['department', 'rank'])
        .where('attempt_id', '=', attemptId)
        .executeTakeFirstOrThrow();
      expect(result).toEqual({ department: 'Policy Research', rank: '副主任科员' });
      const entry = await database.db
        .selectFrom('ledger_entries')
        .select('payload')
        .where('attempt_id', '=', attemptId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.payload)).toMatchObject({ department: 'Policy Research', rank: '副主任科员' });
    });
  });
}
