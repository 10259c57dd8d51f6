// The SQLite binding's prepared-statement cache, on the real driver of this Node: the same SQL
// text reuses one statement, the least recently used falls out, and a statement still being
// iterated (a streamed export) is never handed to a second query.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachePrepared, openSqliteFile, preferredBinding, type SqliteFile } from './sqlite-binding.ts';

describe('cachePrepared', () => {
  it('prepares each SQL text once, drops the least recently used beyond the size, and never reuses a busy statement', () => {
    const prepared: string[] = [];
    const prepare = cachePrepared((sql: string) => {
      prepared.push(sql);
      return { sql, busy: false as boolean };
    }, 2);
    const a = prepare('a');
    expect(prepare('a')).toBe(a);
    prepare('b');
    prepare('a'); // a is now the most recently used
    prepare('c'); // drops b
    expect(prepared).toEqual(['a', 'b', 'c']);
    expect(prepare('a')).toBe(a);
    prepare('b');
    expect(prepared).toEqual(['a', 'b', 'c', 'b']);
    a.busy = true;
    const other = prepare('a');
    expect(other).not.toBe(a);
    expect(prepared.at(-1)).toBe('a');
  });
});

describe(`SQLite statements through ${preferredBinding()}`, () => {
  let dir: string;
  let file: SqliteFile;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-binding-'));
    file = openSqliteFile(path.join(dir, 'test.sqlite'));
    file.database.prepare('create table t (n integer primary key, label text not null)').run([]);
  });
  afterAll(async () => {
    file.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reuses the prepared statement for a repeated query and still answers each with its own parameters', () => {
    const insert = 'insert into t (n, label) values (?, ?)';
    const first = file.database.prepare(insert);
    for (let n = 1; n <= 50; n++) {
      expect(file.database.prepare(insert)).toBe(first);
      first.run([n, `row ${n}`]);
    }
    const select = 'select label from t where n = ?';
    expect(file.database.prepare(select).all([7])).toEqual([{ label: 'row 7' }]);
    expect(file.database.prepare(select).all([42])).toEqual([{ label: 'row 42' }]);
    expect(file.database.prepare(select).reader).toBe(true);
    expect(file.database.prepare(insert).reader).toBe(false);
  });

  it('runs the same query in full while a statement with that text is half-way through an iteration', () => {
    const sql = 'select n from t where n <= ? order by n';
    const outer = file.database.prepare(sql).iterate([5])[Symbol.iterator]();
    expect(outer.next().value).toEqual({ n: 1 });
    // The cached statement is busy: this query gets its own.
    expect(file.database.prepare(sql).all([3])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const rest: unknown[] = [];
    for (let step = outer.next(); !step.done; step = outer.next()) rest.push(step.value);
    expect(rest).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]);
    // Done iterating: the cached statement serves again.
    expect(file.database.prepare(sql).all([2])).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
