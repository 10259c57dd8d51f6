// Attempt tickets, on every database: the server issues the id of a learner's next assessment
// attempt, and an attempt of a course with drawn steps starts only with it. The attacks: a client
// that picks its own ids until the draw suits it, asking for tickets until one draws well, and
// starting with another learner's ticket.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptTicket } from '../../src/contracts/attempt-view.ts';
import { courseMaxPoints } from '../../src/course/max-score.ts';
import type { Course } from '../../src/course/schema.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { createAttemptStore } from '../../src/engine/attempt-store.ts';
import { drawCourse, drawsOf } from '../../src/engine/draw.ts';
import type { StepResponse } from '../../src/engine/responses.ts';
import { loadDrawnMiniCourse, loadMiniCourse, MINI_PASSING, playResponses } from '../../src/engine/test-course.ts';
import { TEST_DATABASES, type TestDatabase } from '../db/test-databases.ts';
import type { AttemptView } from './attempt-view.ts';
import {
  askTicket,
  buildGradingApp,
  getAs,
  putActions,
  statementCount,
  ticketId,
  USERS,
} from './test-support/grading-test-app.ts';

const course = loadDrawnMiniCourse();
/** The mini course as written, without versions to draw, under another id. */
const plain: Course = { ...loadMiniCourse(), id: 'plain' };

/** Full marks on the course as `attemptId` draws it. */
function bestResponses(attemptId: string): StepResponse[] {
  const steps = drawCourse(course, attemptId).scenes.flatMap((scene) => scene.steps);
  return MINI_PASSING.map((response, i) => {
    const step = steps[i]!;
    if (step.type === 'choice') return { type: 'choice', selected: [step.options.find((o) => o.points === 2)!.id] };
    if (step.type === 'classify')
      return { type: 'classify', placements: Object.fromEntries(step.items.map((item) => [item.id, item.bin])) };
    return response;
  });
}

/** The log of playing `responses` on the drawn course as `attemptId` draws it, from `startMs`. */
function drawnLog(attemptId: string, responses: readonly StepResponse[], startMs = Date.UTC(2026, 4, 6, 1)): AttemptAction[] {
  let now = startMs;
  const store = createAttemptStore({ course: drawCourse(course, attemptId), now: () => (now += 5_000), newId: () => attemptId });
  store.getState().actions.start('assessment');
  playResponses(store, responses);
  return [...store.getState().log];
}

