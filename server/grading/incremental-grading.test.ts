// Grading a batch from the graded state the previous batch left gives exactly what replaying the
// whole log gives: for every real course, many attempts played by the demo's synthetic learners,
// cut into small batches that arrive at the server's own times (timed steps are corrected on them).
// Then through the server: one attempt per course in small batches, handled alternately by two
// server processes on one database (so half the batches find no kept state and replay), compared
// with a full replay of what was stored.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/course/schema.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { playAttempt } from '../demo/attempt-log.ts';
import { Random } from '../demo/random.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { DEFAULT_ASSESSMENT_POLICY } from './assessment-policy.ts';
import { gradeBatch, gradeFrom, ungraded, type GradedPoint } from './attempt-grader.ts';
import { findAttempt } from './attempt-rows.ts';
import type { AttemptView } from './attempt-view.ts';
import { CourseCatalog } from './course-catalog.ts';
import { buildGradingApp, putActions, ROOMY_POLICY, ticketId, USERS } from './test-support/grading-test-app.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COURSES_DIR = path.join(ROOT, 'courses');
const catalog = CourseCatalog.load(COURSES_DIR);
const TOLERANCE_MS = DEFAULT_ASSESSMENT_POLICY.timedToleranceMs;

/** A demo learner's whole attempt, with some responses sent twice (a draft changed before submitting). */
function playedLog(course: Course, attemptId: string, random: Random): AttemptAction[] {
  const played = playAttempt(course, { attemptId, skill: random.next(), random, startMs: Date.UTC(2026, 6, 1, 9) });
  return played.log.flatMap((action) => (action.kind === 'respond' && random.chance(0.3) ? [action, action] : [action]));
}

/** Cuts a log into batches of 1–4 actions, each received by the server at one time on or after its last action. */
function batchesOf(log: readonly AttemptAction[], random: Random): { actions: AttemptAction[]; arrivedMs: number }[] {
  const batches: { actions: AttemptAction[]; arrivedMs: number }[] = [];
  let index = 0;
  let lastArrival = 0;
  while (index < log.length) {
    const size = random.int(1, 4);
    const actions = log.slice(index, index + size);
    index += actions.length;
    lastArrival = Math.max(lastArrival, actions.at(-1)!.at + random.int(0, 6_000));
    batches.push({ actions, arrivedMs: lastArrival });
  }
  return batches;
}

describe('incremental grading', () => {
  it('equals a full replay after every batch, for every course', () => {
    expect(catalog.courses.length).toBeGreaterThanOrEqual(3);
    const random = new Random('incremental-grading');
    let compared = 0;
    let timedSteps = 0;
    let corrected = 0;
    for (const course of catalog.courses) {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const log = playedLog(course, `00000000-0000-4000-8000-00000000000${attempt}`, random);
        let point: GradedPoint = ungraded(TOLERANCE_MS);
        const arrivals: number[] = [];
        for (const batch of batchesOf(log, random)) {
          const held = point.state.log;
          const step = gradeFrom(
            course,
            point,
            batch.actions,
            batch.actions.map(() => batch.arrivedMs),
          );
          arrivals.push(...batch.actions.map(() => batch.arrivedMs));
          const full = gradeBatch(course, held, batch.actions, { arrivals, toleranceMs: TOLERANCE_MS });
          expect(step.batch.state).toEqual(full.state);
          expect(step.batch.result).toEqual(full.result);
          expect(step.batch.totals).toEqual(full.totals);
          expect(step.batch.events).toEqual(full.events);
          expect(step.batch.newEvents).toEqual(full.newEvents);
          point = step.point;
          compared += 1;
        }
        expect(point.state.status).toBe('finished');
        expect(point.state.log).toEqual(log);
        const browserClock = gradeBatch(course, [], log);
        if (JSON.stringify(browserClock.state.records) !== JSON.stringify(point.state.records)) corrected += 1;
      }
      timedSteps += course.scenes.flatMap((scene) => scene.steps).filter((step) => step.type === 'timed').length;
    }
    expect(compared).toBeGreaterThan(100);
    // The server's clock matters only where a course has timed steps: at least one must.
    expect(timedSteps).toBeGreaterThan(0);
    // ...and the server's times must have changed some grading, or the comparison would not cover them.
    expect(corrected).toBeGreaterThan(0);
  });

  it('refuses an action that does not fit with 422, leaving the graded state it started from as it was', () => {
    const course = catalog.courses[0]!;
    const log = playedLog(course, '00000000-0000-4000-8000-0000000000aa', new Random('refused'));
    const point = gradeFrom(course, ungraded(TOLERANCE_MS), log.slice(0, 3), [1, 2, 3]).point;
    const before = structuredClone(point.state);
    expect(() => gradeFrom(course, point, [log[0]!], [4])).toThrow(/Action 3 \(start\) does not fit the attempt/);
    expect(point.state).toEqual(before);
    const next = gradeFrom(course, point, log.slice(3, 5), [5, 5]);
    expect(next.batch).toEqual(
      gradeBatch(course, log.slice(0, 3), log.slice(3, 5), { arrivals: [1, 2, 3, 5, 5], toleranceMs: TOLERANCE_MS }),
    );
  });
});

