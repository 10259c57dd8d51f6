// Opens the server's one database: SQLite under DATA_DIR by default, PostgreSQL when a
// postgres:// URL is given. Both sit behind the same Kysely query layer; migrations run on open.
// The migrations themselves are the features' (composed in server/migrations.ts): whoever opens
// the database passes that list, so this file knows no feature.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Migration, MigrationProvider } from 'kysely/migration';
import pg from 'pg';
import type { Dialect } from './dialect.ts';
import { openSqliteFile } from './sqlite-binding.ts';
import type { SqliteBinding } from './sqlite-binding.ts';
import type { DatabaseSchema } from './schema.ts';

export type { Dialect } from './dialect.ts';

/** Every migration by a name whose number fixes its order, for one dialect (server/migrations.ts). */
export type MigrationList = (dialect: Dialect) => Record<string, Migration>;

export interface DatabaseConfig {
  /** `postgres://…` or `postgresql://…`: use PostgreSQL. Unset: SQLite. */
  readonly databaseUrl?: string | undefined;
  /** Folder of the SQLite file `shixun.sqlite`, created if missing. Default `./data`. */
  readonly dataDir?: string | undefined;
  /** PostgreSQL schema to keep the tables in, created if missing. Default `public`. */
  readonly schema?: string | undefined;
  /** Most PostgreSQL connections this process holds. Default 10. */
  readonly poolSize?: number | undefined;
  /** Apply pending migrations on open. Default true. */
  readonly migrate?: boolean | undefined;
  /** SQLite binding; by default the one that is safe on the running Node (sqlite-binding.ts). */
  readonly sqliteBinding?: SqliteBinding | undefined;
}

export interface Database {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: Dialect;
  /** Which client library talks to the database, for logs and diagnostics. */
  readonly driver: SqliteBinding | 'pg';
  close(): Promise<void>;
}

export const SQLITE_FILE_NAME = 'shixun.sqlite';

/** Reads `DATABASE_URL` and `DATA_DIR`, the two settings a person deploying Shixun sets. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv): DatabaseConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || undefined };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Makes `file` readable and writable by its owner only, when it exists and this process owns it. */
function ownerOnly(file: string): void {
  if (!existsSync(file)) return;
  try {
    chmodSync(file, 0o600);
  } catch (error) {
    // A file another account owns keeps the mode that account gave it.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

function openSqlite(dataDir: string, binding: SqliteBinding | undefined): { db: Kysely<DatabaseSchema>; driver: SqliteBinding } {
  // Owner-only: the folder (when this process makes it) and the database. SQLite gives the -wal
  // and -shm files it creates the database file's mode; ones left by an earlier start are tightened too.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  closeSync(openSync(file, 'a', 0o600));
  for (const item of [file, `${file}-wal`, `${file}-shm`]) ownerOnly(item);
  const connection = openSqliteFile(file, binding);
  // WAL lets readers run beside the one writer. In WAL mode `synchronous = NORMAL` skips the
  // fsync at each commit, so a power cut can lose the last acknowledged transactions; FULL
  // syncs the WAL on every commit, so a statement we answered 200 for survives any crash.
  const mode = connection.pragma('journal_mode = WAL');
  if (String(mode).toLowerCase() !== 'wal') {
    connection.database.close();
    throw new Error(
      `SQLite could not switch ${file} to WAL mode (got "${String(mode)}"): keep DATA_DIR on a local disk, not a network share.`,
    );
  }
  connection.pragma('synchronous = FULL');
  // Another process (a second server on the same file, a backup) may hold the write lock briefly.
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  return {
    db: new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: connection.database }) }),
    driver: connection.binding,
  };
}

/** pg returns BIGINT as a string to be safe; our sequence numbers stay far below 2^53. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function openPostgres(url: string, schema: string, poolSize: number): Kysely<DatabaseSchema> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: pgTypes,
    // Every connection resolves unqualified table names in our schema.
    options: `-c search_path=${schema}`,
  });
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
}

/** Hands Kysely's Migrator the in-code list (no migration folder to ship). */
class InCodeMigrationProvider implements MigrationProvider {
  constructor(
    readonly migrations: MigrationList,
    readonly dialect: Dialect,
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations(this.dialect);
  }
}

async function migrate(
  db: Kysely<DatabaseSchema>,
  migrations: MigrationList,
  dialect: Dialect,
  schema: string | undefined,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(migrations, dialect),
    // Kysely looks for its bookkeeping table in every schema unless told which one is ours.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed} failed: ${reason}`, { cause: error });
  }
}

/** Opens the database and, unless `config.migrate` is false, applies the pending `migrations`. */
export async function openDatabase(config: DatabaseConfig, migrations: MigrationList): Promise<Database> {
  const url = config.databaseUrl;
  let db: Kysely<DatabaseSchema>;
  let dialect: Dialect;
  let driver: Database['driver'] = 'pg';
  let schema: string | undefined;
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(
        'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/shixun; unset it to use SQLite under DATA_DIR.',
      );
    }
    schema = config.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema))
      throw new Error(`"${schema}" is not a usable PostgreSQL schema name: use lowercase letters, digits and _.`);
    dialect = 'postgres';
    db = openPostgres(url, schema, config.poolSize ?? 10);
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (error) {
      await db.destroy();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Cannot reach PostgreSQL at ${redactUrl(url)}: ${reason}. Check DATABASE_URL and that the server is running.`,
        { cause: error },
      );
    }
  } else {
    dialect = 'sqlite';
    ({ db, driver } = openSqlite(path.resolve(config.dataDir ?? 'data'), config.sqliteBinding));
  }
  if (config.migrate !== false) {
    try {
      await migrate(db, migrations, dialect, schema);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  let closed = false;
  return {
    db,
    dialect,
    driver,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
