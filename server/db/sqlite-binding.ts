// Opens a SQLite file through the binding that is safe on the running Node. Node 24.19+ aborts
// the process when better-sqlite3 12 (legacy node::ObjectWrap) finalizes a statement after its
// environment is gone (nodejs/node#65446), and better-sqlite3 13 does not run on Node 20; so
// Node 24+ uses the built-in node:sqlite and Node 20/22 better-sqlite3 12. Kysely sees one API.
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

/** The parts of node:sqlite used here (the project's @types/node is Node 20's, which lacks it). */
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

function firstValue(row: unknown): unknown {
  return typeof row === 'object' && row !== null ? Object.values(row)[0] : undefined;
}

function openNodeSqlite(file: string): SqliteFile {
  const { DatabaseSync } = require('node:sqlite') as NodeSqliteModule;
  const connection = new DatabaseSync(file);
  const database: SqliteDatabase = {
    close: () => connection.close(),
    prepare(sql: string): SqliteStatement {
      const statement = connection.prepare(sql);
      return {
        // A statement that yields columns returns rows (SELECT, or anything with RETURNING).
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...parameters),
        run: (parameters) => statement.run(...parameters),
        iterate: (parameters) => statement.iterate(...parameters),
      };
    },
  };
  return { binding: 'node:sqlite', database, pragma: (setting) => firstValue(connection.prepare(`pragma ${setting}`).all()[0]) };
}

function openBetterSqlite(file: string): SqliteFile {
  // Loaded only here, so Node 24 never loads the addon at all.
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const connection = new Database(file);
  return { binding: 'better-sqlite3', database: connection, pragma: (setting) => connection.pragma(setting, { simple: true }) };
}

export function openSqliteFile(file: string, binding: SqliteBinding = preferredBinding()): SqliteFile {
  return binding === 'node:sqlite' ? openNodeSqlite(file) : openBetterSqlite(file);
}
