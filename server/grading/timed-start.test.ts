// A timed step's clock starts at the learner's Start, on the server's clock: the briefing may be
// read first, but a client that holds Start back, never sends it, or claims a later start than the
// server saw gets no more time than the step allows (plus, at most, the briefing's limit). A
// learner an admin granted extra time is graded with the longer limit, and the factor is recorded
// with the result, in the ledger's entry and on the official statements.
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { openBook } from '../../src/engine/attempt-play.ts';
import { drawCourse } from '../../src/engine/draw.ts';
import type { StepResponse, TimedResponse } from '../../src/engine/responses.ts';
import { emptyResponse, sampleAnswer } from '../../src/engine/step-kinds/index.ts';
import { BRIEFING_MAX_MS } from '../../src/engine/step-kinds/timed/clock.ts';
import { TEST_DATABASES, type TestDatabase } from '../db/test-databases.ts';
import { DEFAULT_ASSESSMENT_POLICY } from './assessment-policy.ts';
import type { AttemptView } from './attempt-view.ts';
import { CourseCatalog } from './course-catalog.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { LedgerPayload } from '../ledger/ledger.ts';
import { buildGradingApp, putActions, ticketId, USERS } from './test-support/grading-test-app.ts';

const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const coursesDir = fileURLToPath(new URL('../../courses', import.meta.url));
const governance = CourseCatalog.load(coursesDir).courses.find((course) => course.id === 'governance')!;
const POSITIVE = ['contain', 'report', 'preserve', 'assess', 'notify', 'root-cause'];

/** Every positive action, claimed 1–6 s after Start (the answer's own clock). */
function quick(startedMs: number | undefined): TimedResponse {
  return {
    type: 'timed',
    ...(startedMs === undefined ? {} : { startedMs }),
    done: POSITIVE.map((id, i) => ({ id, atMs: (i + 1) * SECOND })),
    endedMs: 6 * SECOND,
  };
}

interface Plan {
  /** When the Start reaches the server, ms after the step was released; null: no Start of its own. */
  readonly startAfterMs: number | null;
  /** When the answer and its submit reach the server, ms after the step was released. */
  readonly answerAfterMs: number;
  /** The start the client claims in its answer (ms after the step was presented). */
  readonly claimedStartMs?: number;
  /** Who plays (learner A by default). */
  readonly as?: SessionUser;
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`a timed step's clock starts at Start, on ${variant.name}`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let serverNow = T0;
    const ledgerPayloads: LedgerPayload[] = [];

    beforeAll(async () => {
      database = await variant.open();
      app = await buildGradingApp(database, {
        coursesDir,
        policy: {
          ...DEFAULT_ASSESSMENT_POLICY,
          assessmentAttempts: { max: 100, periodDays: 30 },
          maxOpenAttempts: 100,
          timedToleranceMs: 2_000,
          actionBatches: { perSecond: 1_000, burst: 1_000 },
          batchWork: { msPerSecond: 1_000_000, burstMs: 1_000_000 },
        },
        now: () => serverNow,
        ledger: {
          appendWithin: async (_trx, _kind, payload) => {
            ledgerPayloads.push(payload);
            return undefined as never;
          },
        },
      });
    });
    afterAll(async () => {
      await app?.close();
      await database?.dispose();
    });

    /** Plays the course by its sample answers, and the timed step as `plan` says, in batches sent at the planned times. */
    async function play(plan: Plan): Promise<AttemptView> {
      // The governance course has steps with variants: its attempts start with the server's ticket.
      const attemptId = await ticketId(app, governance.id, plan.as ?? USERS.learnerA);
      const { course: played } = openBook(drawCourse(governance, attemptId));
      const base = serverNow;
      const batches: { at: number; actions: AttemptAction[] }[] = [];
      let current: AttemptAction[] = [
        { kind: 'start', at: base, attemptId, courseId: governance.id, courseVersion: governance.version, mode: 'assessment' },
      ];
      let at = base;
      for (const step of played.scenes.flatMap((scene) => scene.steps)) {
        if (step.id !== 'contain-leak') {
          const response: StepResponse = sampleAnswer(step, emptyResponse(step));
          current.push({ kind: 'respond', at, response }, { kind: 'submit', at }, { kind: 'advance', at });
          continue;
        }
        // The step is released with the batch so far (its presenting action is the last one in it).
        batches.push({ at: base, actions: current });
        const claimed = plan.claimedStartMs ?? plan.startAfterMs ?? undefined;
        if (plan.startAfterMs !== null) {
          const start: TimedResponse = { type: 'timed', startedMs: plan.startAfterMs, done: [], endedMs: null };
          batches.push({
            at: base + plan.startAfterMs,
            actions: [{ kind: 'respond', at: base + plan.startAfterMs, response: start }],
          });
        }
        at = base + plan.answerAfterMs;
        batches.push({
          at,
          actions: [
            { kind: 'respond', at, response: quick(claimed) },
            { kind: 'submit', at },
          ],
        });
        current = [{ kind: 'advance', at }];
      }
      batches.push({ at, actions: current });
      let from = 0;
      let last: AttemptView | undefined;
      for (const batch of batches) {
        serverNow = batch.at;
        const res = await putActions(app, attemptId, batch.actions, {
          from,
          courseId: governance.id,
          courseVersion: governance.version,
          ...(plan.as === undefined ? {} : { as: plan.as }),
        });
        expect(res.statusCode, res.body).toBe(200);
        last = res.json<AttemptView>();
        from += batch.actions.length;
      }
      serverNow = base + 24 * 60 * MINUTE;
      expect(last!.status).toBe('finished');
      return last!;
    }

