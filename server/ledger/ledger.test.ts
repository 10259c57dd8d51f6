// The Ledger on SQLite and PostgreSQL: the signing key's life (made once, 0600, reused, refused
// when it differs from the chain's), appends inside the caller's transaction, concurrent appends
// from one process and from two "instances" that never fork, and an export of 50,000 entries.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import type { Database } from '../db/database.ts';
import { migrationsFor } from '../migrations.ts';
import { TEST_DATABASES, TEST_POSTGRES_URL } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { KEY_FILE_NAME, PUBLIC_KEY_FILE_NAME } from './ledger-key.ts';
import { exportChunks } from './ledger-export.ts';
import { Ledger } from './ledger.ts';
import { buildEntries } from './test-support/chain-builder.ts';
import { verifyLedgerExport } from './verify.ts';

async function exportText(database: Database, ledger: Ledger): Promise<string> {
  let text = '';
  for await (const chunk of exportChunks(database, ledger, await ledger.latestCheckpoint())) text += chunk;
  return text;
}

async function append(database: Database, ledger: Ledger, n: number): Promise<number> {
  const seq = await writeTransaction(
    database,
    async (trx) =>
      (await ledger.appendWithin(trx, 'result', { attemptId: `attempt-${n}`, scaled: n / 100, passed: n % 2 === 0 })).seq,
  );
  await ledger.witnessed();
  return seq;
}

