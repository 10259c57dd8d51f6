// The race on the assessment caps, performed on every database: one learner sends 20 starts of new
// attempts at once. The starts per period and the attempts open at once are checked and then
// inserted; exactly the cap is created and every other start is refused with its reason.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { ROOMY_POLICY, USERS, assessmentLog, putActions, startGradingApp } from './test-support/grading-test-app.ts';
import type { GradingTestApp } from './test-support/grading-test-app.ts';

const RACERS = 20;

/** RACERS new attempts of the mini course started at once by `as`. */
function startAtOnce(grading: GradingTestApp, as = USERS.learnerA): Promise<LightMyRequestResponse[]> {
  return Promise.all(
    Array.from({ length: RACERS }, () => {
      const attemptId = randomUUID();
      return putActions(grading.app, attemptId, assessmentLog(MINI_PASSING, attemptId).slice(0, 3), { from: 0, as });
    }),
  );
}

async function attemptsHeld(grading: GradingTestApp, userId: string): Promise<number> {
  const rows = await grading.database.db.selectFrom('attempts').select('attempt_id').where('user_id', '=', userId).execute();
  return rows.length;
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`concurrent assessment starts on ${variant.name}`, () => {
    describe('starts per period', () => {
      let grading: GradingTestApp;
      beforeAll(async () => {
        grading = await startGradingApp(variant, {
          policy: { ...ROOMY_POLICY, assessmentAttempts: { max: 3, periodDays: 30 } },
        });
      });
      afterAll(async () => {
        await grading?.close();
      });

      it('creates exactly the allowed starts of 20 sent at once; the rest get 403 with the reason', async () => {
        const answers = await startAtOnce(grading);
        const codes = answers.map((res) => res.statusCode);
        expect(codes.filter((code) => code === 200)).toHaveLength(3);
        expect(codes.filter((code) => code === 403)).toHaveLength(RACERS - 3);
        for (const res of answers.filter((item) => item.statusCode === 403)) {
          expect(res.json()).toMatchObject({ reason: 'attempt-limit', max: 3, used: 3 });
          expect(res.json<{ message: string }>().message).toMatch(/the most allowed \(3\)/);
        }
        expect(await attemptsHeld(grading, USERS.learnerA.id)).toBe(3);
      });
    });

    describe('attempts open at once', () => {
      let grading: GradingTestApp;
      beforeAll(async () => {
        grading = await startGradingApp(variant, { policy: { ...ROOMY_POLICY, maxOpenAttempts: 2 } });
      });
      afterAll(async () => {
        await grading?.close();
      });

      it('opens exactly the allowed attempts of 20 sent at once; the rest get 409 with the reason', async () => {
        const answers = await startAtOnce(grading);
        const codes = answers.map((res) => res.statusCode);
        expect(codes.filter((code) => code === 200)).toHaveLength(2);
        expect(codes.filter((code) => code === 409)).toHaveLength(RACERS - 2);
        for (const res of answers.filter((item) => item.statusCode === 409)) {
          expect(res.json()).toMatchObject({ reason: 'open-attempts', max: 2 });
          expect(res.json<{ open: string[] }>().open).toHaveLength(2);
        }
        expect(await attemptsHeld(grading, USERS.learnerA.id)).toBe(2);
        // Another learner's starts are not held by this learner's: their own cap applies.
        const theirs = await startAtOnce(grading, USERS.learnerB);
        expect(theirs.filter((res) => res.statusCode === 200)).toHaveLength(2);
        expect(await attemptsHeld(grading, USERS.learnerB.id)).toBe(2);
      });
    });
  });
}
