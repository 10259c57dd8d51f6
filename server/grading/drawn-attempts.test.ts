// Assessments of a course whose steps have variants or a pool, on every database: each attempt is
// graded on the version its id draws, two attempts of one learner can draw differently, an answer
// naming what was not drawn is refused, and the draw is recorded in the result, the official
// statements and the ledger payload.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseMaxPoints } from '../../src/course/max-score.ts';
import type { Course } from '../../src/course/schema.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import { createAttemptStore } from '../../src/engine/attempt-store.ts';
import { drawCourse, drawsOf, type StepDraw } from '../../src/engine/draw.ts';
import type { PublicCourse } from '../../src/engine/public-view.ts';
import type { StepResponse } from '../../src/engine/responses.ts';
import { loadDrawnMiniCourse, MINI_PASSING, playResponses } from '../../src/engine/test-course.ts';
import { TEST_DATABASES, type TestDatabase } from '../db/test-databases.ts';
import type { LedgerPayload } from '../ledger/ledger.ts';
import type { AttemptView } from './attempt-view.ts';
import { buildGradingApp, getAs, putActions, ticketId } from './test-support/grading-test-app.ts';

const course = loadDrawnMiniCourse();
const EXTENSION_DRAW = 'https://id.shixun.local/xapi/extensions/draw';

/** Full marks on the course as `attemptId` draws it: the best option, the right bins of the drawn items. */
function bestResponses(attemptId: string): StepResponse[] {
  const drawn = drawCourse(course, attemptId);
  const steps = drawn.scenes.flatMap((scene) => scene.steps);
  return MINI_PASSING.map((response, i) => {
    const step = steps[i]!;
    if (step.type === 'choice') return { type: 'choice', selected: [step.options.find((o) => o.points === 2)!.id] };
    if (step.type === 'classify')
      return { type: 'classify', placements: Object.fromEntries(step.items.map((item) => [item.id, item.bin])) };
    return response;
  });
}

/** The log of playing `responses` on the course as `attemptId` draws it. */
function drawnLog(attemptId: string, responses: readonly StepResponse[]): AttemptAction[] {
  let now = Date.UTC(2026, 4, 6, 1, 0, 0);
  const store = createAttemptStore({ course: drawCourse(course, attemptId), now: () => (now += 5_000), newId: () => attemptId });
  store.getState().actions.start('assessment');
  playResponses(store, responses);
  return [...store.getState().log];
}

