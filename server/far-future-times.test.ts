// Times at or after the year 10000 (UTC) cannot be written as xAPI timestamps. Every time the
// server accepts is refused there with 400 and the reason, never a 500: assessment action times
// and the timestamps and query bounds of the LRS, on every database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../src/engine/test-course.ts';
import { TEST_DATABASES } from './db/test-databases.ts';
import { assessmentLog, getAs, putActions, startGradingApp } from './grading/test-support/grading-test-app.ts';
import type { GradingTestApp } from './grading/test-support/grading-test-app.ts';
import { statement } from './xapi/test-support/statements.ts';
import { getStatements, postStatements, startXapiApp } from './xapi/test-support/xapi-test-app.ts';
import type { XapiTestApp } from './xapi/test-support/xapi-test-app.ts';

const YEAR_10000 = Date.UTC(10000, 0, 1);

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`times at or after the year 10000 on ${variant.name}`, () => {
    let grading: GradingTestApp;
    let lrs: XapiTestApp;
    beforeAll(async () => {
      grading = await startGradingApp(variant);
      lrs = await startXapiApp(variant);
    });
    afterAll(async () => {
      await grading?.close();
      await lrs?.close();
    });

    it('refuses an assessment action timed in the year 10000 with 400, and grades nothing', async () => {
      for (const [at, index] of [
        [YEAR_10000, 1],
        [YEAR_10000 + 86_400_000, 3],
        [8.64e15, -1],
      ] as const) {
        const attemptId = randomUUID();
        const log = assessmentLog(MINI_PASSING, attemptId);
        const changed = index < 0 ? log.length - 1 : index;
        const sent = log.map((action, i) => (i === changed ? { ...action, at } : action));
        const response = await putActions(grading.app, attemptId, sent, { from: 0 });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().message).toContain(`actions[${changed}].at: must be a time before the year 10000`);
        expect((await getAs(grading.app, `/api/v1/attempts/${attemptId}`)).statusCode).toBe(404);
      }
    });

    it('still accepts an action in the last millisecond of the year 9999', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const last = log.map((action, index) => (index === log.length - 1 ? { ...action, at: YEAR_10000 - 1 } : action));
      const response = await putActions(grading.app, attemptId, last, { from: 0 });
      expect(response.statusCode, response.body).toBe(200);
    });

    it('refuses a statement whose timestamp falls in the year 10000 once its offset is applied', async () => {
      for (const timestamp of ['9999-12-31T23:59:59-10:00', '9999-12-31T20:00:00.000-04:00']) {
        const response = await postStatements(lrs.app, statement({ timestamp }));
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().message).toMatch(/timestamp.*before the year 10000/);
      }
      expect((await postStatements(lrs.app, statement({ timestamp: '9999-12-31T23:59:59.999Z' }))).statusCode).toBe(200);
    });

    it('refuses since and until in the year 10000 with 400', async () => {
      for (const name of ['since', 'until']) {
        const response = await getStatements(lrs.app, { [name]: '9999-12-31T23:30:00-01:00' });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().message).toMatch(/before the year 10000/);
      }
    });
  });
}
