// The narrow attempt_results table the reports read, on SQLite and PostgreSQL: the grading path
// writes it in the same transaction as the attempt's finish (and a rolled-back finish leaves none),
// and migration 0010 backfills it from the finished attempts a database already holds.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { migrationsFor } from '../migrations.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { appendToAttempt, insertEmptyAttempt } from '../grading/attempt-rows.ts';

const DIMENSIONS = [
  { dimensionId: 'data-classification', score: 2.5, max: 4 },
  { dimensionId: 'lawful-basis', score: 1, max: 3 },
];
const RESULT = JSON.stringify({
  steps: [
    { sceneId: 's', stepId: 'a', result: { score: 3.5, max: 7, lines: [{ kind: 'feedback', text: '很长的反馈'.repeat(50) }] } },
  ],
  scenes: [{ sceneId: 's', score: 3.5, max: 7 }],
  dimensions: DIMENSIONS,
});

describe.each(TEST_DATABASES)('attempt_results on $name', (variant) => {
  let database: TestDatabase;
  let userId: string;

  beforeAll(async () => {
    if (!variant.available) return;
    database = await variant.open();
    userId = randomUUID();
    await database.db
      .insertInto('users')
      .values({
        id: userId,
        username: 'narrow-li',
        name: '李测试',
        role: 'learner',
        employee_id: 'N001',
        department: null,
        rank: null,
        password_hash: 'x',
        created: '2026-01-01T00:00:00.000Z',
        disabled: 0,
      })
      .execute();
  }, 30_000);

  afterAll(async () => {
    if (variant.available) await database.dispose();
  });

  const start = (trx: Kysely<DatabaseSchema>, attemptId: string, now: string) =>
    insertEmptyAttempt(trx, {
      attemptId,
      userId,
      username: 'narrow-li',
      courseId: 'data-security',
      courseVersion: '1.2.0',
      seed: randomUUID(),
      now,
    });
  const narrowRow = (attemptId: string) =>
    database.db.selectFrom('attempt_results').selectAll().where('attempt_id', '=', attemptId).executeTakeFirst();

  it.skipIf(!variant.available)(
    'is written by the append that finishes an attempt, not before, and not when the transaction rolls back',
    async () => {
      const attemptId = randomUUID();
      await writeTransaction(database, async (trx) => {
        await start(trx, attemptId, '2026-03-01T02:00:00.000Z');
        await appendToAttempt(trx, attemptId, 0, {
          log: '[1]',
          received: 1,
          status: 'in-progress',
          result: RESULT,
          now: '2026-03-01T02:01:00.000Z',
        });
      });
      expect(await narrowRow(attemptId)).toBeUndefined();

      await writeTransaction(database, (trx) =>
        appendToAttempt(trx, attemptId, 1, {
          log: '[1,2]',
          received: 2,
          status: 'finished',
          result: RESULT,
          totals: { score: 3.5, max: 7, scaled: 0.5, passed: false },
          now: '2026-03-01T02:05:00.000Z',
        }),
      );
      const row = await narrowRow(attemptId);
      expect(row).toMatchObject({
        user_id: userId,
        username: 'narrow-li',
        course_id: 'data-security',
        course_version: '1.2.0',
        finished: '2026-03-01T02:05:00.000Z',
      });
      expect([Number(row?.score), Number(row?.max), Number(row?.scaled), Number(row?.passed)]).toEqual([3.5, 7, 0.5, 0]);
      expect(JSON.parse(row?.dimensions ?? 'null')).toEqual(DIMENSIONS);

      const rolledBack = randomUUID();
      await expect(
        writeTransaction(database, async (trx) => {
          await start(trx, rolledBack, '2026-03-02T02:00:00.000Z');
          await appendToAttempt(trx, rolledBack, 0, {
            log: '[1]',
            received: 1,
            status: 'finished',
            result: RESULT,
            totals: { score: 7, max: 7, scaled: 1, passed: true },
            now: '2026-03-02T02:05:00.000Z',
          });
          expect(
            await trx.selectFrom('attempt_results').select('attempt_id').where('attempt_id', '=', rolledBack).executeTakeFirst(),
          ).toBeDefined();
          throw new Error('refused after grading');
        }),
      ).rejects.toThrow('refused after grading');
      expect(await narrowRow(rolledBack)).toBeUndefined();
    },
  );

  it.skipIf(!variant.available)(
    'is backfilled by migration 0010 from every finished attempt, with its dimensions, and none for unfinished ones',
    async () => {
      const finished = randomUUID();
      const withoutDimensions = randomUUID();
      const unfinished = randomUUID();
      // Rows as a server before migration 0010 wrote them: attempts only.
      const base = {
        user_id: userId,
        username: 'narrow-li',
        course_id: 'data-security',
        course_version: '1.2.0',
        mode: 'assessment' as const,
        log: '[]',
        received: 3,
        statement_seed: 'seed',
        started: '2026-05-01T00:00:00.000Z',
        updated: '2026-05-01T01:00:00.000Z',
      };
      await database.db
        .insertInto('attempts')
        .values([
          {
            ...base,
            attempt_id: finished,
            status: 'finished',
            score: 6,
            max: 7,
            scaled: 6 / 7,
            passed: 1,
            result: RESULT,
            finished: '2026-05-01T01:00:00.000Z',
          },
          {
            ...base,
            attempt_id: withoutDimensions,
            status: 'finished',
            score: 1,
            max: 4,
            scaled: 0.25,
            passed: 0,
            result: JSON.stringify({ steps: [], scenes: [] }),
            finished: '2026-05-02T01:00:00.000Z',
          },
          {
            ...base,
            attempt_id: unfinished,
            status: 'in-progress',
            score: null,
            max: null,
            scaled: null,
            passed: null,
            result: RESULT,
            finished: null,
          },
        ])
        .execute();
      const before = await database.db.selectFrom('attempt_results').selectAll().orderBy('attempt_id').execute();

      const migration = migrationsFor(database.dialect)['0010-attempt-results'];
      if (migration?.down === undefined) throw new Error('migration 0010-attempt-results (with down) is missing');
      await migration.down(database.db as unknown as Kysely<unknown>);
      await migration.up(database.db as unknown as Kysely<unknown>);

      const after = await database.db.selectFrom('attempt_results').selectAll().orderBy('attempt_id').execute();
      const byId = new Map(after.map((row) => [row.attempt_id, row]));
      expect(byId.has(unfinished)).toBe(false);
      expect(after).toHaveLength(before.length + 2);
      // What the grading path wrote earlier comes back the same from the backfill (the department
      // and rank held then are migration 0027's columns, which 0010 does not make).
      for (const { department: _department, rank: _rank, ...row } of before) {
        expect({
          ...byId.get(row.attempt_id),
          dimensions: JSON.parse(byId.get(row.attempt_id)?.dimensions ?? 'null') as unknown,
        }).toEqual({ ...row, dimensions: JSON.parse(row.dimensions) as unknown });
      }
      expect(byId.get(finished)).toMatchObject({
        username: 'narrow-li',
        course_id: 'data-security',
        finished: '2026-05-01T01:00:00.000Z',
      });
      expect([Number(byId.get(finished)?.score), Number(byId.get(finished)?.scaled), Number(byId.get(finished)?.passed)]).toEqual(
        [6, 6 / 7, 1],
      );
      expect(JSON.parse(byId.get(finished)?.dimensions ?? 'null')).toEqual(DIMENSIONS);
      expect(JSON.parse(byId.get(withoutDimensions)?.dimensions ?? 'null')).toEqual([]);
    },
  );
});
