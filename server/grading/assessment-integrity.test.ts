// The attacks on an assessment's integrity, performed against the routes on every database:
// mining answer keys from the feedback of abandoned attempts, starting attempts without end, leaving
// one open to come back later, and claiming a timed step took seconds when the server saw minutes.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Course } from '../../src/course/schema.ts';
import type { AssessmentAllowance } from '../../src/contracts/attempt-view.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { openBook } from '../../src/engine/attempt-play.ts';
import type { StepResponse, TimedResponse } from '../../src/engine/responses.ts';
import { drawCourse } from '../../src/engine/draw.ts';
import { emptyResponse, sampleAnswer } from '../../src/engine/step-kinds/index.ts';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { TEST_DATABASES, type TestDatabase } from '../db/test-databases.ts';
import { DEFAULT_ASSESSMENT_POLICY, type AssessmentPolicy } from './assessment-policy.ts';
import type { AttemptView } from './attempt-view.ts';
import { CourseCatalog } from './course-catalog.ts';
import {
  assessmentLog,
  buildGradingApp,
  getAs,
  miniCoursesDir,
  putActions,
  statementCount,
  ticketId,
  USERS,
} from './test-support/grading-test-app.ts';

const POLICY: AssessmentPolicy = {
  assessmentAttempts: { max: 3, periodDays: 30 },
  maxAttemptMinutes: 120,
  timedToleranceMs: 2_000,
  maxOpenAttempts: 10,
  actionBatches: { perSecond: 1_000, burst: 1_000 },
  batchWork: { msPerSecond: 1_000_000, burstMs: 1_000_000 },
};
const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);
const MINUTE = 60_000;
const WRONG: StepResponse[] = [
  { type: 'inspect', found: { screen: 'off' } },
  { type: 'choice', selected: ['none'] },
];
const DAY = 24 * 60 * MINUTE;

/** Any sign of grading in an answer: a verdict, a score, feedback lines or points. */
const GRADING = /"(verdict|score|lines|points|scaled|passed|feedback)"/;

