// Official results come only from the attempts table, on every database: statements a learner
// posts to the LRS (even "passed" with full marks, even under the ids the records layer would
// use) change nothing, and results are read by their owner, trainers and admins only.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepResponse } from '../../src/engine/responses.ts';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { accountAgent } from '../../src/records/actor.ts';
import { statementId, VERBS } from '../../src/records/statements.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { AttemptView } from './attempt-view.ts';
import { graderAgent } from './official-statements.ts';
import {
  assessmentLog,
  getAs,
  HOME_PAGE,
  putActions,
  startGradingApp,
  USERS,
  XAPI_CREDENTIAL,
} from './test-support/grading-test-app.ts';
import type { GradingTestApp } from './test-support/grading-test-app.ts';

const FAILING: StepResponse[] = [
  { type: 'inspect', found: { green: null } },
  { type: 'choice', selected: ['none'] },
  { type: 'classify', placements: { faq: 'important', grid: 'general' } },
  { type: 'sequence', order: ['publish', 'mask', 'assess'] },
  { type: 'dialogue', path: ['allow'] },
];

/** "passed, full marks" for the attempt, as a learner could post it, under the n-th records-layer id. */
function forgedPassed(attemptId: string, n: number): Record<string, unknown> {
  return {
    id: statementId(attemptId, n),
    actor: accountAgent(HOME_PAGE, USERS.learnerA),
    verb: VERBS.passed,
    object: { objectType: 'Activity', id: 'https://id.shixun.local/xapi/courses/mini' },
    result: { score: { scaled: 1, raw: 22, min: 0, max: 22 }, success: true, completion: true },
    context: { registration: attemptId, extensions: { 'https://id.shixun.local/xapi/extensions/mode': 'assessment' } },
  };
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`official results on ${variant.name}`, () => {
    let grading: GradingTestApp;
    beforeAll(async () => {
      grading = await startGradingApp(variant);
    });
    afterAll(async () => {
      await grading?.close();
    });

    function postForged(statements: readonly Record<string, unknown>[]) {
      const authorization = `Basic ${Buffer.from(`${XAPI_CREDENTIAL.key}:${XAPI_CREDENTIAL.secret}`).toString('base64')}`;
      return grading.app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: { 'content-type': 'application/json', 'x-experience-api-version': '2.0.0', authorization },
        payload: JSON.stringify(statements),
      });
    }

    it('ignores a forged "passed" statement: the official result and the results list stay as graded', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(FAILING, attemptId);
      expect((await putActions(grading.app, attemptId, log.slice(0, 6), { from: 0 })).statusCode).toBe(200);
      // Posted before the finish, under every id the records layer would give this attempt's statements.
      const forged = Array.from({ length: 80 }, (_, n) => forgedPassed(attemptId, n));
      const posted = await postForged(forged);
      expect(posted.statusCode, posted.body).toBe(200);

      const finished = await putActions(grading.app, attemptId, log.slice(6), { from: 6 });
      expect(finished.statusCode, finished.body).toBe(200);
      const official = finished.json<AttemptView>().official;
      expect(official).toMatchObject({ passed: false, max: 22 });
      expect(official!.scaled).toBeLessThan(0.7);

      const results = await getAs(grading.app, '/api/v1/results');
      const before = results.json<{ results: AttemptView[] }>().results.find((item) => item.attemptId === attemptId);
      expect(before?.official).toEqual(official);

      // And after the finish, once more with a fresh id.
      expect((await postForged([{ ...forgedPassed(attemptId, 0), id: randomUUID() }])).statusCode).toBe(200);
      expect((await getAs(grading.app, `/api/v1/attempts/${attemptId}`)).json<AttemptView>().official).toEqual(official);
      const after = (await getAs(grading.app, '/api/v1/results'))
        .json<{ results: AttemptView[] }>()
        .results.find((item) => item.attemptId === attemptId);
      expect(after).toEqual(before);

      // The LRS holds both, told apart by authority: the grader's "failed" and the learner's claims.
      const rows = await grading.database.db
        .selectFrom('xapi_statements')
        .select('statement')
        .where('registration', '=', attemptId)
        .execute();
      const statements = rows.map((row) => JSON.parse(row.statement) as { verb: { id: string }; authority: unknown });
      const byGrader = statements.filter(
        (statement) => JSON.stringify(statement.authority) === JSON.stringify(graderAgent(HOME_PAGE)),
      );
      expect(byGrader.some((statement) => statement.verb.id === VERBS.failed.id)).toBe(true);
      expect(byGrader.some((statement) => statement.verb.id === VERBS.passed.id)).toBe(false);
      expect(statements.length - byGrader.length).toBe(81);
    });

    it("lists results newest first: learners their own, trainers and admins anyone's", async () => {
      const first = randomUUID();
      const second = randomUUID();
      expect(
        (await putActions(grading.app, first, assessmentLog(MINI_PASSING, first), { from: 0, as: USERS.learnerB })).statusCode,
      ).toBe(200);
      expect(
        (await putActions(grading.app, second, assessmentLog(MINI_PASSING, second).slice(0, 3), { from: 0, as: USERS.learnerB }))
          .statusCode,
      ).toBe(200);

      const own = await getAs(grading.app, '/api/v1/results', USERS.learnerB);
      expect(own.statusCode).toBe(200);
      const results = own.json<{ results: AttemptView[] }>().results;
      expect(results.map((item) => item.attemptId)).toEqual([second, first]);
      expect(results.map((item) => item.status)).toEqual(['in-progress', 'finished']);
      expect(results[1]!.official).toMatchObject({ score: 22, passed: true });
      expect((await getAs(grading.app, '/api/v1/results?user=learner-b', USERS.learnerB)).json()).toEqual(own.json());

      const peek = await getAs(grading.app, '/api/v1/results?user=learner-b', USERS.learnerA);
      expect(peek.statusCode).toBe(403);
      expect(peek.json()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      for (const reader of [USERS.trainer, USERS.admin]) {
        const read = await getAs(grading.app, '/api/v1/results?user=learner-b', reader);
        expect(read.statusCode).toBe(200);
        expect(read.json()).toEqual(own.json());
      }
      expect((await getAs(grading.app, '/api/v1/results', USERS.trainer)).json()).toEqual({ results: [] });
      expect((await getAs(grading.app, '/api/v1/results', null)).statusCode).toBe(401);
    });
  });
}
