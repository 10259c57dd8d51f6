// Assessment attempts sent as action logs, on every database: batches graded like the engine
// grades them locally, idempotent retries, frozen responses, gaps, refusals and access.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayAttempt } from '../../src/engine/attempt-reducer.ts';
import { summarizeAttempt } from '../../src/engine/attempt-summary.ts';
import { deriveEvents } from '../../src/engine/learning-events.ts';
import type { StepResponse } from '../../src/engine/responses.ts';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { statementsForEvents } from '../../src/records/statements.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { AttemptView } from './attempt-view.ts';
import { graderAgent } from './official-statements.ts';
import {
  assessmentLog,
  buildGradingApp,
  getAs,
  HOME_PAGE,
  miniCourse,
  miniCoursesDir,
  putActions,
  startGradingApp,
  statementCount,
  USERS,
} from './test-support/grading-test-app.ts';
import type { GradingTestApp } from './test-support/grading-test-app.ts';

const course = miniCourse();
const WEAK: StepResponse[] = [
  { type: 'inspect', found: { screen: 'off' } },
  { type: 'choice', selected: ['none'] },
  { type: 'classify', placements: { faq: 'general', grid: 'general' } },
  { type: 'sequence', order: ['mask', 'assess', 'publish'] },
  { type: 'dialogue', path: ['allow'] },
];