function expectNoGrading(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.body).not.toMatch(GRADING);
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`assessment integrity on ${variant.name}`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let courses: ReturnType<typeof miniCoursesDir>;
    let serverNow = T0;

    beforeAll(async () => {
      courses = miniCoursesDir();
      database = await variant.open();
      app = await buildGradingApp(database, { coursesDir: courses.dir, policy: POLICY, now: () => serverNow });
    });
    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      courses?.remove();
    });
    beforeEach(async () => {
      // Each test starts on a fresh month, so earlier tests' starts are out of the period.
      serverNow += 40 * DAY;
    });

    it('answers nothing graded while an attempt runs, however often it is abandoned, and stops the fourth start', async () => {
      const views: string[] = [];
      // Right answers, wrong ones, right ones: the miner compares what comes back.
      for (const answers of [MINI_PASSING, WRONG, MINI_PASSING]) {
        const attemptId = randomUUID();
        const log = assessmentLog(answers, attemptId);
        // start, respond + submit the inspect step (the hunt), advance, respond + submit the choice step.
        const inspected = await putActions(app, attemptId, log.slice(0, 3), { from: 0 });
        expectNoGrading(inspected);
        const chosen = await putActions(app, attemptId, log.slice(3, 6), { from: 3 });
        expectNoGrading(chosen);
        const view = chosen.json<AttemptView>();
        expect(view).toMatchObject({ status: 'in-progress', received: 6, steps: [], official: null });
        // Read back every way a learner can: the attempt, the results list.
        expectNoGrading(await getAs(app, `/api/v1/attempts/${attemptId}`));
        expectNoGrading(await getAs(app, '/api/v1/results'));
        // Nor as statements: they carry results, so none is written before the end.
        expect(await statementCount(database, attemptId)).toBe(0);
        views.push(chosen.body.replaceAll(attemptId, 'ID'));
        // …and abandoned.
      }
      // A right answer and a wrong one look the same from outside.
      expect(new Set(views).size).toBe(1);
      const wrongId = randomUUID();
      const wrong = assessmentLog(WRONG, wrongId);
      serverNow += 1;
      const fourth = await putActions(app, wrongId, wrong.slice(0, 3), { from: 0 });
      // Every start counts, abandoned or not: the fourth in the period is refused with the reason.
      expect(fourth.statusCode).toBe(403);
      expect(fourth.json()).toMatchObject({ reason: 'attempt-limit', max: 3, periodDays: 30, used: 3 });
      expect(fourth.json<{ message: string }>().message).toMatch(/started 3 assessments of "mini" in the last 30 days/);
      const allowance = (await getAs(app, '/api/v1/courses/mini/assessment-allowance')).json<AssessmentAllowance>();
      expect(allowance).toMatchObject({ courseId: 'mini', max: 3, used: 3, remaining: 0, timedSteps: false });
      expect(Date.parse(allowance.nextStartAt ?? '')).toBeGreaterThan(serverNow);
      // Another learner is not held back by it.
      const other = randomUUID();
      const theirs = await putActions(app, other, assessmentLog(MINI_PASSING, other).slice(0, 3), {
        from: 0,
        as: USERS.learnerB,
      });
      expect(theirs.statusCode).toBe(200);
      // Once the period has moved past the first start, one more start is allowed.
      serverNow = Date.parse(allowance.nextStartAt ?? '') + 1;
      expect((await putActions(app, wrongId, wrong.slice(0, 3), { from: 0 })).statusCode).toBe(200);
    });

    it('shows the full feedback once the attempt has finished', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      expectNoGrading(await putActions(app, attemptId, log.slice(0, 15), { from: 0 }));
      const done = await putActions(app, attemptId, log.slice(15), { from: 15 });
      const view = done.json<AttemptView>();
      expect(view.status).toBe('finished');
      expect(view.official?.score).toBe(22);
      expect(view.steps.map((step) => step.stepId)).toEqual(['hunt', 'why', 'grade', 'order', 'talk']);
      expect(view.steps[0]!.result.lines.length).toBeGreaterThan(0);
      expect(await statementCount(database, attemptId)).toBeGreaterThan(0);
    });

    it('counts an attempt left open past the time limit as failed: expired for the learner and the admin', async () => {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      expect((await putActions(app, attemptId, log.slice(0, 6), { from: 0 })).statusCode).toBe(200);
      serverNow += POLICY.maxAttemptMinutes * MINUTE - 1;
      expect((await getAs(app, `/api/v1/attempts/${attemptId}`)).json<AttemptView>().status).toBe('in-progress');
      serverNow += 2;
      const asAdmin = await getAs(app, '/api/v1/results?user=learner-a', USERS.admin);
      const row = asAdmin.json<{ results: AttemptView[] }>().results.find((result) => result.attemptId === attemptId);
      expect(row?.status).toBe('expired');
      // Failed, with what its two graded steps earned (the hunt 10, the choice 2) of the course's 22.
      expect(row?.official).toMatchObject({ passed: false, score: 12, max: 22 });
      expect(row?.official?.finishedAt).toBe(new Date(serverNow).toISOString());
      // The rest of it is refused, with the reason.
      const late = await putActions(app, attemptId, log.slice(6), { from: 6 });
      expect(late.statusCode).toBe(410);
      expect(late.json<{ message: string }>().message).toMatch(/expired: it stayed open longer than the 120 minutes/);
      // A retry of what the server already holds still answers, with the expired view.
      const retry = await putActions(app, attemptId, log.slice(0, 6), { from: 0 });
      expect(retry.json<AttemptView>()).toMatchObject({ status: 'expired', official: { passed: false } });
      // The narrow results table holds finished attempts only; the expired one still counts as a start.
      const narrow = await database.db
        .selectFrom('attempt_results')
        .select('attempt_id')
        .where('attempt_id', '=', attemptId)
        .execute();
      expect(narrow).toEqual([]);
      const allowance = (await getAs(app, '/api/v1/courses/mini/assessment-allowance')).json<AssessmentAllowance>();
      expect(allowance.used).toBe(1);
      expect(allowance.maxAttemptMinutes).toBe(120);
    });
  });
}

