// The database layer on real engines: SQLite durability settings, the data folder, numbered
// migrations applied once, PostgreSQL schemas, and messages for bad configuration.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseConfigFromEnv, openDatabase, redactUrl, SQLITE_FILE_NAME } from './database.ts';
import { migrationsFor } from '../migrations.ts';
import { loadBetterSqlite, preferredBinding } from './sqlite-binding.ts';
import { TEST_DATABASES } from './test-databases.ts';
import type { TestDatabase } from './test-databases.ts';
import { writeTransaction } from './write-transaction.ts';

describe('SQLite database', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-sqlite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the data folder and opens the file in WAL mode with synchronous FULL', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const database = await openDatabase({ dataDir }, migrationsFor);
    try {
      expect(database.dialect).toBe('sqlite');
      expect(database.driver).toBe(preferredBinding());
      expect(existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      // 2 = FULL: every commit is synced, so no acknowledged write is lost in a power cut.
      expect(await pragma('synchronous')).toBe(2);
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
    } finally {
      await database.close();
    }
  });

  it('uses node:sqlite from Node 24 on and better-sqlite3 before', () => {
    // Node 24's node:sqlite is stable; on Node 22 the better-sqlite3 addon serves.
    expect(preferredBinding('20.19.0')).toBe('better-sqlite3');
    expect(preferredBinding('22.12.0')).toBe('better-sqlite3');
    expect(preferredBinding('24.0.0')).toBe('node:sqlite');
    expect(preferredBinding('26.1.0')).toBe('node:sqlite');
  });

  it('loads the optional better-sqlite3 addon, and says what to do where it cannot be loaded', () => {
    expect(typeof loadBetterSqlite()).toBe('function');
    const missing = () => {
      throw new Error("Cannot find module 'better-sqlite3'\nRequire stack: …");
    };
    expect(() => loadBetterSqlite(missing)).toThrow(
      /better-sqlite3 addon, which could not be loaded \(Cannot find module 'better-sqlite3'\)\. Run Node 24 or later/,
    );
  });

  it('applies each numbered migration once, across reopenings', async () => {
    const dataDir = path.join(dir, 'migrations');
    for (let round = 0; round < 2; round += 1) {
      const database = await openDatabase({ dataDir }, migrationsFor);
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
      expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(migrationsFor('sqlite')));
      await database.close();
    }
    expect(Object.keys(migrationsFor('sqlite')).every((name) => /^\d{4}-[a-z0-9-]+$/.test(name))).toBe(true);
  });

  it('reads DATABASE_URL and DATA_DIR from the environment', () => {
    expect(databaseConfigFromEnv({})).toEqual({ databaseUrl: undefined, dataDir: undefined });
    expect(databaseConfigFromEnv({ DATABASE_URL: 'postgres://x', DATA_DIR: '/srv/shixun' })).toEqual({
      databaseUrl: 'postgres://x',
      dataDir: '/srv/shixun',
    });
    expect(databaseConfigFromEnv({ DATABASE_URL: '' })).toEqual({ databaseUrl: undefined, dataDir: undefined });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, and says what to do', async () => {
    await expect(openDatabase({ databaseUrl: 'mysql://localhost/shixun' }, migrationsFor)).rejects.toThrow(
      /must be a PostgreSQL URL/,
    );
    await expect(
      openDatabase({ databaseUrl: 'postgres://u:p@127.0.0.1:1/x', schema: 'Bad-Name' }, migrationsFor),
    ).rejects.toThrow(/schema name/);
    expect(redactUrl('postgres://user:hunter2@db:5432/shixun')).toBe('postgres://user:***@db:5432/shixun');
  });

  it('explains an unreachable PostgreSQL without leaking the password', async () => {
    const failure = openDatabase({ databaseUrl: 'postgres://user:hunter2@127.0.0.1:1/shixun' }, migrationsFor);
    await expect(failure).rejects.toThrow(/Cannot reach PostgreSQL at postgres:\/\/user:\*\*\*@127\.0\.0\.1:1\/shixun/);
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });
});

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`write transactions on ${variant.name}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await variant.open();
    });
    afterAll(async () => {
      await database?.dispose();
    });

    it('commits every write of a transaction or none', async () => {
      const row = (key: string) => ({ key, secret_hash: 'x', scopes: 'all', label: key, created: new Date().toISOString() });
      await writeTransaction(database, (trx) =>
        trx
          .insertInto('xapi_credentials')
          .values([row('kept-1'), row('kept-2')])
          .execute(),
      );
      await expect(
        writeTransaction(database, async (trx) => {
          await trx.insertInto('xapi_credentials').values(row('rolled-back')).execute();
          await trx.insertInto('xapi_credentials').values(row('kept-1')).execute();
        }),
      ).rejects.toThrow();
      const keys = await database.db.selectFrom('xapi_credentials').select('key').orderBy('key').execute();
      expect(keys.map((item) => item.key)).toEqual(['kept-1', 'kept-2']);
    });

    it('serializes concurrent writers without losing an update', async () => {
      await database.db
        .insertInto('xapi_credentials')
        .values({ key: 'counter', secret_hash: '0', scopes: '', label: '', created: '' })
        .execute();
      await Promise.all(
        Array.from({ length: 20 }, () =>
          writeTransaction(database, async (trx) => {
            // Locks the row first on PostgreSQL, as the SQLite write lock does for the whole file.
            const lock = database.dialect === 'postgres' ? sql` for update` : sql``;
            const current = await sql<{
              secret_hash: string;
            }>`select secret_hash from xapi_credentials where key = 'counter'${lock}`.execute(trx);
            const next = String(Number(current.rows[0]?.secret_hash) + 1);
            await trx.updateTable('xapi_credentials').set({ secret_hash: next }).where('key', '=', 'counter').execute();
          }),
        ),
      );
      const final = await database.db
        .selectFrom('xapi_credentials')
        .select('secret_hash')
        .where('key', '=', 'counter')
        .executeTakeFirstOrThrow();
      expect(final.secret_hash).toBe('20');
    });

    it('keeps its tables in its own schema on PostgreSQL', async () => {
      if (database.dialect !== 'postgres') return;
      const tables = await sql<{
        table_schema: string;
      }>`select table_schema from information_schema.tables where table_name = 'xapi_statements'`.execute(database.db);
      const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
      expect(current.rows[0]?.schema).toMatch(/^shixun_test_/);
      expect(tables.rows.map((row) => row.table_schema)).toContain(current.rows[0]?.schema);
    });
  });
}
