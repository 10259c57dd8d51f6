// The history of department and rank on SQLite and PostgreSQL: migration 0027 backfills the results
// a database already holds with their learner's values and starts each account's history, and
// `recordAssignment` / `assignmentsAt` answer what was in force at an instant.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { migrationsFor } from '../migrations.ts';
import { assignmentHistory, assignmentsAt, recordAssignment } from './assignments.ts';
import { UserStore } from './user-store.ts';

describe.each(TEST_DATABASES)('department and rank history on $name', (variant) => {
  let database: TestDatabase;

  beforeAll(async () => {
    if (!variant.available) return;
    database = await variant.open();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it.skipIf(!variant.available)(
    'migration 0027 backfills results with their learner’s values and starts the history',
    async () => {
      const user = await new UserStore(database.db).create(
        { username: 'hist-wang', name: '王历史', role: 'learner', employeeId: 'hist-wang', department: '办公室', rank: '科员' },
        'not-a-hash',
      );
      const attemptId = randomUUID();
      const finished = '2026-03-01T02:00:00.000Z';
      await database.db
        .insertInto('attempts')
        .values({
          attempt_id: attemptId,
          user_id: user.id,
          username: user.username,
          course_id: 'mini',
          course_version: '1.0.0',
          mode: 'assessment',
          log: '[]',
          received: 1,
          status: 'finished',
          statement_seed: 'seed',
          score: 1,
          max: 1,
          scaled: 1,
          passed: 1,
          result: JSON.stringify({ steps: [], scenes: [], dimensions: [] }),
          started: finished,
          updated: finished,
          finished,
        })
        .execute();
      await database.db
        .insertInto('attempt_results')
        .values({
          attempt_id: attemptId,
          user_id: user.id,
          username: user.username,
          course_id: 'mini',
          course_version: '1.0.0',
          score: 1,
          max: 1,
          scaled: 1,
          passed: 1,
          finished,
          dimensions: '[]',
        })
        .execute();
      // The database as a server before 0027 left it.
      const db = database.db as unknown as Kysely<unknown>;
      await db.schema.dropTable('user_assignments').execute();
      await db.schema.dropTable('directory_syncs').execute();
      for (const table of ['attempts', 'attempt_results', 'exercise_results'])
        for (const column of ['department', 'rank']) await db.schema.alterTable(table).dropColumn(column).execute();

      await migrationsFor(database.dialect)['0027-user-assignments']?.up(db);

      for (const table of ['attempts', 'attempt_results'] as const) {
        const row = await database.db
          .selectFrom(table)
          .select(['department', 'rank'])
          .where('attempt_id', '=', attemptId)
          .executeTakeFirst();
        expect(row, table).toEqual({ department: '办公室', rank: '科员' });
      }
      const created = (
        await database.db.selectFrom('users').select('created').where('id', '=', user.id).executeTakeFirstOrThrow()
      ).created;
      expect(await assignmentHistory(database.db, user.id)).toEqual([
        { department: '办公室', rank: '科员', effectiveAt: created, source: 'initial', actor: null },
      ]);
      const runs = await sql<{ n: number }>`select count(*) as n from directory_syncs`.execute(database.db);
      expect(Number(runs.rows[0]?.n)).toBe(0);
    },
  );

  it.skipIf(!variant.available)('answers what was in force at an instant, from the first change on', async () => {
    const user = await new UserStore(database.db).create(
      { username: 'hist-li', name: '李历史', role: 'learner', department: '办公室', rank: '科员' },
      'not-a-hash',
    );
    const created = (await database.db.selectFrom('users').select('created').where('id', '=', user.id).executeTakeFirstOrThrow())
      .created;
    // No history yet: the caller keeps the account's own values.
    expect((await assignmentsAt(database.db, '2030-01-01T00:00:00.000Z', user.id)).has(user.id)).toBe(false);
    const before = { department: '办公室', rank: '科员', created };
    const promoted = '2030-06-01T00:00:00.000Z';
    expect(
      await recordAssignment(
        database.db,
        { userId: user.id, department: '办公室', rank: '处长', at: promoted, source: 'admin', actor: 'admin' },
        before,
      ),
    ).toBe(true);
    const moved = '2030-09-01T00:00:00.000Z';
    await recordAssignment(
      database.db,
      { userId: user.id, department: '大数据局', rank: '处长', at: moved, source: 'ldap', actor: 'ldap:corp' },
      before,
    );
    // The same values again: nothing new.
    expect(
      await recordAssignment(
        database.db,
        {
          userId: user.id,
          department: '大数据局',
          rank: '处长',
          at: '2030-10-01T00:00:00.000Z',
          source: 'oidc',
          actor: 'oidc:x',
        },
        before,
      ),
    ).toBe(false);
    const at = async (instant: string) => (await assignmentsAt(database.db, instant, user.id)).get(user.id);
    expect(await at('2030-05-31T23:59:59.999Z')).toEqual({ department: '办公室', rank: '科员' });
    expect(await at(promoted)).toEqual({ department: '办公室', rank: '处长' });
    expect(await at('2030-08-31T23:59:59.999Z')).toEqual({ department: '办公室', rank: '处长' });
    expect(await at('2031-01-01T00:00:00.000Z')).toEqual({ department: '大数据局', rank: '处长' });
    // Before the account existed: its first entry.
    expect(await at('2000-01-01T00:00:00.000Z')).toEqual({ department: '办公室', rank: '科员' });
    expect((await assignmentHistory(database.db, user.id)).map((entry) => entry.source)).toEqual(['initial', 'admin', 'ldap']);
  });
});