/** The log of full marks on the course without drawn steps. */
function plainLog(attemptId: string): AttemptAction[] {
  let now = Date.UTC(2026, 4, 6, 1);
  const store = createAttemptStore({ course: plain, now: () => (now += 5_000), newId: () => attemptId });
  store.getState().actions.start('assessment');
  playResponses(store, MINI_PASSING);
  return [...store.getState().log];
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`attempt tickets on ${variant.name}`, () => {
    let app: FastifyInstance;
    let database: TestDatabase;
    let dir: string;
    let serverNow = Date.UTC(2026, 4, 6, 2);

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'shixun-tickets-'));
      for (const written of [course, plain]) {
        mkdirSync(path.join(dir, written.id));
        // JSON is YAML: the course file as the loader reads it.
        writeFileSync(path.join(dir, written.id, 'course.yaml'), JSON.stringify(written));
      }
      database = await variant.open();
      app = await buildGradingApp(database, { coursesDir: dir, now: () => serverNow });
    });
    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const attemptRows = async (attemptId: string) =>
      (await database.db.selectFrom('attempts').select('attempt_id').where('attempt_id', '=', attemptId).execute()).length;

    it('answers the same ticket however often it is asked, until an attempt starts with it', async () => {
      const asked: AttemptTicket[] = [];
      for (let n = 0; n < 8; n++) {
        const res = await askTicket(app, 'mini', USERS.learnerA);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['cache-control']).toBe('no-store');
        asked.push(res.json<AttemptTicket>());
        serverNow += 1_000;
      }
      const first = asked[0]!;
      expect(first).toMatchObject({ courseId: 'mini', version: course.version, required: true });
      expect(first.attemptId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      // No re-roll: the same id, issued at the same time.
      expect(new Set(asked.map((ticket) => JSON.stringify(ticket))).size).toBe(1);
      // Each learner has their own.
      expect(await ticketId(app, 'mini', USERS.learnerB)).not.toBe(first.attemptId);

      const started = await putActions(app, first.attemptId, drawnLog(first.attemptId, []), { from: 0 });
      expect(started.statusCode, started.body).toBe(200);
      // Spent: the next ask issues the next attempt's ticket.
      const next = await ticketId(app, 'mini', USERS.learnerA);
      expect(next).not.toBe(first.attemptId);
      expect(await ticketId(app, 'mini', USERS.learnerA)).toBe(next);
    });

    it('refuses an attempt id the learner chose for a course with drawn steps, and records nothing', async () => {
      const outstanding = await ticketId(app);
      // The attack: trying ids until one draws the version the learner practised.
      for (let n = 0; n < 5; n++) {
        const chosen = randomUUID();
        const res = await putActions(app, chosen, drawnLog(chosen, bestResponses(chosen)), { from: 0 });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ reason: 'attempt-ticket' });
        expect(res.json<{ message: string }>().message).toMatch(
          /This attempt id was not issued by the server for you: "mini" has steps drawn per attempt.*POST \/api\/v1\/courses\/mini\/attempt-ticket/,
        );
        expect(await attemptRows(chosen)).toBe(0);
        expect(await statementCount(database, chosen)).toBe(0);
        expect((await getAs(app, `/api/v1/attempts/${chosen}`)).statusCode).toBe(404);
      }
      // The refusals spent nothing: the ticket still stands, and starts the attempt.
      expect(await ticketId(app)).toBe(outstanding);
      const res = await putActions(app, outstanding, drawnLog(outstanding, bestResponses(outstanding)), { from: 0 });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<AttemptView>().official).toMatchObject({ score: courseMaxPoints(course), passed: true });
    });

    it("refuses an attempt started with another learner's ticket", async () => {
      const theirs = await ticketId(app, 'mini', USERS.learnerB);
      const stolen = await putActions(app, theirs, drawnLog(theirs, bestResponses(theirs)), { from: 0, as: USERS.learnerA });
      expect(stolen.statusCode).toBe(403);
      expect(stolen.json<{ message: string }>().message).toMatch(/issued by the server to another learner/);
      expect(await attemptRows(theirs)).toBe(0);
      // On a course without drawn steps as well: another learner's ticket is never anyone else's id.
      const theirsPlain = await ticketId(app, 'plain', USERS.learnerB);
      const onPlain = await putActions(app, theirsPlain, plainLog(theirsPlain), {
        from: 0,
        as: USERS.learnerA,
        courseId: 'plain',
      });
      expect(onPlain.statusCode).toBe(403);
      expect(await attemptRows(theirsPlain)).toBe(0);
      // The owner still starts with it.
      const own = await putActions(app, theirs, drawnLog(theirs, []), { from: 0, as: USERS.learnerB });
      expect(own.statusCode, own.body).toBe(200);
    });

    it("refuses a ticket of one course for another course's attempt", async () => {
      const forPlain = await ticketId(app, 'plain', USERS.learnerB);
      const res = await putActions(app, forPlain, drawnLog(forPlain, []), { from: 0, as: USERS.learnerB });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ message: string }>().message).toMatch(/issued for an attempt of "plain", not "mini"/);
      expect(await attemptRows(forPlain)).toBe(0);
    });

    it('does not start a second attempt with a used ticket', async () => {
      const attemptId = await ticketId(app, 'mini', USERS.learnerB);
      const first = await putActions(app, attemptId, drawnLog(attemptId, []), { from: 0, as: USERS.learnerB });
      expect(first.statusCode, first.body).toBe(200);
      // Another start under the same id (another device that held the same ticket): the attempt exists.
      const again = drawnLog(attemptId, bestResponses(attemptId), Date.UTC(2026, 4, 6, 1, 30));
      const second = await putActions(app, attemptId, again, { from: 0, as: USERS.learnerB });
      expect(second.statusCode).toBe(409);
      expect(second.json<{ message: string }>().message).toMatch(
        /Action 0 of attempt .* is already recorded with different content/,
      );
      const held = (await getAs(app, `/api/v1/attempts/${attemptId}`, USERS.learnerB)).json<AttemptView>();
      expect(held.received).toBe(1);
    });

    it('grades an attempt played offline with a ticket fetched before, when it arrives later, on the ticket’s draw', async () => {
      const attemptId = await ticketId(app, 'mini', USERS.learnerExtra);
      const playedAt = serverNow + 60_000;
      // Played offline an hour later and sent in one batch another hour after that.
      const log = drawnLog(attemptId, bestResponses(attemptId), playedAt);
      serverNow += 2 * 3_600_000;
      const res = await putActions(app, attemptId, log, { from: 0, as: USERS.learnerExtra });
      expect(res.statusCode, res.body).toBe(200);
      const view = res.json<AttemptView>();
      expect(view.status).toBe('finished');
      expect(view.official).toMatchObject({ score: courseMaxPoints(course), passed: true });
      const row = await database.db
        .selectFrom('attempts')
        .select('result')
        .where('attempt_id', '=', attemptId)
        .executeTakeFirstOrThrow();
      expect((JSON.parse(row.result) as { draws: unknown }).draws).toEqual(drawsOf(course, attemptId));
    });

    it('lets courses without drawn steps start with an id the browser chose, and spends a ticket used there', async () => {
      const ticket = (await askTicket(app, 'plain', USERS.learnerA)).json<AttemptTicket>();
      expect(ticket).toMatchObject({ courseId: 'plain', required: false });
      const chosen = randomUUID();
      const own = await putActions(app, chosen, plainLog(chosen), { from: 0, courseId: 'plain' });
      expect(own.statusCode, own.body).toBe(200);
      expect(await ticketId(app, 'plain')).toBe(ticket.attemptId);
      const withTicket = await putActions(app, ticket.attemptId, plainLog(ticket.attemptId), {
        from: 0,
        courseId: 'plain',
      });
      expect(withTicket.statusCode, withTicket.body).toBe(200);
      expect(await ticketId(app, 'plain')).not.toBe(ticket.attemptId);
    });

    it('issues tickets only to a signed-in learner, for a course the server has', async () => {
      expect((await askTicket(app, 'mini', null)).statusCode).toBe(401);
      const unknown = await askTicket(app, 'nope');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json<{ message: string }>().message).toMatch(/No course "nope".*known: /);
    });
  });
}
