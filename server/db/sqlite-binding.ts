// Opens a SQLite file through the binding for the running Node: Node 24 and later use the
// built-in node:sqlite and load no native addon at all; Node 22 uses better-sqlite3 13, a
// Node-API addon. Kysely sees one API.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export type SqliteBinding = 'node:sqlite' | 'better-sqlite3';

export interface SqliteFile {
  readonly binding: SqliteBinding;
  /** For Kysely's SqliteDialect. */
  readonly database: SqliteDatabase;
  /** Runs `pragma <setting>` and returns the first value it answers, if any. */
  pragma(setting: string): unknown;
}

/** The parts of node:sqlite used here, typed narrowly so the module loads lazily (see require below). */
interface NodeSqliteStatement {
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
  columns(): unknown[];
}
interface NodeSqliteDatabase {
  prepare(sql: string): NodeSqliteStatement;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string) => NodeSqliteDatabase;
}

const require = createRequire(import.meta.url);

export function preferredBinding(nodeVersion = process.versions.node): SqliteBinding {
  return Number(nodeVersion.split('.')[0]) >= 24 ? 'node:sqlite' : 'better-sqlite3';
}

/** Prepared statements kept per connection, by SQL text (the most recently used). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query again, and preparing costs more than running a small INSERT; the
 * same few SQL texts run thousands of times a minute under load, so prepared statements are kept
 * (least recently used dropped first). A statement still being iterated (a streamed export) is
 * never handed out twice: that query gets a fresh one.
 */
export function cachePrepared<S extends { readonly busy?: boolean }>(
  prepare: (sql: string) => S,
  size = STATEMENT_CACHE_SIZE,
): (sql: string) => S {
  const cache = new Map<string, S>();
  return (sql) => {
    const cached = cache.get(sql);
    if (cached !== undefined) {
      if (cached.busy) return prepare(sql);
      // Re-inserted, so the Map's order is least recently used first.
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    cache.set(sql, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return statement;
  };
}

function firstValue(row: unknown): unknown {
  return typeof row === 'object' && row !== null ? Object.values(row)[0] : undefined;
}

function openNodeSqlite(file: string): SqliteFile {
  const { DatabaseSync } = require('node:sqlite') as NodeSqliteModule;
  const connection = new DatabaseSync(file);
  const prepare = cachePrepared((sql: string) => {
    const statement = connection.prepare(sql);
    let iterating = 0;
    const wrapped = {
      // A statement that yields columns returns rows (SELECT, or anything with RETURNING).
      reader: statement.columns().length > 0,
      get busy() {
        return iterating > 0;
      },
      all: (parameters: ReadonlyArray<unknown>) => statement.all(...parameters),
      run: (parameters: ReadonlyArray<unknown>) => statement.run(...parameters),
      *iterate(parameters: ReadonlyArray<unknown>) {
        iterating += 1;
        try {
          yield* statement.iterate(...parameters);
        } finally {
          iterating -= 1;
        }
      },
    };
    return wrapped satisfies SqliteStatement;
  });
  const database: SqliteDatabase = { close: () => connection.close(), prepare };
  return { binding: 'node:sqlite', database, pragma: (setting) => firstValue(connection.prepare(`pragma ${setting}`).all()[0]) };
}

/**
 * The better-sqlite3 addon, loaded only when it is needed, so Node 24 never loads it at all. It is
 * an optional dependency: where it is missing or its binary does not fit this machine, the error
 * says what to do instead.
 */
export function loadBetterSqlite(load: (name: string) => unknown = require): typeof BetterSqlite3 {
  try {
    return load('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `Node ${process.versions.node} keeps SQLite through the better-sqlite3 addon, which could not be loaded (${reason}). ` +
        'Run Node 24 or later, which has SQLite built in; or reinstall with `npm install` on this machine; or, on a platform ' +
        'without a prebuilt binary, build it with a C/C++ toolchain: `cd node_modules/better-sqlite3 && npx node-gyp rebuild`.',
      { cause: error },
    );
  }
}

function openBetterSqlite(file: string): SqliteFile {
  const Database = loadBetterSqlite();
  const connection = new Database(file);
  const prepare = cachePrepared((sql: string) => connection.prepare(sql));
  const database: SqliteDatabase = {
    close: () => connection.close(),
    prepare: (sql) => prepare(sql) as unknown as SqliteStatement,
  };
  return { binding: 'better-sqlite3', database, pragma: (setting) => connection.pragma(setting, { simple: true }) };
}

export function openSqliteFile(file: string, binding: SqliteBinding = preferredBinding()): SqliteFile {
  return binding === 'node:sqlite' ? openNodeSqlite(file) : openBetterSqlite(file);
}