    const timed = (view: AttemptView) => view.steps.find((step) => step.stepId === 'contain-leak')!.result;
    const deadlinePoints = (view: AttemptView) =>
      timed(view)
        .lines.filter((line) => line.ref.startsWith('deadline:'))
        .reduce((sum, line) => sum + line.points, 0);

    it('lets the learner read the briefing: a Start two minutes in, then a quick answer, earns full marks', async () => {
      const view = await play({ startAfterMs: 2 * MINUTE, answerAfterMs: 2 * MINUTE + 7 * SECOND });
      expect(deadlinePoints(view)).toBe(8);
      expect(timed(view).score).toBe(22);
    });

    it('counts an answer 200 s after Start as 200 s, however long the briefing took', async () => {
      const view = await play({ startAfterMs: MINUTE, answerAfterMs: MINUTE + 200 * SECOND });
      expect(deadlinePoints(view)).toBe(0);
      expect(timed(view).score).toBe(0);
    });

    it('attack: a client that sends its Start only with its answer, ten minutes in, gets the briefing limit, no more', async () => {
      // A Start claimed in the answer, ten minutes after the release: the clock counts from the
      // briefing's limit (5 min) at the latest, so the actions arrived 5 min after it started, past the 3 min.
      const view = await play({ startAfterMs: null, answerAfterMs: 10 * MINUTE, claimedStartMs: 10 * MINUTE - 7 * SECOND });
      expect(BRIEFING_MAX_MS).toBe(5 * MINUTE);
      expect(deadlinePoints(view)).toBe(0);
      expect(timed(view).score).toBe(0);
    });

    it("attack: an answer that never sends a Start is timed from the step's release", async () => {
      // No Start at all (as answers were sent before steps had one): 100 s after the release is 100 s...
      const early = await play({ startAfterMs: null, answerAfterMs: 100 * SECOND });
      expect(deadlinePoints(early)).toBeLessThan(8);
      expect(timed(early).lines.filter((line) => line.verdict === 'full' && !line.ref.startsWith('deadline:'))).toHaveLength(
        POSITIVE.length,
      );
      // ...and 4 minutes is past the 3 the step allows.
      const late = await play({ startAfterMs: null, answerAfterMs: 4 * MINUTE });
      expect(timed(late).score).toBe(0);
    });

    it('attack: a client that forges a later start than the server saw gets no more time', async () => {
      // Start sent 10 s in, the answer 200 s later, claiming the clock started 200 s in.
      const view = await play({ startAfterMs: 10 * SECOND, answerAfterMs: 210 * SECOND, claimedStartMs: 205 * SECOND });
      expect(deadlinePoints(view)).toBe(0);
      expect(timed(view).score).toBe(0);
    });

    it('attack: holding Start back past the briefing limit gains nothing', async () => {
      // Start and answer sent together 8 minutes in: the clock started at 5 minutes.
      const view = await play({ startAfterMs: 8 * MINUTE, answerAfterMs: 8 * MINUTE + 6 * SECOND });
      expect(deadlinePoints(view)).toBe(0);
      expect(timed(view).score).toBe(0);
    });

    it('grades a learner with ×2 extra time on a 360 s limit, and records the factor with the result', async () => {
      // Answered 300 s after Start, each action claimed when it reached the server: too late on 180 s...
      const honest300 = { startAfterMs: 5 * SECOND, answerAfterMs: 305 * SECOND } as const;
      const late = (view: AttemptView) => timed(view).lines.filter((line) => line.verdict === 'missed').length;
      const plain = await play({ ...honest300 });
      expect(late(plain)).toBeGreaterThanOrEqual(POSITIVE.length);
      // ...in time on 360 s: every action counts.
      const extra = await play({ ...honest300, as: USERS.learnerExtra });
      expect(timed(extra).lines.filter((line) => line.verdict === 'full' && !line.ref.startsWith('deadline:'))).toHaveLength(
        POSITIVE.length,
      );
      expect(extra.official!.score).toBeGreaterThan(plain.official!.score);

      const row = await database.db
        .selectFrom('attempts')
        .select(['result', 'extra_time_percent'])
        .where('attempt_id', '=', extra.attemptId)
        .executeTakeFirstOrThrow();
      expect(Number(row.extra_time_percent)).toBe(200);
      expect(JSON.parse(row.result)).toMatchObject({ extraTime: 2 });
      const plainRow = await database.db
        .selectFrom('attempts')
        .select('result')
        .where('attempt_id', '=', plain.attemptId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(plainRow.result)).not.toHaveProperty('extraTime');

      expect(ledgerPayloads.find((payload) => payload['attemptId'] === extra.attemptId)).toMatchObject({ extraTime: 2 });
      expect(ledgerPayloads.find((payload) => payload['attemptId'] === plain.attemptId)).not.toHaveProperty('extraTime');

      const statements = await database.db
        .selectFrom('xapi_statements')
        .select('statement')
        .where('registration', '=', extra.attemptId)
        .execute();
      expect(statements.length).toBeGreaterThan(0);
      for (const { statement } of statements)
        expect(JSON.parse(statement).context.extensions).toMatchObject({
          'https://id.shixun.local/xapi/extensions/extra-time': 2,
        });
    });

    it("attack: extra time is the server's to grant: a learner without it who acts as if they had it gets the plain limit", async () => {
      // The client plays on a 360 s clock of its own (a stretched public view): the server grades on 180 s.
      const view = await play({ startAfterMs: 5 * SECOND, answerAfterMs: 305 * SECOND, as: USERS.learnerA });
      expect(timed(view).lines.filter((line) => line.verdict === 'full' && !line.ref.startsWith('deadline:'))).toHaveLength(0);
    });
  });
}
