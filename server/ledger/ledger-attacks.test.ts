// Attacks on the ledger by an insider with database access but no signing key, performed on the
// real server (SQLite and PostgreSQL), each a regression test that the attack no longer does harm:
//  (a) a consistent rewrite: one result's score changed, every later hash, the head and both
//      result tables recomputed;
//  (b) the last entry deleted with its attempt rows, its checkpoint and the head moved back;
//  (c) only `attempt_results` edited.
// Before checkpoints, (a) exported with a valid signature, (b) went unnoticed and (c) changed the
// report under a valid signed head.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PromotionReport, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { canonicalJson } from '../xapi/canonical-json.ts';
import { ZERO_HASH, entryHash } from './chain.ts';
import { checkpointOfRow, entryOfRow } from './ledger.ts';
import { runVerifyCli, startLedgerServer } from './test-support/ledger-server.ts';
import type { LedgerServer, Person } from './test-support/ledger-server.ts';

describe.each(TEST_DATABASES)('ledger attacks on $name', (variant) => {
  let server: LedgerServer;
  let dir: string;
  let keyFile: string;
  let aliceAttempt: string;
  let bobAttempt: string;
  /** The checkpoint an outside reader kept before the attack (from a report). */
  let kept: SignedLedgerHead;
  let keptFile: string;

  async function get(url: string) {
    return server.app.inject({ method: 'GET', url, headers: server.admin.headers });
  }

  async function report(): Promise<PromotionReport> {
    const response = await get('/api/v1/reports/promotion?period=2026');
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as PromotionReport;
  }

  function row(data: PromotionReport, person: Person) {
    const learner = data.learners.find((l) => l.username === person.username);
    if (learner === undefined) throw new Error(`${person.username} is not in the report`);
    return learner;
  }

  async function verifyNow(...extra: string[]) {
    const file = path.join(dir, `export-${Date.now()}.json`);
    await writeFile(file, JSON.stringify(await server.exportLedger()));
    return runVerifyCli([file, '--key', keyFile, ...extra]);
  }

  /** Starts a second server on this database with this server's key and witness file. */
  async function restart(): Promise<void> {
    const app = await buildServer({
      apiOnly: true,
      logger: false,
      database: server.database,
      ledgerKeyDir: server.keyDir,
      env: { SHIXUN_ADMIN_PASSWORD: 'unused-password-1' },
    });
    await app.close();
  }

  async function entryCount(): Promise<number> {
    const rows = await server.database.db.selectFrom('ledger_entries').select('seq').execute();
    return rows.length;
  }

  beforeEach(async () => {
    if (!variant.available) return;
    server = await startLedgerServer(variant);
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-attack-'));
    keyFile = path.join(dir, 'published.pem');
    await writeFile(keyFile, await server.publicKeyPem());
    aliceAttempt = await server.finish(server.alice);
    bobAttempt = await server.finish(server.bob);
    const before = await report();
    expect(before.ledgerCheck).toEqual({ ok: true, problem: null });
    expect(row(before, server.alice).ledgerIssues).toEqual([]);
    expect(row(before, server.bob).ledgerIssues).toEqual([]);
    kept = before.ledgerHead;
    expect(kept.seq).toBe(2);
    keptFile = path.join(dir, 'kept-checkpoint.txt');
    await writeFile(keptFile, kept.note);
  }, 120_000);

  afterEach(async () => {
    if (!variant.available) return;
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)(
    '(a) a consistent rewrite without the key fails verification, the report check, the next append and the restart',
    async () => {
      const { db } = server.database;
      // The insider rewrites alice's score, every hash after it, the head and both result tables.
      const rows = await db.selectFrom('ledger_entries').selectAll().orderBy('seq').execute();
      let prev = ZERO_HASH;
      for (const stored of rows) {
        const entry = entryOfRow(stored);
        const payload =
          entry.payload.attemptId === aliceAttempt ? { ...entry.payload, score: 1, scaled: 0.1, passed: false } : entry.payload;
        const content = { seq: entry.seq, kind: entry.kind, recordedAt: entry.recordedAt, payload, prev };
        prev = entryHash(content);
        await db
          .updateTable('ledger_entries')
          .set({ payload: canonicalJson(payload), prev: content.prev, hash: prev })
          .where('seq', '=', entry.seq)
          .execute();
      }
      await db.updateTable('ledger_head').set({ hash: prev }).where('id', '=', 1).execute();
      await db.updateTable('attempts').set({ score: 1, scaled: 0.1, passed: 0 }).where('attempt_id', '=', aliceAttempt).execute();
      await db
        .updateTable('attempt_results')
        .set({ score: 1, scaled: 0.1, passed: 0 })
        .where('attempt_id', '=', aliceAttempt)
        .execute();

      // The export no longer verifies: its stored checkpoint's root and chain hash are not the rewritten log's.
      const plain = await verifyNow();
      expect(plain.code).toBe(1);
      expect(plain.stdout).toMatch(/^FAILED at checkpoint \(size 2\): the checkpoint's chain hash/);
      // Against the checkpoint the reader kept, too.
      const withKept = await verifyNow('--checkpoint', keptFile);
      expect(withKept.code).toBe(1);

      // The report says the log failed its check, and marks every row it counts.
      const after = await report();
      expect(after.ledgerCheck.ok).toBe(false);
      expect(after.ledgerCheck.problem).toMatch(/root|hash chain/);
      expect(after.ledgerHead).toEqual(kept);
      expect(row(after, server.alice).ledgerIssues).toEqual([expect.objectContaining({ kind: 'log', attemptId: null })]);
      const csv = await get('/api/v1/reports/promotion?period=2026&format=csv&lang=en');
      expect(csv.headers['x-shixun-ledger-check']).toBe('failed');
      expect(csv.body).toContain('NOT BACKED BY LEDGER: log:');

      // The server refuses to sign anything over the rewritten log: the next result is not recorded.
      const count = await entryCount();
      await expect(server.finish(server.bob)).rejects.toThrow(/503.*ledger failed its integrity check/);
      expect(await entryCount()).toBe(count);
      // And a restart on this database refuses to start.
      await expect(restart()).rejects.toThrow(/LEDGER INTEGRITY FAILURE: .*root/);
    },
    120_000,
  );

  it.skipIf(!variant.available)(
    '(b) deleting the last entry with its attempt rows and checkpoint is caught by the witness and by a kept checkpoint',
    async () => {
      const { db } = server.database;
      const last = await db.selectFrom('ledger_entries').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(last.attempt_id).toBe(bobAttempt);
      const before = await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('seq', '=', Number(last.seq) - 1)
        .executeTakeFirstOrThrow();
      await db.deleteFrom('ledger_entries').where('seq', '=', last.seq).execute();
      await db.deleteFrom('ledger_checkpoints').where('seq', '=', last.seq).execute();
      await db.updateTable('ledger_head').set({ seq: before.seq, hash: before.hash }).where('id', '=', 1).execute();
      await db.deleteFrom('attempt_results').where('attempt_id', '=', bobAttempt).execute();
      await db.deleteFrom('attempts').where('attempt_id', '=', bobAttempt).execute();

      // The server still remembers (witness) the checkpoint of size 2: the export carries it and fails.
      const plain = await verifyNow();
      expect(plain.code).toBe(1);
      expect(plain.stdout).toContain('the checkpoint covers 2 entries but the export holds 1');
      // What the database alone holds (as a server without this witness would export it) is
      // consistent in itself; a verifier holding the earlier checkpoint sees the log shrank.
      const data = await server.exportLedger();
      const dbHead = checkpointOfRow(
        await db.selectFrom('ledger_checkpoints').selectAll().where('seq', '=', 1).executeTakeFirstOrThrow(),
      );
      const shrunk = path.join(dir, 'shrunk.json');
      await writeFile(shrunk, JSON.stringify({ ...data, head: dbHead }));
      expect((await runVerifyCli([shrunk, '--key', keyFile])).code).toBe(0);
      const withKept = await runVerifyCli([shrunk, '--key', keyFile, '--checkpoint', keptFile]);
      expect(withKept.code).toBe(1);
      expect(withKept.stdout).toContain('the export holds 1 entries, fewer than the kept checkpoint of size 2');

      const after = await report();
      expect(after.ledgerCheck.ok).toBe(false);
      expect(after.ledgerCheck.problem).toContain('entries were removed from the end');
      expect(after.ledgerHead.seq).toBe(2);

      const count = await entryCount();
      await expect(server.finish(server.alice)).rejects.toThrow(/503/);
      expect(await entryCount()).toBe(count);
      await expect(restart()).rejects.toThrow(
        /LEDGER INTEGRITY FAILURE: the stored log holds 1 entries, but this server signed a checkpoint of 2/,
      );
    },
    120_000,
  );

  it.skipIf(!variant.available)(
    '(c) editing only attempt_results marks the row in the report and its files',
    async () => {
      await server.database.db
        .updateTable('attempt_results')
        .set({ scaled: 0.1, score: 1, passed: 0 })
        .where('attempt_id', '=', aliceAttempt)
        .execute();
      const after = await report();
      // The log itself is intact; the row is what the ledger does not back.
      expect(after.ledgerCheck).toEqual({ ok: true, problem: null });
      expect(row(after, server.alice).ledgerIssues).toEqual([
        {
          attemptId: aliceAttempt,
          courseId: 'mini',
          kind: 'differs',
          detail: expect.stringMatching(/^scaled: report 0\.1, ledger [\d.]+; passed: report false, ledger true$/),
        },
      ]);
      expect(row(after, server.bob).ledgerIssues).toEqual([]);
      const csv = await get('/api/v1/reports/promotion?period=2026&format=csv&lang=en');
      const aliceLine = csv.body.split('\r\n').find((line) => line.includes(server.alice.username)) ?? '';
      expect(aliceLine).toContain('NOT BACKED BY LEDGER: differs mini: scaled: report 0.1');
      const bobLine = csv.body.split('\r\n').find((line) => line.includes(server.bob.username)) ?? '';
      // The ledger column, the two joint-exercise columns (none taken, none required), then the honours awarded (none).
      expect(bobLine.endsWith(',matches,0,Not required,')).toBe(true);
    },
    120_000,
  );
});