/** Statements the records layer makes for a whole log: what the server must have stored. */
function expectedStatementCount(log: ReturnType<typeof assessmentLog>): number {
  const actor = { objectType: 'Agent' as const, account: { homePage: HOME_PAGE, name: 'x' } };
  return statementsForEvents({ course, actor, mode: 'assessment', locale: 'zh-CN' }, deriveEvents(course, log)).length;
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`assessment attempts on ${variant.name}`, () => {
    let grading: GradingTestApp;
    beforeAll(async () => {
      grading = await startGradingApp(variant, { limits: { maxActions: 40 } });
    });
    afterAll(async () => {
      await grading?.close();
    });

    /** Sends `log` from action `bounds[0]` in batches that end at each later bound; returns the last view. */
    async function sendInBatches(
      attemptId: string,
      log: ReturnType<typeof assessmentLog>,
      bounds: readonly number[],
    ): Promise<AttemptView> {
      let view: AttemptView | undefined;
      for (let index = 0; index + 1 < bounds.length; index += 1) {
        const res = await putActions(grading.app, attemptId, log.slice(bounds[index], bounds[index + 1]), {
          from: bounds[index]!,
        });
        expect(res.statusCode, res.body).toBe(200);
        view = res.json<AttemptView>();
        expect(view.received).toBe(bounds[index + 1]);
      }
      if (view === undefined) throw new Error('no batch sent');
      return view;
    }

    it('grades an assessment sent in batches exactly as the engine does locally, and writes the official statements', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const local = summarizeAttempt(course, replayAttempt(course, log));
      const mid = await putActions(grading.app, attemptId, log.slice(0, 5), { from: 0 });
      expect(mid.statusCode).toBe(200);
      expect(mid.json<AttemptView>()).toMatchObject({
        status: 'in-progress',
        official: null,
        received: 5,
        username: 'learner-a',
        mode: 'assessment',
      });
      // The first step is graded by now, but an assessment says nothing of it until the end.
      expect(mid.json<AttemptView>().steps).toEqual([]);
      expect(await statementCount(grading.database, attemptId)).toBe(0);

      expect(log.length).toBe(16);
      const view = await sendInBatches(attemptId, log, [5, 11, 16]);
      expect(view.status).toBe('finished');
      expect(view.official).toMatchObject({
        score: local.score,
        max: local.max,
        scaled: local.scaled,
        passed: local.passed,
        scenes: local.scenes.map((scene) => ({ sceneId: scene.sceneId, score: scene.score, max: scene.max })),
        dimensions: local.dimensions.map((dimension) => ({
          dimensionId: dimension.dimensionId,
          score: dimension.score,
          max: dimension.max,
        })),
      });
      expect(view.official?.score).toBe(22);
      expect(Date.parse(view.official?.finishedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
      expect(view.steps.map((step) => step.stepId)).toEqual(['hunt', 'why', 'grade', 'order', 'talk']);

      expect(await statementCount(grading.database, attemptId)).toBe(expectedStatementCount(log));
      const rows = await grading.database.db
        .selectFrom('xapi_statements')
        .select('statement')
        .where('registration', '=', attemptId)
        .execute();
      const statements = rows.map((row) => JSON.parse(row.statement) as Record<string, unknown>);
      for (const statement of statements) {
        expect(statement.authority).toEqual(graderAgent(HOME_PAGE));
        expect(statement.actor).toEqual({
          objectType: 'Agent',
          name: USERS.learnerA.name,
          account: { homePage: HOME_PAGE, name: 'learner-a' },
        });
        expect(statement.version).toBe('2.0.0');
      }
      const passed = statements.find(
        (statement) => (statement.verb as { id: string }).id === 'http://adlnet.gov/expapi/verbs/passed',
      );
      expect(passed?.result).toMatchObject({ success: true, score: { raw: 22, max: 22, scaled: 1 } });

      const read = await getAs(grading.app, `/api/v1/attempts/${attemptId}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(view);
    });

    it('answers a retried batch with the same view and stores its statements once', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const first = await putActions(grading.app, attemptId, log.slice(0, 8), { from: 0 });
      expect(first.statusCode).toBe(200);
      // Statements carry results: none is written before the attempt ends.
      expect(await statementCount(grading.database, attemptId)).toBe(0);
      for (const [from, to] of [
        [0, 8],
        [3, 8],
        [7, 8],
      ] as const) {
        const retry = await putActions(grading.app, attemptId, log.slice(from, to), { from });
        expect(retry.statusCode).toBe(200);
        expect(retry.json()).toEqual(first.json());
      }
      // A retry that overlaps and adds more keeps only the new part.
      const more = await putActions(grading.app, attemptId, log.slice(6, 12), { from: 6 });
      expect(more.statusCode).toBe(200);
      expect(more.json<AttemptView>().received).toBe(12);
      expect(await statementCount(grading.database, attemptId)).toBe(0);
      // The finish writes every statement of the attempt, and a retry of it none twice.
      const end = await putActions(grading.app, attemptId, log.slice(10), { from: 10 });
      expect(end.json<AttemptView>().status).toBe('finished');
      expect(await statementCount(grading.database, attemptId)).toBe(expectedStatementCount(log));
      const again = await putActions(grading.app, attemptId, log.slice(10), { from: 10 });
      expect(again.json()).toEqual(end.json());
      expect(await statementCount(grading.database, attemptId)).toBe(expectedStatementCount(log));
    });

    it('refuses a changed response after it was sent (409) and keeps the official result', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(WEAK, attemptId);
      const done = await putActions(grading.app, attemptId, log, { from: 0 });
      expect(done.statusCode).toBe(200);
      const official = done.json<AttemptView>().official;
      expect(official?.passed).toBe(false);
      const better = assessmentLog(MINI_PASSING, attemptId);
      // Same length and timing, only the responses differ: resend the choice step's respond/submit.
      const res = await putActions(grading.app, attemptId, better.slice(4, 7), { from: 4 });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ statusCode: 409, error: 'Conflict', received: log.length });
      expect(res.json<{ message: string }>().message).toMatch(/already recorded.*responses cannot change after they are sent/);
      const read = await getAs(grading.app, `/api/v1/attempts/${attemptId}`);
      expect(read.json<AttemptView>().official).toEqual(official);
    });

    it('answers a gap with 409 and the count it holds, then accepts the resend from there', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const none = await putActions(grading.app, attemptId, log.slice(3, 6), { from: 3 });
      expect(none.statusCode).toBe(409);
      expect(none.json()).toMatchObject({ received: 0 });
      expect((await putActions(grading.app, attemptId, log.slice(0, 4), { from: 0 })).statusCode).toBe(200);
      const gap = await putActions(grading.app, attemptId, log.slice(6, 9), { from: 6 });
      expect(gap.statusCode).toBe(409);
      expect(gap.json()).toMatchObject({ statusCode: 409, received: 4 });
      expect(gap.json<{ message: string }>().message).toMatch(/resend from action 4/);
      const resend = await putActions(grading.app, attemptId, log.slice(4, 9), { from: 4 });
      expect(resend.statusCode).toBe(200);
      expect(resend.json<AttemptView>().received).toBe(9);
    });

    it('refuses actions the engine refuses with 422 and records nothing of the batch', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      expect((await putActions(grading.app, attemptId, log.slice(0, 1), { from: 0 })).statusCode).toBe(200);
      const early = await putActions(grading.app, attemptId, [{ kind: 'advance', at: 1 }], { from: 1 });
      expect(early.statusCode).toBe(422);
      expect(early.json<{ message: string }>().message).toMatch(/Action 1 \(advance\).*submit the current step before moving on/);
      const unknown = await putActions(
        grading.app,
        attemptId,
        [log[1], { kind: 'respond', at: 2, response: { type: 'inspect', found: { ghost: null } } }],
        { from: 1 },
      );
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json<{ message: string }>().message).toMatch(/Action 2 \(respond \(inspect\)\).*ghost/);
      const wrongType = await putActions(
        grading.app,
        attemptId,
        [{ kind: 'respond', at: 2, response: { type: 'choice', selected: ['dsl'] } }],
        { from: 1 },
      );
      expect(wrongType.statusCode).toBe(422);
      const read = await getAs(grading.app, `/api/v1/attempts/${attemptId}`);
      expect(read.json<AttemptView>().received).toBe(1);
      // After the finish, nothing more fits.
      expect((await putActions(grading.app, attemptId, log.slice(1), { from: 1 })).statusCode).toBe(200);
      const after = await putActions(grading.app, attemptId, [{ kind: 'advance', at: 9e12 }], { from: log.length });
      expect(after.statusCode).toBe(422);
      expect(after.json<{ message: string }>().message).toMatch(/not in progress/);
    });

    it('refuses malformed bodies and actions with 400 naming the field', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const cases: Array<[unknown[], RegExp]> = [
        [[{ kind: 'jump', at: 1 }], /actions\[0\]\.kind/],
        [[{ ...log[0], at: 'yesterday' }], /actions\[0\]\.at/],
        [[log[0], { kind: 'respond', at: 2, response: { type: 'choice', selected: 'dsl' } }], /actions\[1\]\.response\.selected/],
        [[log[0], { kind: 'submit', at: 2, extra: true }], /actions\[1\]/],
        [[], /actions/],
      ];
      for (const [actions, pattern] of cases) {
        const res = await putActions(grading.app, attemptId, actions, { from: 0 });
        expect(res.statusCode, JSON.stringify(actions)).toBe(400);
        expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(res.json<{ message: string }>().message).toMatch(pattern);
      }
      const notUuid = await putActions(grading.app, 'attempt-1', log.slice(0, 1), { from: 0 });
      expect(notUuid.statusCode).toBe(400);
      expect(notUuid.json<{ message: string }>().message).toMatch(/not an attempt id/);
      const otherId = await putActions(grading.app, randomUUID(), log.slice(0, 1), { from: 0 });
      expect(otherId.statusCode).toBe(400);
      expect(otherId.json<{ message: string }>().message).toMatch(/differs from the attempt/);
      const noStart = await putActions(grading.app, attemptId, log.slice(1, 3), { from: 0 });
      expect(noStart.statusCode).toBe(400);
      const notJson = await grading.app.inject({
        method: 'PUT',
        url: `/api/v1/attempts/${attemptId}/actions`,
        headers: { 'content-type': 'application/json', 'x-test-user': 'learner-a' },
        payload: '{"from": ',
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect((await getAs(grading.app, `/api/v1/attempts/${attemptId}`)).statusCode).toBe(404);
    });

    it('refuses practice attempts with 400: practice is graded in the browser', async () => {
      const attemptId = randomUUID();
      const [start, ...rest] = assessmentLog(MINI_PASSING, attemptId);
      const res = await putActions(grading.app, attemptId, [{ ...start, mode: 'practice' }, ...rest.slice(0, 2)], { from: 0 });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/Practice attempts are not graded by the server/);
    });

    it('refuses an attempt on another version of the course with 409, and an unknown course with 404', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId).map((action) =>
        action.kind === 'start' ? { ...action, courseVersion: '0.9.0' } : action,
      );
      const res = await putActions(grading.app, attemptId, log.slice(0, 3), { from: 0, courseVersion: '0.9.0' });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ message: string }>().message).toMatch(
        /was updated.*version 1\.0\.0.*version 0\.9\.0.*cannot be graded on a different version/,
      );
      const unknown = await putActions(grading.app, attemptId, log.slice(0, 3), { from: 0, courseId: 'nope' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json<{ message: string }>().message).toMatch(/Known courses: mini/);
    });

    it('refuses an attempt begun before the course was updated, once the server grades the new version', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      expect((await putActions(grading.app, attemptId, log.slice(0, 4), { from: 0 })).statusCode).toBe(200);
      const updated = miniCoursesDir('1.1.0');
      const restarted = await buildGradingApp(grading.database, { coursesDir: updated.dir });
      try {
        const res = await putActions(restarted, attemptId, log.slice(4), { from: 4 });
        expect(res.statusCode).toBe(409);
        expect(res.json<{ message: string }>().message).toMatch(/was updated: this server grades version 1\.1\.0/);
        // What was graded stays readable.
        expect((await getAs(restarted, `/api/v1/attempts/${attemptId}`)).json<AttemptView>()).toMatchObject({
          received: 4,
          courseVersion: '1.0.0',
        });
      } finally {
        await restarted.close();
        updated.remove();
      }
    });

    it('caps an attempt at maxActions and a body at its byte limit', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const drafts = Array.from({ length: 40 }, (_, index) => ({
        kind: 'respond',
        at: 1e12 + index,
        response: { type: 'inspect', found: {} },
      }));
      const res = await putActions(grading.app, attemptId, [log[0], ...drafts], { from: 0 });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ message: string }>().message).toMatch(/at most 40 actions/);
      const huge = await putActions(grading.app, attemptId, [{ ...log[0], courseId: 'x'.repeat(300 * 1024) }], { from: 0 });
      expect(huge.statusCode).toBe(413);
      expect(huge.json<{ message: string }>().message).toMatch(/smaller batches/);
    });

    it('needs a signed-in user (401) and keeps attempts to their owner (403), trainers and admins', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const anonymous = await putActions(grading.app, attemptId, log.slice(0, 3), { from: 0, as: null });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect((await putActions(grading.app, attemptId, log.slice(0, 3), { from: 0 })).statusCode).toBe(200);
      const intruder = await putActions(grading.app, attemptId, log.slice(0, 5), { from: 0, as: USERS.learnerB });
      expect(intruder.statusCode).toBe(403);
      expect((await getAs(grading.app, `/api/v1/attempts/${attemptId}`, USERS.learnerB)).statusCode).toBe(403);
      expect((await getAs(grading.app, `/api/v1/attempts/${attemptId}`, null)).statusCode).toBe(401);
      for (const reader of [USERS.learnerA, USERS.trainer, USERS.admin]) {
        const read = await getAs(grading.app, `/api/v1/attempts/${attemptId}`, reader);
        expect(read.statusCode).toBe(200);
        expect(read.json<AttemptView>().received).toBe(3);
      }
    });
  });
}
