// The incremental check before each append, on SQLite and PostgreSQL, as attacks by an insider
// with database access and no key: the stored Merkle frontier edited; an old entry edited (caught
// by the full check at start and every N appends, never signed into a checkpoint in between); the
// log rolled back and re-extended by a second instance (caught by the first one's next append).
// Also: a database from before the frontier gets one at start.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { entryLeaf } from './chain.ts';
import { KEY_FILE_NAME } from './ledger-key.ts';
import { Ledger, entryOfRow, frontierText, fullCheckEveryFromEnv } from './ledger.ts';
import type { LedgerOptions } from './ledger.ts';
import { TreeBuilder } from './merkle.ts';
import { verifyLedgerExport } from './verify.ts';
import { append, exportOf } from './test-support/ledger-appends.ts';

describe.each(TEST_DATABASES)('incremental ledger checks on $name', (variant) => {
  let database: TestDatabase;
  let keyDir: string;
  const alarms: string[] = [];
  const open = (options: Partial<LedgerOptions> = {}) =>
    Ledger.open(database, { keyDir, alarm: (message) => alarms.push(message), ...options });
  const head = () => database.db.selectFrom('ledger_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const count = async () => (await database.db.selectFrom('ledger_entries').select('seq').execute()).length;

  beforeEach(async () => {
    if (!variant.available) return;
    alarms.length = 0;
    database = await variant.open();
    keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-incremental-'));
  });

  afterEach(async () => {
    if (!variant.available) return;
    await database.dispose();
    await rm(keyDir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)('stores the frontier of the log with its head, after every append', async () => {
    const ledger = await open();
    expect((await head()).frontier).toBe('[]');
    for (let n = 1; n <= 7; n += 1) await append(database, ledger, n);
    const rows = await database.db.selectFrom('ledger_entries').selectAll().orderBy('seq').execute();
    const builder = new TreeBuilder();
    for (const row of rows) builder.push(entryLeaf(entryOfRow(row)));
    const stored = await head();
    // Seven entries: subtrees of 4, 2 and 1 along the right edge.
    expect(JSON.parse(stored.frontier ?? '')).toHaveLength(3);
    expect(stored.frontier).toBe(frontierText(builder));
    expect((await ledger.latestCheckpoint()).root).toBe(builder.root().toString('hex'));
  });

  it.skipIf(!variant.available)('refuses the next append and the start when the stored frontier was edited', async () => {
    const ledger = await open();
    for (let n = 1; n <= 3; n += 1) await append(database, ledger, n);
    const genuine = (await head()).frontier ?? '';
    // The insider puts the frontier of another log of three entries in its place.
    const other = new TreeBuilder();
    for (const leaf of ['x', 'y', 'z']) other.push(Buffer.alloc(32, leaf));
    await database.db
      .updateTable('ledger_head')
      .set({ frontier: frontierText(other) })
      .where('id', '=', 1)
      .execute();
    await expect(append(database, ledger, 4)).rejects.toThrow(/Results cannot be recorded now.*Merkle frontier/);
    expect(await count()).toBe(3);
    expect(alarms.at(-1)).toMatch(/^LEDGER INTEGRITY FAILURE: the Merkle frontier stored in ledger_head/);
    await expect(open()).rejects.toThrow(/LEDGER INTEGRITY FAILURE: the Merkle frontier stored in ledger_head/);
    // A frontier that is not one at all (wrong number of hashes for the size) is refused the same way.
    await database.db.updateTable('ledger_head').set({ frontier: '["00"]' }).where('id', '=', 1).execute();
    await expect(append(database, ledger, 4)).rejects.toThrow(/Merkle frontier/);
    await database.db.updateTable('ledger_head').set({ frontier: genuine }).where('id', '=', 1).execute();
    expect(await append(database, ledger, 4)).toBe(4);
  });

  it.skipIf(!variant.available)(
    'an old entry edited in place is caught by the full check every N appends and at start, and never signed over',
    async () => {
      const ledger = await open({ fullCheckEvery: 3 });
      for (let n = 1; n <= 3; n += 1) await append(database, ledger, n);
      const row = await database.db.selectFrom('ledger_entries').select('payload').where('seq', '=', 1).executeTakeFirstOrThrow();
      await database.db
        .updateTable('ledger_entries')
        .set({ payload: row.payload.replace('0.01', '0.99') })
        .where('seq', '=', 1)
        .execute();
      // Reports check the whole log at once.
      expect(await ledger.check()).toMatchObject({
        ok: false,
        problem: expect.stringContaining("entry 1's hash chain is broken"),
      });
      // The appends in between read only the head's end of the log: they go through, and their
      // checkpoints are over the entries as recorded (from the frontier), not as edited.
      expect(await append(database, ledger, 4)).toBe(4);
      expect(await append(database, ledger, 5)).toBe(5);
      const edited = verifyLedgerExport(await exportOf(database, ledger), { publicKeyPem: ledger.publicKeyPem });
      expect(edited).toMatchObject({ ok: false, seq: 1, problem: expect.stringContaining('does not match the entry') });
      // The third append since the last full check re-reads the whole log and is refused.
      await expect(append(database, ledger, 6)).rejects.toThrow(/entry 1's hash chain is broken/);
      expect(await count()).toBe(5);
      await expect(open()).rejects.toThrow(/entry 1's hash chain is broken/);
      // Put back, the log verifies with the checkpoints signed in between.
      await database.db.updateTable('ledger_entries').set({ payload: row.payload }).where('seq', '=', 1).execute();
      expect(await append(database, ledger, 6)).toBe(6);
      expect(verifyLedgerExport(await exportOf(database, ledger), { publicKeyPem: ledger.publicKeyPem })).toMatchObject({
        ok: true,
        entries: 6,
      });
    },
  );

  it.skipIf(!variant.available)('with SHIXUN_LEDGER_FULL_CHECK_EVERY=1 every append checks the whole log', async () => {
    expect(fullCheckEveryFromEnv('1')).toBe(1);
    expect(fullCheckEveryFromEnv(undefined)).toBeUndefined();
    expect(() => fullCheckEveryFromEnv('0')).toThrow(/SHIXUN_LEDGER_FULL_CHECK_EVERY=0 is not a whole number/);
    expect(() => fullCheckEveryFromEnv('often')).toThrow(/SHIXUN_LEDGER_FULL_CHECK_EVERY=often/);
    const ledger = await open({ fullCheckEvery: 1 });
    await append(database, ledger, 1);
    await append(database, ledger, 2);
    const row = await database.db.selectFrom('ledger_entries').select('payload').where('seq', '=', 1).executeTakeFirstOrThrow();
    await database.db
      .updateTable('ledger_entries')
      .set({ payload: row.payload.replace('0.01', '0.99') })
      .where('seq', '=', 1)
      .execute();
    await expect(append(database, ledger, 3)).rejects.toThrow(/entry 1's hash chain is broken/);
  });

  it.skipIf(!variant.available)(
    'a log rolled back and extended by another instance is refused by the next append of the first',
    async () => {
      const one = await open();
      for (let n = 1; n <= 2; n += 1) await append(database, one, n);
      const atTwo = await head();
      await append(database, one, 3);
      // The insider restores the log of two entries (as from a backup) ...
      await database.db.deleteFrom('ledger_entries').where('seq', '=', 3).execute();
      await database.db.deleteFrom('ledger_checkpoints').where('seq', '=', 3).execute();
      await database.db
        .updateTable('ledger_head')
        .set({ seq: atTwo.seq, hash: atTwo.hash, frontier: atTwo.frontier })
        .where('id', '=', 1)
        .execute();
      // ... and a second instance with its own witness file, which never saw entry 3, starts on it and appends.
      const otherDir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-second-'));
      try {
        const two = await open({
          keyDir: otherDir,
          keyFile: path.join(keyDir, KEY_FILE_NAME),
          witnessFile: path.join(otherDir, 'witness.jsonl'),
        });
        expect(await append(database, two, 30)).toBe(3);
        // The log is whole and signed, but not the one the first instance checked at 3 entries.
        await expect(append(database, one, 4)).rejects.toThrow(/does not extend the 3 entries this server checked before/);
        expect(await count()).toBe(3);
        await expect(open()).rejects.toThrow(/LEDGER INTEGRITY FAILURE: the stored log's first 3 entries do not have the root/);
      } finally {
        await rm(otherDir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!variant.available)('another instance appending in between is caught up by reading only its entries', async () => {
    const one = await open();
    const otherDir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-second-'));
    try {
      const two = await open({
        keyDir: otherDir,
        keyFile: path.join(keyDir, KEY_FILE_NAME),
        witnessFile: path.join(otherDir, 'witness.jsonl'),
      });
      await append(database, one, 1);
      for (let n = 2; n <= 5; n += 1) await append(database, two, n);
      expect(await append(database, one, 6)).toBe(6);
      expect(await append(database, two, 7)).toBe(7);
      expect(verifyLedgerExport(await exportOf(database, one), { publicKeyPem: one.publicKeyPem })).toMatchObject({
        ok: true,
        entries: 7,
      });
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!variant.available)('a database from before the frontier gets one at start, from the checked log', async () => {
    const ledger = await open();
    for (let n = 1; n <= 5; n += 1) await append(database, ledger, n);
    const genuine = (await head()).frontier;
    await database.db.updateTable('ledger_head').set({ frontier: null }).where('id', '=', 1).execute();
    const again = await open();
    expect((await head()).frontier).toBe(genuine);
    expect(await append(database, again, 6)).toBe(6);
  });
});