describe.skipIf(!TEST_DATABASES[0]!.available)('timed steps on the server clock', () => {
  const coursesDir = fileURLToPath(new URL('../../courses', import.meta.url));
  const catalog = CourseCatalog.load(coursesDir);
  const governance = catalog.courses.find((course) => course.id === 'governance')!;
  let database: TestDatabase;
  let app: FastifyInstance;
  let serverNow = T0;

  beforeAll(async () => {
    database = await TEST_DATABASES[0]!.open();
    app = await buildGradingApp(database, {
      coursesDir,
      policy: {
        ...DEFAULT_ASSESSMENT_POLICY,
        assessmentAttempts: { max: 100, periodDays: 30 },
        maxOpenAttempts: 100,
        actionBatches: { perSecond: 1_000, burst: 1_000 },
        batchWork: { msPerSecond: 1_000_000, burstMs: 1_000_000 },
      },
      now: () => serverNow,
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  /**
   * An assessment of `course` with every step answered by its sample answer, except the timed step
   * `timedId`, answered with `timed`; the log is cut where that step is presented and after its submit.
   * Steps with variants are answered as the attempt drew them.
   */
  function playWith(course: Course, timedId: string, timed: TimedResponse, attemptId: string) {
    const { course: played } = openBook(drawCourse(course, attemptId));
    let at = T0;
    const log: AttemptAction[] = [
      { kind: 'start', at, attemptId, courseId: course.id, courseVersion: course.version, mode: 'assessment' },
    ];
    let presented = -1;
    let submitted = -1;
    const steps = played.scenes.flatMap((scene) => scene.steps);
    for (const step of steps) {
      if (step.id === timedId) presented = log.length;
      const response: StepResponse = step.id === timedId ? timed : sampleAnswer(step, emptyResponse(step));
      const stepStart = at;
      at = step.id === timedId ? stepStart + (timed.endedMs ?? 0) : at + 1_000;
      log.push({ kind: 'respond', at, response }, { kind: 'submit', at });
      if (step.id === timedId) submitted = log.length;
      log.push({ kind: 'advance', at: (at += 1_000) });
    }
    return { log, presented, submitted };
  }

  /** Every positive action at once, claimed 1–6 s after the step was shown. */
  const QUICK: TimedResponse = {
    type: 'timed',
    done: ['contain', 'report', 'preserve', 'assess', 'notify', 'root-cause'].map((id, i) => ({ id, atMs: (i + 1) * 1_000 })),
    endedMs: 6_000,
  };

  /** Sends the log in three batches: up to the timed step, the step's answer `answerAfterMs` later, the rest. */
  async function sendTimed(answerAfterMs: number, timed: TimedResponse = QUICK): Promise<AttemptView> {
    // The governance course has steps with variants: its attempts start with the server's ticket.
    const attemptId = await ticketId(app, 'governance');
    const { log, presented, submitted } = playWith(governance, 'contain-leak', timed, attemptId);
    const base = serverNow;
    const version = governance.version;
    const send = (from: number, to: number) =>
      putActions(app, attemptId, log.slice(from, to), { from, courseId: 'governance', courseVersion: version });
    expect((await send(0, presented)).statusCode).toBe(200);
    serverNow = base + answerAfterMs;
    expect((await send(presented, submitted)).statusCode).toBe(200);
    const last = await send(submitted, log.length);
    expect(last.statusCode, last.body).toBe(200);
    serverNow = base + DAY;
    return last.json<AttemptView>();
  }

  const timedResult = (view: AttemptView) => view.steps.find((step) => step.stepId === 'contain-leak')!.result;
  const deadlinePoints = (view: AttemptView) =>
    timedResult(view)
      .lines.filter((line) => line.ref.startsWith('deadline:'))
      .reduce((sum, line) => sum + line.points, 0);

  it('grades a claim of 6 s on a 180 s step with the 200 s the server saw: no deadline met, no action in time', async () => {
    const honest = await sendTimed(7_000);
    expect(honest.status).toBe('finished');
    // Answered within the tolerance of the claim: the claim stands, and every deadline is met.
    expect(deadlinePoints(honest)).toBe(8);
    expect(timedResult(honest).score).toBe(22);

    const claimed = await sendTimed(200_000);
    expect(claimed.status).toBe('finished');
    // The server saw 200 s: each action is moved to at least 198 s, past the 180 s the step allows.
    expect(deadlinePoints(claimed)).toBe(0);
    expect(timedResult(claimed).lines.filter((line) => line.verdict === 'missed').length).toBeGreaterThan(0);
    expect(timedResult(claimed).score).toBe(0);
    expect(claimed.official!.score).toBeCloseTo(honest.official!.score - 22, 6);
  });

  it('moves each action to when the server first received it, even when the claimed end is honest', async () => {
    // The end claimed at 179 s, as the server saw it, but every action claimed in the first 6 s
    // although none reached the server before the answer.
    const view = await sendTimed(179_000, { ...QUICK, endedMs: 179_000 });
    expect(deadlinePoints(view)).toBe(0);
    // The actions themselves still count: each was taken within the 180 s.
    expect(timedResult(view).lines.filter((line) => line.verdict === 'full' && !line.ref.startsWith('deadline:')).length).toBe(6);
  });

  it('takes a timed step released and answered in one batch (played offline) as having used all its time', async () => {
    const attemptId = await ticketId(app, 'governance');
    const { log } = playWith(governance, 'contain-leak', QUICK, attemptId);
    const all = await putActions(app, attemptId, log, { from: 0, courseId: 'governance', courseVersion: governance.version });
    expect(all.statusCode, all.body).toBe(200);
    const view = all.json<AttemptView>();
    expect(view.status).toBe('finished');
    expect(deadlinePoints(view)).toBe(0);
  });

  it('tells the learner before an assessment that has timed steps', async () => {
    const allowance = (await getAs(app, '/api/v1/courses/governance/assessment-allowance')).json<AssessmentAllowance>();
    expect(allowance.timedSteps).toBe(true);
    expect((await getAs(app, '/api/v1/courses/nope/assessment-allowance')).statusCode).toBe(404);
    expect((await getAs(app, '/api/v1/courses/governance/assessment-allowance', null)).statusCode).toBe(401);
  });
});