for (const variant of TEST_DATABASES)
  describe.skipIf(!variant.available)(`incremental grading through the server (${variant.name})`, () => {
    let database: TestDatabase;
    let first: FastifyInstance;
    let second: FastifyInstance;
    let serverNow = Date.UTC(2026, 6, 1, 9);

    beforeAll(async () => {
      database = await variant.open();
      const options = { coursesDir: COURSES_DIR, policy: ROOMY_POLICY, now: () => serverNow };
      first = await buildGradingApp(database, options);
      second = await buildGradingApp(database, options);
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
      await database?.dispose();
    });

    it('stores for every course the result a full replay of the stored log gives, refused batches between', async () => {
      const random = new Random('through-the-server');
      for (const course of catalog.courses) {
        // The server issues the attempt id (its ticket): courses with drawn steps start only with it.
        const attemptId = await ticketId(first, course.id);
        const log = playedLog(course, attemptId, random);
        let from = 0;
        let view: AttemptView | undefined;
        for (const [index, batch] of batchesOf(log, random).entries()) {
          serverNow = Math.max(serverNow, batch.arrivedMs);
          // Mostly the first process (which keeps the graded state); every third batch the second.
          const app = index % 3 === 2 ? second : first;
          if (index % 4 === 1) {
            // A refused batch (a second start) changes nothing: the next one is graded as if it never came.
            const refused = await putActions(app, attemptId, [log[0]], {
              as: USERS.learnerA,
              from,
              courseId: course.id,
              courseVersion: course.version,
            });
            expect(refused.statusCode).toBe(422);
          }
          const response = await putActions(app, attemptId, batch.actions, {
            as: USERS.learnerA,
            from,
            courseId: course.id,
            courseVersion: course.version,
          });
          expect(response.statusCode, response.body).toBe(200);
          view = response.json<AttemptView>();
          from += batch.actions.length;
        }
        expect(view?.status).toBe('finished');
        const row = (await findAttempt(database.db, attemptId))!;
        const stored = JSON.parse(row.log) as AttemptAction[];
        expect(stored).toEqual(log);
        const arrivals = JSON.parse(row.arrivals) as number[];
        expect(arrivals).toHaveLength(log.length);
        const full = gradeBatch(course, [], stored, { arrivals, toleranceMs: TOLERANCE_MS });
        expect(JSON.parse(row.result)).toEqual(full.result);
        expect(Number(row.score)).toBe(full.totals?.score);
        expect(Number(row.scaled)).toBeCloseTo(full.totals!.scaled, 10);
        expect(Number(row.passed)).toBe(full.totals?.passed ? 1 : 0);
      }
    });
  });
