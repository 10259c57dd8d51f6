// Concurrent batches for one attempt, on every database: the log never interleaves or loses an
// action, a batch raced by a different one is refused whole, and statements are stored once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayAttempt } from '../../src/engine/attempt-reducer.ts';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { AttemptView } from './attempt-view.ts';
import {
  assessmentLog,
  getAs,
  miniCourse,
  putActions,
  startGradingApp,
  statementCount,
} from './test-support/grading-test-app.ts';
import type { GradingTestApp } from './test-support/grading-test-app.ts';

const RACERS = 8;

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`concurrent batches on ${variant.name}`, () => {
    let grading: GradingTestApp;
    beforeAll(async () => {
      grading = await startGradingApp(variant);
    });
    afterAll(async () => {
      await grading?.close();
    });

    async function storedLog(attemptId: string): Promise<unknown[]> {
      const row = await grading.database.db
        .selectFrom('attempts')
        .select(['log', 'received'])
        .where('attempt_id', '=', attemptId)
        .executeTakeFirstOrThrow();
      const log = JSON.parse(row.log) as unknown[];
      expect(Number(row.received)).toBe(log.length);
      return log;
    }

    it('accepts the same new attempt sent many times at once, and creates it and its statements once', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const answers = await Promise.all(
        Array.from({ length: RACERS }, () => putActions(grading.app, attemptId, log.slice(0, 7), { from: 0 })),
      );
      expect(answers.map((res) => res.statusCode)).toEqual(Array.from({ length: RACERS }, () => 200));
      expect(new Set(answers.map((res) => res.body)).size).toBe(1);
      expect(await storedLog(attemptId)).toEqual(log.slice(0, 7));
      const count = await statementCount(grading.database, attemptId);
      expect((await putActions(grading.app, attemptId, log.slice(0, 7), { from: 0 })).statusCode).toBe(200);
      expect(await statementCount(grading.database, attemptId)).toBe(count);
    });

    it('lets exactly one of several different batches at the same place win; the rest get 409', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      expect((await putActions(grading.app, attemptId, log.slice(0, 4), { from: 0 })).statusCode).toBe(200);
      // Racers answer the choice step differently (and at different times): only one can be the record.
      const options = [['dsl'], ['none']];
      const batches = Array.from({ length: RACERS }, (_, index) => [
        { kind: 'respond', at: 2e12 + index, response: { type: 'choice', selected: options[index % options.length] } },
        { kind: 'submit', at: 2e12 + 100 + index },
      ]);
      const answers = await Promise.all(batches.map((batch) => putActions(grading.app, attemptId, batch, { from: 4 })));
      const codes = answers.map((res) => res.statusCode);
      expect(codes.filter((code) => code === 200)).toHaveLength(1);
      expect(codes.filter((code) => code === 409)).toHaveLength(RACERS - 1);
      for (const res of answers.filter((item) => item.statusCode === 409)) expect(res.json()).toMatchObject({ received: 6 });
      const winner = batches[codes.indexOf(200)]!;
      const held = await storedLog(attemptId);
      expect(held).toEqual([...log.slice(0, 4), ...winner]);
      // The log the server holds replays, and the view agrees with it.
      const state = replayAttempt(miniCourse(), held as typeof log);
      // The grading the server keeps (the learner is shown none of it until the attempt ends).
      const row = await grading.database.db
        .selectFrom('attempts')
        .select('result')
        .where('attempt_id', '=', attemptId)
        .executeTakeFirstOrThrow();
      const kept = JSON.parse(row.result) as { steps: AttemptView['steps'] };
      expect(kept.steps.map((step) => step.result.score)).toEqual(state.records.map((record) => record.result.score));
      const view = (await getAs(grading.app, `/api/v1/attempts/${attemptId}`)).json<AttemptView>();
      expect(view.steps).toEqual([]);
    });

    it('keeps a whole attempt consistent when every batch is sent twice at once', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const bounds = [0, 3, 6, 10, 13, log.length];
      for (let index = 0; index + 1 < bounds.length; index += 1) {
        const batch = log.slice(bounds[index], bounds[index + 1]);
        const answers = await Promise.all(
          [0, 1, 2].map(() => putActions(grading.app, attemptId, batch, { from: bounds[index]! })),
        );
        expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 200]);
      }
      expect(await storedLog(attemptId)).toEqual(log);
      const view = (await getAs(grading.app, `/api/v1/attempts/${attemptId}`)).json<AttemptView>();
      expect(view.official?.score).toBe(22);
      const ids = await grading.database.db
        .selectFrom('xapi_statements')
        .select('id')
        .where('registration', '=', attemptId)
        .execute();
      expect(new Set(ids.map((row) => row.id)).size).toBe(ids.length);
    });
  });
}
