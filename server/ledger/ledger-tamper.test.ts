// Exports of a chain made by the real server with real graded attempts, checked with the
// `ledger:verify` CLI as a child process: intact ones pass; an UPDATE of a payload, a DELETE or a
// swap of two seqs in ledger_entries fails and names the first bad entry; another key fails.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerExport } from '../../src/contracts/report-types.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { ZERO_HASH, entryHash } from './chain.ts';
import { runVerifyCli, startLedgerServer } from './test-support/ledger-server.ts';
import type { LedgerServer } from './test-support/ledger-server.ts';
import { copyOf, signedExport, testKey } from './test-support/chain-builder.ts';

describe.each(TEST_DATABASES)('ledger:verify on exports from the server on $name', (variant) => {
  let server: LedgerServer;
  let dir: string;
  let keyFile: string;

  async function exportFile(name: string, data?: LedgerExport): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(data ?? (await server.exportLedger())));
    return file;
  }

  /** Changes ledger_entries directly in the database, downloads the export through the server, then undoes the change. */
  async function exportTampered(name: string, tamper: () => Promise<() => Promise<void>>): Promise<string> {
    const undo = await tamper();
    try {
      return await exportFile(name);
    } finally {
      await undo();
    }
  }

  let intactText: string;

  beforeAll(async () => {
    if (!variant.available) return;
    server = await startLedgerServer(variant);
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-cli-'));
    keyFile = path.join(dir, 'published.pem');
    await writeFile(keyFile, await server.publicKeyPem());
    // Ten attempts finished at the same time by two learners, and one adjustment.
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, n) => server.finish(n % 2 === 0 ? server.alice : server.bob, randomUUID())),
    );
    const adjusted = await server.app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${attempts[0]}/adjustments`,
      headers: server.admin.headers,
      payload: { scaled: 0.6, passed: true, reason: 'Appeal upheld: the timer froze on the headset.' },
    });
    expect(adjusted.statusCode).toBe(201);
    intactText = JSON.stringify(await server.exportLedger());
  }, 120_000);

  afterAll(async () => {
    if (!variant.available) return;
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)(
    'N parallel finishes and an adjustment make seqs 1..11, and the export verifies against the published key',
    async () => {
      const data = JSON.parse(intactText) as LedgerExport;
      expect(data.entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 11 }, (_, n) => n + 1));
      expect(data.entries.filter((entry) => entry.kind === 'result')).toHaveLength(10);
      const file = path.join(dir, 'intact.json');
      await writeFile(file, intactText);
      const run = await runVerifyCli([file, '--key', keyFile]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout.split('\n')[0]).toBe(
        `OK: 11 entries, root ${data.head.root}, checkpoint signed by ${data.keyId} at ${data.head.signedAt}`,
      );
      expect(run.stdout).toContain('NOTE: no --checkpoint given');
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    'without --key, passes with a warning that only internal consistency is proven',
    async () => {
      const run = await runVerifyCli([await exportFile('own-key.json')]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^OK: 11 entries/);
      expect(run.stderr).toContain('only that the file is internally consistent');
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    'fails at the entry whose payload was changed with an UPDATE',
    async () => {
      const { db } = server.database;
      const file = await exportTampered('updated.json', async () => {
        const row = await db.selectFrom('ledger_entries').select('payload').where('seq', '=', 4).executeTakeFirstOrThrow();
        await db
          .updateTable('ledger_entries')
          .set({ payload: JSON.stringify({ ...JSON.parse(row.payload), scaled: 0.01, passed: false }) })
          .where('seq', '=', 4)
          .execute();
        return async () =>
          void (await db.updateTable('ledger_entries').set({ payload: row.payload }).where('seq', '=', 4).execute());
      });
      const run = await runVerifyCli([file, '--key', keyFile]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAILED at entry seq 4 \(position 4\): the hash does not match/);
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    'fails after a DELETE, naming the entry where the missing one should be',
    async () => {
      const { db } = server.database;
      const file = await exportTampered('deleted.json', async () => {
        const row = await db.selectFrom('ledger_entries').selectAll().where('seq', '=', 6).executeTakeFirstOrThrow();
        await db.deleteFrom('ledger_entries').where('seq', '=', 6).execute();
        return async () => void (await db.insertInto('ledger_entries').values(row).execute());
      });
      const run = await runVerifyCli([file, '--key', keyFile]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        'FAILED at entry seq 7 (position 6): seq 7 found at position 6, where seq 6 belongs: entry 6 is missing.',
      );
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    'fails after two seqs were swapped, naming the first',
    async () => {
      const swap = () =>
        writeTransaction(server.database, async (trx) => {
          await trx.updateTable('ledger_entries').set({ seq: -1 }).where('seq', '=', 3).execute();
          await trx.updateTable('ledger_entries').set({ seq: 3 }).where('seq', '=', 8).execute();
          await trx.updateTable('ledger_entries').set({ seq: 8 }).where('seq', '=', -1).execute();
        });
      const file = await exportTampered('swapped.json', async () => {
        await swap();
        return swap;
      });
      const run = await runVerifyCli([file, '--key', keyFile]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAILED at entry seq 3 \(position 3\)/);
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    'fails against another key, and when the checkpoint was re-signed by another key',
    async () => {
      const other = testKey();
      const otherFile = path.join(dir, 'other.pem');
      await writeFile(otherFile, other.pem);
      const intactFile = await exportFile('for-other.json', JSON.parse(intactText) as LedgerExport);
      const wrongKey = await runVerifyCli([intactFile, '--key', otherFile]);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stdout).toMatch(
        /^FAILED at checkpoint \(size 11\): the head names the signing key [0-9a-f]{64}, not the given key/,
      );

      // A forger changes a score, rebuilds every hash and signs a new checkpoint with their own key.
      const data = copyOf(JSON.parse(intactText) as LedgerExport);
      let prev = ZERO_HASH;
      const rebuilt = data.entries.map((entry) => {
        const payload = entry.seq === 2 ? { ...entry.payload, scaled: 0.01 } : entry.payload;
        const content = { seq: entry.seq, kind: entry.kind, recordedAt: entry.recordedAt, payload, prev };
        prev = entryHash(content);
        return { ...content, hash: prev };
      });
      const forged = await exportFile('forged.json', signedExport(rebuilt, other));
      const run = await runVerifyCli([forged, '--key', keyFile]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAILED at checkpoint \(size 11\)/);
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    'verifies again once each change was undone: the failures came from the changes alone',
    async () => {
      const run = await runVerifyCli([await exportFile('restored.json'), '--key', keyFile]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^OK: 11 entries/);
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    'exits 2 with a clear message for usage and file errors',
    async () => {
      const none = await runVerifyCli([]);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('Give the export file to check.');
      const missing = await runVerifyCli([path.join(dir, 'nope.json')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/Cannot read the export .*nope\.json: ENOENT/);
      const notJson = path.join(dir, 'not.json');
      await writeFile(notJson, 'hello');
      expect((await runVerifyCli([notJson])).stderr).toContain('is not JSON');
      const notExport = path.join(dir, 'other.json');
      await writeFile(notExport, '{"entries":[]}');
      const wrong = await runVerifyCli([notExport]);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('not a Shixun ledger export');
      expect((await runVerifyCli([notExport, '--key'])).code).toBe(2);
    },
    60_000,
  );
});