/** Whether two attempt ids draw differently, both in the variant and in the items. */
function drawsDiffer(first: string, other: string): boolean {
  type Draws = [StepDraw & { variant: number }, StepDraw & { items: readonly string[] }];
  const [firstVariant, firstItems] = drawsOf(course, first) as Draws;
  const [v, i] = drawsOf(course, other) as Draws;
  return v.variant !== firstVariant.variant && i.items.join() !== firstItems.items.join();
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`drawn assessments on ${variant.name}`, () => {
    let app: FastifyInstance;
    let database: TestDatabase;
    let dir: string;
    const ledger: { kind: string; payload: LedgerPayload }[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'shixun-drawn-'));
      mkdirSync(path.join(dir, 'mini'));
      // JSON is YAML: the course file as the loader reads it.
      writeFileSync(path.join(dir, 'mini', 'course.yaml'), JSON.stringify(course satisfies Course));
      database = await variant.open();
      app = await buildGradingApp(database, {
        coursesDir: dir,
        ledger: {
          appendWithin: async (_trx, kind, payload) => {
            ledger.push({ kind, payload });
            return undefined as never;
          },
        },
      });
    });
    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    /**
     * The learner's next attempt ticket that `wanted` accepts: each other one is spent on an attempt
     * that only starts (the server issues the next ticket once an attempt has started with one).
     */
    async function ticketWhere(wanted: (attemptId: string) => boolean): Promise<string> {
      for (;;) {
        const attemptId = await ticketId(app);
        if (wanted(attemptId)) return attemptId;
        const started = await putActions(app, attemptId, drawnLog(attemptId, []), { from: 0 });
        expect(started.statusCode, started.body).toBe(200);
      }
    }

    it('grades two attempts of one learner on their own, different draws, both out of the same maximum', async () => {
      const ids: string[] = [];
      const views: AttemptView[] = [];
      for (let k = 0; k < 2; k++) {
        const attemptId = await ticketWhere((id) => k === 0 || drawsDiffer(ids[0]!, id));
        ids.push(attemptId);
        const log = drawnLog(attemptId, bestResponses(attemptId));
        const res = await putActions(app, attemptId, log, { from: 0 });
        expect(res.statusCode, res.body).toBe(200);
        views.push(res.json<AttemptView>());
      }
      const max = courseMaxPoints(course);
      for (const [k, view] of views.entries()) {
        expect(view.official).toMatchObject({ score: max, max, passed: true });
        const drawn = drawCourse(course, ids[k]!);
        const choice = drawn.scenes[0]!.steps.find((s) => s.id === 'why')!;
        const classify = drawn.scenes[1]!.steps.find((s) => s.id === 'grade')!;
        const graded = (stepId: string) => view.steps.find((s) => s.stepId === stepId)!.result.lines.map((l) => l.ref);
        // The feedback is that of the drawn version.
        expect(graded('why')).toEqual(['options' in choice ? choice.options.find((o) => o.points === 2)!.id : '']);
        expect(graded('grade')).toEqual('items' in classify ? classify.items.map((i) => i.id) : []);
      }
      expect(views[0]!.steps.find((s) => s.stepId === 'grade')!.result.lines.map((l) => l.ref)).not.toEqual(
        views[1]!.steps.find((s) => s.stepId === 'grade')!.result.lines.map((l) => l.ref),
      );
    });

    it('grades the drawn version, not the step as written: the own question answered on another draw is refused', async () => {
      const attemptId = await ticketWhere((id) => (drawsOf(course, id)[0] as { variant: number }).variant !== 0);
      const log = drawnLog(attemptId, bestResponses(attemptId));
      const respondAt = log.findIndex((a) => a.kind === 'respond' && a.response.type === 'choice');
      const first = await putActions(app, attemptId, log.slice(0, respondAt), { from: 0 });
      expect(first.statusCode, first.body).toBe(200);
      // "dsl" is the step's own right answer; this attempt drew a variant.
      const stray: AttemptAction = { kind: 'respond', at: log[respondAt]!.at, response: { type: 'choice', selected: ['dsl'] } };
      const refused = await putActions(app, attemptId, [stray], { from: respondAt });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ message: string }>().message).toMatch(
        /"dsl" belongs to a version of step "why" that this attempt did not draw: answer the options and items the attempt shows/,
      );
      const held = await getAs(app, `/api/v1/attempts/${attemptId}`);
      expect(held.json<AttemptView>().received).toBe(respondAt);
      // A pool item this attempt did not draw is refused the same way.
      const rest = await putActions(app, attemptId, log.slice(respondAt, respondAt + 3), { from: respondAt });
      expect(rest.statusCode, rest.body).toBe(200);
      const drawnItems = (drawsOf(course, attemptId)[1] as { items: readonly string[] }).items;
      const notDrawn = ['faq', 'grid', 'menu', 'census', 'roster'].find((id) => !drawnItems.includes(id))!;
      const classifyAt = log.findIndex((a) => a.kind === 'respond' && a.response.type === 'classify');
      const strayItem: AttemptAction = {
        kind: 'respond',
        at: log[classifyAt]!.at,
        response: { type: 'classify', placements: { [notDrawn]: 'general' } },
      };
      const refusedItem = await putActions(app, attemptId, [strayItem], { from: classifyAt });
      expect(refusedItem.statusCode).toBe(400);
      expect(refusedItem.json<{ message: string }>().message).toContain(`"${notDrawn}" belongs to a version of step "grade"`);
    });

    it('records the draw in the official statements and the ledger payload', async () => {
      const attemptId = await ticketId(app);
      const draws = drawsOf(course, attemptId);
      const res = await putActions(app, attemptId, drawnLog(attemptId, bestResponses(attemptId)), { from: 0 });
      expect(res.statusCode, res.body).toBe(200);
      const rows = await database.db
        .selectFrom('xapi_statements')
        .select('statement')
        .where('registration', '=', attemptId)
        .execute();
      const extensions = rows
        .map((row) => JSON.parse(row.statement) as { object: { id: string }; context: { extensions: Record<string, string> } })
        .filter((s) => s.context.extensions[EXTENSION_DRAW] !== undefined)
        .map((s) => `${s.object.id.split('/steps/')[1]}=${s.context.extensions[EXTENSION_DRAW]}`);
      const variantText = `why=variant:${(draws[0] as { variant: number }).variant}`;
      const itemsText = `grade=items:${(draws[1] as { items: readonly string[] }).items.join(',')}`;
      // answered and completed, for each of the two drawn steps.
      expect(extensions.sort()).toEqual([itemsText, itemsText, variantText, variantText].sort());
      const entry = ledger.find((e) => e.payload['attemptId'] === attemptId);
      expect(entry?.payload['draws']).toEqual(draws);
    });

    it('serves a public view from which the browser draws only its attempt’s version', async () => {
      const res = await getAs(app, '/api/v1/courses/mini/public');
      expect(res.statusCode).toBe(200);
      const view = res.json<PublicCourse>();
      const texts = ['Which law requires training?', 'Variant one asks about the law', 'Variant two asks about training'];
      for (let n = 0; n < 12; n++) {
        const attemptId = randomUUID();
        const json = JSON.stringify(drawCourse(view, attemptId));
        const drawnVariant = (drawsOf(course, attemptId)[0] as { variant: number }).variant;
        texts.forEach((text, v) => expect(json.includes(text)).toBe(v === drawnVariant));
        const drawnItems = (drawsOf(course, attemptId)[1] as { items: readonly string[] }).items;
        for (const id of ['faq', 'grid', 'menu', 'census', 'roster'])
          expect(json.includes(`"id":"${id}"`)).toBe(drawnItems.includes(id));
        // No answer keys either way.
        expect(json).not.toMatch(/"points"|"feedback"|"bin"/);
      }
    });
  });
}
