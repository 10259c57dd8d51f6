// Key rotation on SQLite and PostgreSQL: the rotation is signed by the old key and countersigned
// by the new, stored and witnessed; the old key is refused after it, the new one starts and signs;
// exports verify from either key (ledger:verify follows the rotation) against checkpoints kept
// from before. Attacks: a rotation to a key of the insider's (not signed by the old key) stops the
// start; the retired key signing a later checkpoint fails verification; nothing is rotated over a
// changed log. And the `ledger:rotate-key` command on a SQLite data folder.
import { execFile } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { migrationsFor } from '../migrations.ts';
import { signCheckpoint, signRotation } from './chain.ts';
import { KEY_FILE_NAME } from './ledger-key.ts';
import { Ledger } from './ledger.ts';
import type { LedgerOptions } from './ledger.ts';
import { rotateLedgerKey, rotationRow } from './rotation.ts';
import { runVerifyCli } from './test-support/ledger-server.ts';
import { testKey } from './test-support/chain-builder.ts';
import { parseCheckpoints, verifyLedgerExport, verifyLedgerProof } from './verify.ts';
import { append, exportOf } from './test-support/ledger-appends.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe.each(TEST_DATABASES)('ledger key rotation on $name', (variant) => {
  let database: TestDatabase;
  let keyDir: string;
  let newKeyFile: string;
  const quiet: Partial<LedgerOptions> = { alarm: () => undefined };
  const open = (options: Partial<LedgerOptions> = {}) => Ledger.open(database, { keyDir, ...quiet, ...options });

  beforeEach(async () => {
    if (!variant.available) return;
    database = await variant.open();
    keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-rotation-'));
    newKeyFile = path.join(keyDir, 'next', 'new-ledger-key.pem');
  });

  afterEach(async () => {
    if (!variant.available) return;
    await database.dispose();
    await rm(keyDir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)(
    'rotates: the old key is refused, the new one signs, and exports verify from either key against kept checkpoints',
    async () => {
      const old = await open();
      for (let n = 1; n <= 3; n += 1) await append(database, old, n);
      const kept = await old.latestCheckpoint();
      const oldPem = old.publicKeyPem;

      const { rotation, created, witnessFile } = await rotateLedgerKey(database, { keyDir, ...quiet, newKeyFile });
      expect(created).toBe(true);
      expect((await stat(newKeyFile)).mode & 0o777).toBe(0o600);
      expect(rotation).toMatchObject({ seq: 3, root: kept.root, hash: kept.hash, oldKeyId: old.keyId });
      expect(rotation.note).toMatch(/\nrotate [0-9a-f]{64} [0-9a-f]{64}\n\n\u2014 .+\n\u2014 .+\n$/);
      expect(witnessFile).toBe(old.witnessFile);
      expect((await readFile(witnessFile, 'utf8')).trim().split('\n').at(-1)).toBe(JSON.stringify({ rotation }));
      const stored = await database.db.selectFrom('ledger_rotations').selectAll().execute();
      expect(stored.map((row) => [row.old_key_id, row.new_key_id])).toEqual([[old.keyId, rotation.newKeyId]]);

      await expect(open()).rejects.toThrow(/was retired by the key rotation .* at 3 entries/);
      const next = await open({ keyFile: newKeyFile });
      expect(next.keyId).toBe(rotation.newKeyId);
      expect(await append(database, next, 4)).toBe(4);
      expect(await append(database, next, 5)).toBe(5);
      expect((await next.latestCheckpoint()).keyId).toBe(rotation.newKeyId);
      // A restart with the new key checks the old key's checkpoints (witness and database) too.
      expect((await open({ keyFile: newKeyFile })).keyId).toBe(rotation.newKeyId);

      const data = await exportOf(database, next);
      expect(data.rotations).toEqual([rotation]);
      const fromOld = verifyLedgerExport(data, { publicKeyPem: oldPem, checkpoints: [kept] });
      expect(fromOld).toMatchObject({
        ok: true,
        entries: 5,
        keyId: rotation.newKeyId,
        consistentWith: [3],
        rotations: [rotation],
      });
      const fromNew = verifyLedgerExport(data, { publicKeyPem: next.publicKeyPem, checkpoints: [kept] });
      expect(fromNew).toMatchObject({ ok: true, entries: 5, consistentWith: [3] });
      // The witness file (old key's checkpoints, the rotation, the new key's) works as --checkpoint.
      const witnessed = parseCheckpoints(await readFile(witnessFile, 'utf8'), [old.keyId, rotation.newKeyId]);
      expect(witnessed.map((c) => c.seq)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(verifyLedgerExport(data, { publicKeyPem: oldPem, checkpoints: witnessed })).toMatchObject({ ok: true });

      // An inclusion proof carries the rotation too: checkable with the key published before it.
      const proof = await next.inclusionProof(2);
      expect(proof?.rotations).toEqual([rotation]);
      expect(verifyLedgerProof(proof, oldPem)).toMatchObject({ ok: true, keyId: rotation.newKeyId });
      expect(verifyLedgerProof({ ...proof, rotations: undefined }, oldPem)).toMatchObject({
        ok: false,
        problem: expect.stringContaining('not the given key'),
      });

      // The CLI, with the old published key and the kept note.
      const exportFile = path.join(keyDir, 'export.json');
      const keyFile = path.join(keyDir, 'old-published.pem');
      const noteFile = path.join(keyDir, 'kept.txt');
      await writeFile(exportFile, JSON.stringify(data));
      await writeFile(keyFile, oldPem);
      await writeFile(noteFile, kept.note);
      const run = await runVerifyCli([exportFile, '--key', keyFile, '--checkpoint', noteFile]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(
        `OK: follows the key rotation at size 3 (signed ${rotation.signedAt}) from ${old.keyId} to ${rotation.newKeyId}`,
      );
      expect(run.stdout).toContain('OK: consistent with the kept checkpoint of size 3');

      // The retired key (say it leaked) signs a later checkpoint: it does not verify.
      const oldPrivate = await readFile(path.join(keyDir, KEY_FILE_NAME), 'utf8');
      const forged = signCheckpoint(createPrivateKey(oldPrivate), old.keyId, { ...data.head });
      expect(verifyLedgerExport({ ...data, head: forged }, { publicKeyPem: oldPem })).toMatchObject({
        ok: false,
        problem: expect.stringContaining('retired by a key rotation at size 3'),
      });
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    "a rotation to the insider's own key, not signed by the ledger's key, stops the start and fails verification",
    async () => {
      const ledger = await open();
      for (let n = 1; n <= 2; n += 1) await append(database, ledger, n);
      const checkpoint = await ledger.latestCheckpoint();
      const insider = testKey();
      const stranger = testKey();
      // The insider signs "old → insider" with a stranger's key in place of the ledger's.
      const rotation = signRotation(
        {
          origin: checkpoint.origin,
          seq: checkpoint.seq,
          root: checkpoint.root,
          hash: checkpoint.hash,
          signedAt: new Date().toISOString(),
          oldKeyId: ledger.keyId,
          newKeyId: insider.keyId,
        },
        { privateKey: stranger.privateKey, publicKeyPem: ledger.publicKeyPem },
        { privateKey: insider.privateKey, publicKeyPem: insider.pem },
      );
      await database.db.insertInto('ledger_rotations').values(rotationRow(rotation)).execute();
      await database.db.updateTable('ledger_head').set({ key_id: insider.keyId }).where('id', '=', 1).execute();
      const insiderFile = path.join(keyDir, 'insider.pem');
      await writeFile(insiderFile, insider.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await expect(open({ keyFile: insiderFile })).rejects.toThrow(
        /LEDGER INTEGRITY FAILURE: the key rotation at size 2 does not hold: the old key [0-9a-f]{12}… did not sign it/,
      );
      // An export carrying it, checked with the published key, fails too.
      const data = { ...(await exportOf(database, ledger)), rotations: [rotation] };
      expect(verifyLedgerExport(data, { publicKeyPem: ledger.publicKeyPem })).toMatchObject({
        ok: false,
        problem: expect.stringContaining('does not hold: the old key'),
      });
    },
  );

  it.skipIf(!variant.available)('rotates nothing over a log that fails its check', async () => {
    const ledger = await open();
    for (let n = 1; n <= 2; n += 1) await append(database, ledger, n);
    const row = await database.db.selectFrom('ledger_entries').select('payload').where('seq', '=', 1).executeTakeFirstOrThrow();
    await database.db
      .updateTable('ledger_entries')
      .set({ payload: row.payload.replace('0.01', '0.99') })
      .where('seq', '=', 1)
      .execute();
    await expect(rotateLedgerKey(database, { keyDir, ...quiet, newKeyFile })).rejects.toThrow(/entry 1's hash chain is broken/);
    expect(await database.db.selectFrom('ledger_rotations').selectAll().execute()).toEqual([]);
    await expect(stat(newKeyFile)).rejects.toThrow(/ENOENT/);
    expect((await database.db.selectFrom('ledger_head').select('key_id').executeTakeFirstOrThrow()).key_id).toBe(ledger.keyId);
  });
});

describe('npm run ledger:rotate-key', () => {
  it('rotates the key of the database under DATA_DIR and says what to do next', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shixun-rotate-cli-'));
    try {
      const database = await openDatabase({ dataDir }, migrationsFor);
      const ledger = await Ledger.open(database, { keyDir: path.join(dataDir, 'ledger') });
      await append(database, ledger, 1);
      await database.close();
      const newKey = path.join(dataDir, 'new-ledger-key.pem');
      const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'scripts/ledger-rotate-key.ts', '--new-key', newKey],
          { cwd: ROOT, timeout: 60_000, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } },
          (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
        );
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(`^Rotated the ledger key at 1 entries: ${ledger.keyId} -> [0-9a-f]{64} \\(new key made in `),
      );
      expect(run.stdout).toContain('Next: give every instance the new key');
      const again = await openDatabase({ dataDir }, migrationsFor);
      try {
        const next = await Ledger.open(again, { keyDir: path.join(dataDir, 'ledger'), keyFile: newKey });
        expect(await append(again, next, 2)).toBe(2);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