describe.each(TEST_DATABASES)(
  'Ledger on $name',
  (variant) => {
    let database: TestDatabase;
    let keyDir: string;

    beforeAll(async () => {
      if (!variant.available) return;
      keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-key-'));
    });

    afterEach(async () => {
      if (!variant.available) return;
      await database?.dispose();
      await rm(keyDir, { recursive: true, force: true });
      keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-key-'));
    });

    afterAll(async () => {
      if (!variant.available) return;
      await rm(keyDir, { recursive: true, force: true });
    });

    it.skipIf(!variant.available)(
      'makes the key once with mode 0600, reuses it on restart, and records it in the database',
      async () => {
        database = await variant.open();
        const first = await Ledger.open(database, { keyDir });
        expect(first.keySource).toBe('created');
        const keyFile = path.join(keyDir, KEY_FILE_NAME);
        expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
        expect(await readFile(path.join(keyDir, PUBLIC_KEY_FILE_NAME), 'utf8')).toBe(first.publicKeyPem);
        const pem = await readFile(keyFile, 'utf8');

        const again = await Ledger.open(database, { keyDir });
        expect(again.keySource).toBe('reused');
        expect(again.keyId).toBe(first.keyId);
        expect(await readFile(keyFile, 'utf8')).toBe(pem);
        const recorded = await database.db.selectFrom('ledger_keys').selectAll().execute();
        expect(recorded.map((row) => row.key_id)).toEqual([first.keyId]);
        expect((await database.db.selectFrom('ledger_head').select('key_id').executeTakeFirstOrThrow()).key_id).toBe(first.keyId);
      },
    );

    it.skipIf(!variant.available)(
      'refuses to start with a different key than the chain was signed with, saying how to fix it',
      async () => {
        database = await variant.open();
        const first = await Ledger.open(database, { keyDir });
        await append(database, first, 1);
        const otherDir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-other-'));
        try {
          await expect(Ledger.open(database, { keyDir: otherDir })).rejects.toThrow(
            /signed with the key [0-9a-f]{64}.*SHIXUN_LEDGER_KEY_FILE/s,
          );
          // The refused key was not recorded as one that signs this chain.
          expect(await database.db.selectFrom('ledger_keys').select('key_id').execute()).toHaveLength(1);
          // Given the first instance's key file, a second instance starts.
          const shared = await Ledger.open(database, { keyDir: otherDir, keyFile: path.join(keyDir, KEY_FILE_NAME) });
          expect(shared.keySource).toBe('given');
          expect(shared.keyId).toBe(first.keyId);
        } finally {
          await rm(otherDir, { recursive: true, force: true });
        }
      },
    );

    it.skipIf(!variant.available)('explains an unusable SHIXUN_LEDGER_KEY_FILE: missing, or not an Ed25519 key', async () => {
      database = await variant.open();
      await expect(Ledger.open(database, { keyDir, keyFile: path.join(keyDir, 'nope.pem') })).rejects.toThrow(
        /SHIXUN_LEDGER_KEY_FILE=.*does not exist/,
      );
      const rsa = path.join(keyDir, 'rsa.pem');
      await writeFile(
        rsa,
        generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
      );
      await expect(Ledger.open(database, { keyDir, keyFile: rsa })).rejects.toThrow(/rsa key; the ledger signs with Ed25519/);
    });

    it.skipIf(!variant.available)(
      'signs a checkpoint per append into the database and the witness file, and refuses a start that does not extend it',
      async () => {
        database = await variant.open();
        const ledger = await Ledger.open(database, { keyDir });
        for (let n = 1; n <= 3; n += 1) await append(database, ledger, n);
        const lines = (await readFile(ledger.witnessFile, 'utf8')).trim().split('\n');
        // The checkpoint of the empty log from the first start, then one per append.
        expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([0, 1, 2, 3]);
        expect(path.dirname(ledger.witnessFile)).toBe(keyDir);
        const stored = await database.db.selectFrom('ledger_checkpoints').select('seq').orderBy('seq').execute();
        expect(stored.map((row) => Number(row.seq))).toEqual([0, 1, 2, 3]);
        expect(JSON.parse(lines[3] ?? '')).toEqual(await ledger.latestCheckpoint());

        // Another database with the same key folder keeps its own witness file.
        const other = await variant.open();
        try {
          const second = await Ledger.open(other, { keyDir });
          expect(second.witnessFile).not.toBe(ledger.witnessFile);
          // Pointed at this log's witness, a fresh database is refused: its checkpoints are "missing".
          await expect(Ledger.open(other, { keyDir, witnessFile: ledger.witnessFile, alarm: () => undefined })).rejects.toThrow(
            /LEDGER INTEGRITY FAILURE: .*root|LEDGER INTEGRITY FAILURE: the stored log holds 0 entries/,
          );
        } finally {
          await other.dispose();
        }

        // An old entry's payload changed alone (hash, head and checkpoints untouched): the restart refuses.
        const row = await database.db
          .selectFrom('ledger_entries')
          .select('payload')
          .where('seq', '=', 2)
          .executeTakeFirstOrThrow();
        await database.db
          .updateTable('ledger_entries')
          .set({ payload: row.payload.replace('0.02', '0.99') })
          .where('seq', '=', 2)
          .execute();
        await expect(Ledger.open(database, { keyDir, alarm: () => undefined })).rejects.toThrow(/entry 2's hash chain is broken/);
        await database.db.updateTable('ledger_entries').set({ payload: row.payload }).where('seq', '=', 2).execute();
        expect((await Ledger.open(database, { keyDir })).keyId).toBe(ledger.keyId);

        // A witness line changed by hand stops the start too.
        await writeFile(ledger.witnessFile, `${lines.slice(0, 3).join('\n')}\n${lines[3]?.replace('"seq":3', '"seq":30')}\n`);
        await expect(Ledger.open(database, { keyDir, alarm: () => undefined })).rejects.toThrow(
          /does not verify against this server's key/,
        );
      },
    );

    it.skipIf(!variant.available)("appends within the caller's transaction: a rolled-back write leaves no entry", async () => {
      database = await variant.open();
      const ledger = await Ledger.open(database, { keyDir });
      expect(await append(database, ledger, 1)).toBe(1);
      await expect(
        writeTransaction(database, async (trx) => {
          await ledger.appendWithin(trx, 'result', { attemptId: 'rolled-back' });
          throw new Error('the caller failed');
        }),
      ).rejects.toThrow('the caller failed');
      expect(await append(database, ledger, 2)).toBe(2);
      const rows = await database.db.selectFrom('ledger_entries').select(['seq', 'attempt_id']).orderBy('seq').execute();
      expect(rows).toEqual([
        { seq: 1, attempt_id: 'attempt-1' },
        { seq: 2, attempt_id: 'attempt-2' },
      ]);
      expect(
        verifyLedgerExport(JSON.parse(await exportText(database, ledger)), { publicKeyPem: ledger.publicKeyPem }),
      ).toMatchObject({ ok: true, entries: 2 });
    });

    it.skipIf(!variant.available)('never forks under 40 concurrent appends: seqs 1..40 and the chain verifies', async () => {
      database = await variant.open();
      const ledger = await Ledger.open(database, { keyDir });
      const seqs = await Promise.all(Array.from({ length: 40 }, (_, n) => append(database, ledger, n)));
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
      const outcome = verifyLedgerExport(JSON.parse(await exportText(database, ledger)), { publicKeyPem: ledger.publicKeyPem });
      expect(outcome).toMatchObject({ ok: true, entries: 40 });
    });

    it.skipIf(!variant.available || variant.name !== 'postgres')(
      'never forks when two server instances on one PostgreSQL append at once',
      async () => {
        database = await variant.open();
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
        const second = await openDatabase(
          { databaseUrl: TEST_POSTGRES_URL, schema: rows[0]?.schema, poolSize: 8 },
          migrationsFor,
        );
        try {
          const one = await Ledger.open(database, { keyDir });
          const two = await Ledger.open(second, {
            keyDir: '/nonexistent',
            keyFile: path.join(keyDir, KEY_FILE_NAME),
            witnessFile: path.join(keyDir, 'second-witness.jsonl'),
          });
          const seqs = await Promise.all(
            Array.from({ length: 60 }, (_, n) => (n % 2 === 0 ? append(database, one, n) : append(second, two, n))),
          );
          expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n + 1));
          expect(verifyLedgerExport(JSON.parse(await exportText(second, two)), { publicKeyPem: one.publicKeyPem })).toMatchObject(
            { ok: true, entries: 60 },
          );
        } finally {
          await second.close();
        }
      },
    );

    it.skipIf(!variant.available)(
      'checks, extends, exports and verifies a log of 50,000 entries',
      async () => {
        database = await variant.open();
        // A log from before checkpoints existed: the first start signs one over it ("Upgrading").
        const entries = buildEntries(50_000);
        for (let start = 0; start < entries.length; start += 1000) {
          const rows = entries.slice(start, start + 1000).map((entry) => ({
            seq: entry.seq,
            kind: entry.kind,
            recorded_at: entry.recordedAt,
            payload: JSON.stringify(entry.payload),
            prev: entry.prev,
            hash: entry.hash,
            attempt_id: String(entry.payload.attemptId),
          }));
          await database.db.insertInto('ledger_entries').values(rows).execute();
        }
        const last = entries[entries.length - 1];
        await database.db
          .updateTable('ledger_head')
          .set({ seq: 50_000, hash: last?.hash ?? '' })
          .where('id', '=', 1)
          .execute();
        const alarms: string[] = [];
        const ledger = await Ledger.open(database, { keyDir, alarm: (message) => alarms.push(message) });
        expect(alarms.join('\n')).toContain('had no checkpoint yet');
        const started = performance.now();
        // The start checked the whole log; the append extends the checked frontier.
        expect(await append(database, ledger, 50_001)).toBe(50_001);
        const text = await exportText(database, ledger);
        const outcome = verifyLedgerExport(JSON.parse(text), { publicKeyPem: ledger.publicKeyPem });
        expect(outcome).toMatchObject({ ok: true, entries: 50_001 });
        expect(outcome.ok && outcome.head.seq).toBe(50_001);
        expect(performance.now() - started).toBeLessThan(30_000);
      },
      120_000,
    );
  },
  30_000,
);
