// Group commit: concurrent writes share transactions on SQLite (fewer commits than writes) and
// keep their own transactions on PostgreSQL, while each write stays all-or-nothing, hears only
// its own error, and the order of `stored` and insertion is kept — on every database.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../db/test-databases.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { XapiError } from './errors.ts';
import { GroupCommitter } from './group-commit.ts';
import { prepareStatement } from './statement-prepare.ts';
import type { PreparedStatement } from './statement-prepare.ts';
import { StatementStore } from './statement-store.ts';
import { statement, VERBS } from './test-support/statements.ts';
import type { Statement } from './types.ts';
import { WriteClock } from './write-clock.ts';

const AUTHORITY = { objectType: 'Agent', name: 'test', account: { homePage: 'https://lrs.shixun.test/', name: 'test' } } as const;

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`group commit on ${variant.name}`, () => {
    let database: TestDatabase;
    const commits: number[] = [];
    let store: StatementStore;
    const clock = new WriteClock();

    beforeAll(async () => {
      database = await variant.open();
      store = new StatementStore(database, { groupCommit: { onCommit: (writes) => commits.push(writes) } });
    });
    afterAll(async () => {
      await database?.dispose();
    });

    /** Prepares statements as the POST route does: one `stored` per request, from the shared clock. */
    function prepared(...items: Array<Record<string, unknown>>): PreparedStatement[] {
      const write = clock.begin();
      write.end();
      return items.map((item) =>
        prepareStatement(item as unknown as Statement, { stored: write.stored, authority: AUTHORITY, defaultVersion: '2.0.0' }),
      );
    }

    async function count(ids: readonly string[]): Promise<number> {
      const row = await database.db
        .selectFrom('xapi_statements')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('id', 'in', [...ids])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    /** Runs `calls` concurrently and returns how many commits they took. */
    async function commitsFor<T>(calls: () => Promise<T>): Promise<{ result: T; commits: number; writes: number }> {
      const before = commits.length;
      const result = await calls();
      const taken = commits.slice(before);
      return { result, commits: taken.length, writes: taken.reduce((sum, n) => sum + n, 0) };
    }

    it('stores 40 concurrent writes, in fewer transactions than writes on SQLite', async () => {
      const batches = Array.from({ length: 40 }, (_, i) => prepared(...Array.from({ length: 1 + (i % 3) }, () => statement())));
      const {
        result,
        commits: taken,
        writes,
      } = await commitsFor(() => Promise.allSettled(batches.map((batch) => store.store(batch, []))));
      expect(result.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
      expect(await count(batches.flat().map((item) => item.id))).toBe(batches.flat().length);
      expect(writes).toBe(40);
      if (variant.name === 'sqlite') expect(taken).toBeLessThan(10);
      else expect(taken).toBe(40);
    });

    it('fails a conflicting write alone; the writes sharing its transaction are stored', async () => {
      const [existing] = prepared(statement());
      await store.store([existing!], []);
      const good = Array.from({ length: 10 }, () => prepared(statement()));
      const conflicting = prepared({
        ...(existing!.statement as unknown as Record<string, unknown>),
        verb: { id: VERBS.completed },
      });
      // A batch with a fresh statement and the conflict: all-or-nothing, so the fresh one is not stored.
      const [innocent] = prepared(statement());
      const mixed = [
        innocent!,
        ...prepared({ ...(existing!.statement as unknown as Record<string, unknown>), result: { success: true } }),
      ];
      // A voiding statement that targets a voiding statement is refused with 400.
      const [voiding] = prepared(
        statement({ verb: { id: VERBS.voided }, object: { objectType: 'StatementRef', id: randomUUID() } }),
      );
      await store.store([voiding!], []);
      const badVoid = prepared(
        statement({ verb: { id: VERBS.voided }, object: { objectType: 'StatementRef', id: voiding!.id } }),
      );
      const writes = [good[0]!, conflicting, ...good.slice(1, 5), mixed, badVoid, ...good.slice(5)];
      const { result, commits: taken } = await commitsFor(() =>
        Promise.allSettled(writes.map((batch) => store.store(batch, []))),
      );
      const failures = result.flatMap((outcome, index) =>
        outcome.status === 'rejected' ? [{ index, error: outcome.reason as unknown }] : [],
      );
      expect(failures.map((failure) => failure.index)).toEqual([1, 6, 7]);
      expect(failures.map((failure) => (failure.error instanceof XapiError ? failure.error.statusCode : failure.error))).toEqual([
        409, 409, 400,
      ]);
      expect(await count(good.flat().map((item) => item.id))).toBe(10);
      expect(await count([innocent!.id, badVoid[0]!.id])).toBe(0);
      const kept = await store.find(existing!.id, false);
      expect(kept?.verb.id).toBe(VERBS.answered);
      if (variant.name === 'sqlite') expect(taken).toBeLessThan(writes.length);
    });

    // On PostgreSQL these five race in their own transactions, so which one wins is not fixed.
    it.skipIf(variant.name !== 'sqlite')('checks each write against the writes before it in the same transaction', async () => {
      const [plain] = prepared(statement());
      const changed = prepared({ ...(plain!.statement as unknown as Record<string, unknown>), verb: { id: VERBS.completed } });
      const [voiding] = prepared(
        statement({ verb: { id: VERBS.voided }, object: { objectType: 'StatementRef', id: plain!.id } }),
      );
      const voidingTheVoiding = prepared(
        statement({ verb: { id: VERBS.voided }, object: { objectType: 'StatementRef', id: voiding!.id } }),
      );
      const again = prepared(plain!.statement as unknown as Record<string, unknown>);
      const { result, commits: taken } = await commitsFor(() =>
        Promise.allSettled([[plain!], changed, [voiding!], voidingTheVoiding, again].map((batch) => store.store(batch, []))),
      );
      expect(result.map((outcome) => (outcome.status === 'fulfilled' ? 200 : (outcome.reason as XapiError).statusCode))).toEqual([
        200, 409, 200, 400, 200,
      ]);
      expect(await store.find(plain!.id, true)).toMatchObject({ id: plain!.id, verb: { id: VERBS.answered } });
      expect(await store.find(voiding!.id, false)).toMatchObject({ id: voiding!.id });
      expect(await count([voidingTheVoiding[0]!.id])).toBe(0);
      expect(taken).toBe(1);
    });

    it('stores one id sent concurrently exactly once, and lets one of several different versions win', async () => {
      const same = statement();
      const copies = Array.from({ length: 20 }, () => prepared(same));
      const sameResults = await Promise.allSettled(copies.map((batch) => store.store(batch, [])));
      expect(sameResults.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
      expect(await count([String(same.id)])).toBe(1);
      const agents = await database.db
        .selectFrom('xapi_statement_agents')
        .select('agent_key')
        .where('statement_id', '=', String(same.id))
        .execute();
      expect(new Set(agents.map((row) => row.agent_key)).size).toBe(agents.length);

      const id = randomUUID();
      const versions = Array.from({ length: 10 }, (_, i) => prepared(statement({ id, result: { response: `answer ${i}` } })));
      const results = await Promise.allSettled(versions.map((batch) => store.store(batch, [])));
      expect(results.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(
        results.filter(
          (outcome) => outcome.status === 'rejected' && outcome.reason instanceof XapiError && outcome.reason.statusCode === 409,
        ),
      ).toHaveLength(9);
      expect(await count([id])).toBe(1);
    });

    // PostgreSQL commits concurrent writes in whatever order they finish; `stored` (from the
    // clock) orders them there, and seq only breaks ties.
    it.skipIf(variant.name !== 'sqlite')('keeps insertion order the order in which writes were made', async () => {
      const writes = Array.from({ length: 30 }, () => prepared(statement()));
      await Promise.all(writes.map((batch) => store.store(batch, [])));
      const ids = writes.map((batch) => batch[0]!.id);
      const rows = await database.db
        .selectFrom('xapi_statements')
        .select(['id', 'stored'])
        .where('id', 'in', ids)
        .orderBy('seq')
        .execute();
      expect(rows.map((row) => row.id)).toEqual(ids);
      const stored = rows.map((row) => row.stored);
      expect([...stored].sort()).toEqual(stored);
    });

    it('splits groups by weight and answers every item with its own value or error', async () => {
      const counted: number[] = [];
      const committer = new GroupCommitter<number, number>(
        database,
        async (trx, items) => {
          await sql`select 1`.execute(trx);
          return items.map((item) =>
            item === 4 ? { ok: false, error: new XapiError(400, `item ${item} refuses`) } : { ok: true, value: item * 10 },
          );
        },
        { maxWeight: 3, onCommit: (items) => counted.push(items) },
      );
      const results = await Promise.allSettled(Array.from({ length: 9 }, (_, i) => committer.submit(i)));
      expect(
        results.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message)),
      ).toEqual([0, 10, 20, 30, 'item 4 refuses', 50, 60, 70, 80]);
      if (variant.name === 'sqlite') {
        expect(counted).toEqual([3, 3, 3]);
      } else {
        // Per-request transactions: the refused item rolled back and never committed.
        expect(counted).toHaveLength(8);
      }
    });

    it('fails every item of a group whose handler throws, and commits none of it', async () => {
      const id = randomUUID();
      const committer = new GroupCommitter<string, string>(database, async (trx, items) => {
        await trx
          .insertInto('xapi_credentials')
          .values({ key: id, secret_hash: 'x', scopes: 'all', label: items.join(','), created: new Date().toISOString() })
          .execute();
        throw new Error('the disk is full');
      });
      const results = await Promise.allSettled(['a', 'b', 'c'].map((item) => committer.submit(item)));
      expect(results.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as Error).message : 'stored'))).toEqual([
        'the disk is full',
        'the disk is full',
        'the disk is full',
      ]);
      expect(await database.db.selectFrom('xapi_credentials').select('key').where('key', '=', id).execute()).toEqual([]);
    });
  });
}
