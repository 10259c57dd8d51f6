// Test helper: the databases a server test suite runs against. SQLite always (a temp folder per
// suite); PostgreSQL when SHIXUN_TEST_DATABASE_URL or DATABASE_URL is set (a fresh schema per suite).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrationsFor } from '../migrations.ts';
import { openDatabase } from './database.ts';
import type { Database, DatabaseConfig, Dialect } from './database.ts';

export interface TestDatabase extends Database {
  /** How to open this very database again (from another process). */
  readonly config: DatabaseConfig;
  /** Closes the database and removes its folder or schema. */
  dispose(): Promise<void>;
}

export interface TestDatabaseVariant {
  readonly name: Dialect;
  /** False when no PostgreSQL URL is set: the suite is reported as skipped. */
  readonly available: boolean;
  open(): Promise<TestDatabase>;
}

export const TEST_POSTGRES_URL = process.env.SHIXUN_TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

async function openTestSqlite(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shixun-db-'));
  const config = { dataDir: dir };
  const database = await openDatabase(config, migrationsFor);
  return {
    ...database,
    config,
    async dispose() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function openTestPostgres(url: string): Promise<TestDatabase> {
  const schema = `shixun_test_${randomBytes(6).toString('hex')}`;
  const config = { databaseUrl: url, schema, poolSize: 12 };
  const database = await openDatabase(config, migrationsFor);
  return {
    ...database,
    config,
    async dispose() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db).catch(() => undefined);
      await database.close();
    },
  };
}

export const TEST_DATABASES: readonly TestDatabaseVariant[] = [
  { name: 'sqlite', available: true, open: openTestSqlite },
  {
    name: 'postgres',
    available: TEST_POSTGRES_URL !== undefined,
    open: () => {
      if (TEST_POSTGRES_URL === undefined)
        throw new Error('Set SHIXUN_TEST_DATABASE_URL to a PostgreSQL URL to run the PostgreSQL variant.');
      return openTestPostgres(TEST_POSTGRES_URL);
    },
  },
];
