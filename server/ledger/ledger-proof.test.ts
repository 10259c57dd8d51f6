// Inclusion proofs of results on the real server (SQLite and PostgreSQL): who may have one (the
// learner their own, trainers and department admins by record scope, admins all), that each proof
// recombines to the signed checkpoint's root under the independent RFC 9162 reference
// (test-support/merkle-reference.ts), and that `ledger:verify` checks a proof file offline with
// the published key and fails a tampered one.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerProof } from '../../src/contracts/report-types.ts';
import { ledgerProofSchema } from '../../src/contracts/report-types.ts';
import { login, sessionCookie } from '../accounts/test-support/accounts-test-app.ts';
import { enrol } from '../classes/test-support/enrol.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { checkpointSignatureValid, entryHash, entryLeaf, entryLeafBytes, readEd25519PublicKey } from './chain.ts';
import { mth, rootFromPath, sha } from './test-support/merkle-reference.ts';
import { runVerifyCli, startLedgerServer } from './test-support/ledger-server.ts';
import type { LedgerServer, Person } from './test-support/ledger-server.ts';
import { copyOf, testKey } from './test-support/chain-builder.ts';
import { verifyLedgerProof } from './verify.ts';

describe.each(TEST_DATABASES)('ledger inclusion proofs on $name', (variant) => {
  let server: LedgerServer;
  let dir: string;
  let keyFile: string;
  let publicKeyPem: string;
  let records: Person;
  let finance: Person;
  const attempts: { alice: string[]; bob: string } = { alice: [], bob: '' };

  const getAs = (person: Person | null, url: string) =>
    server.app.inject({ method: 'GET', url, headers: person === null ? {} : person.headers });

  async function departmentAdmin(username: string, department: string): Promise<Person> {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: server.admin.headers,
      payload: { username, name: `Synthetic ${username}`, role: 'department-admin', department },
    });
    expect(created.statusCode, created.body).toBe(201);
    const response = await login(server.app, username, (created.json() as { password: string }).password);
    expect(response.statusCode, response.body).toBe(200);
    return { username, headers: { cookie: sessionCookie(response), 'x-shixun-csrf': '1' } };
  }

  /** The proof recombined by the independent reference over the export's entries. */
  async function checkIndependently(proof: LedgerProof): Promise<void> {
    const data = (await server.exportLedger()).entries.slice(0, proof.checkpoint.seq).map(entryLeafBytes);
    const index = proof.entry.seq - 1;
    expect(proof.leafIndex).toBe(index);
    expect(sha(Buffer.from([0]), data[index] as Buffer).toString('hex')).toBe(proof.leafHash);
    expect(entryLeafBytes(proof.entry)).toEqual(data[index]);
    const root = rootFromPath(
      data,
      index,
      proof.proof.map((hash) => Buffer.from(hash, 'hex')),
    ).toString('hex');
    expect(root).toBe(mth(data).toString('hex'));
    expect(root).toBe(proof.checkpoint.root);
    expect(checkpointSignatureValid(readEd25519PublicKey(publicKeyPem, 'test'), proof.checkpoint)).toBe(true);
  }

  async function proofFile(name: string, proof: unknown): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(proof));
    return file;
  }

  beforeAll(async () => {
    if (!variant.available) return;
    server = await startLedgerServer(variant);
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-proof-'));
    publicKeyPem = await server.publicKeyPem();
    keyFile = path.join(dir, 'published.pem');
    await writeFile(keyFile, publicKeyPem);
    for (let n = 0; n < 3; n += 1) attempts.alice.push(await server.finish(server.alice));
    attempts.bob = await server.finish(server.bob);
    for (let n = 0; n < 2; n += 1) await server.finish(server.bob);
    const adjusted = await server.app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${attempts.alice[0]}/adjustments`,
      headers: server.admin.headers,
      payload: { scaled: 0.55, passed: false, reason: 'Second marker found a missed safety step.' },
    });
    expect(adjusted.statusCode, adjusted.body).toBe(201);
    records = await departmentAdmin('ledger-records-admin', 'Records Office');
    finance = await departmentAdmin('ledger-finance-admin', 'Finance Office');
  }, 120_000);

  afterAll(async () => {
    if (!variant.available) return;
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)(
    "gives every entry's proof to the admin, each recombining to the signed root under the independent reference",
    async () => {
      for (let seq = 1; seq <= 7; seq += 1) {
        const response = await getAs(server.admin, `/api/v1/ledger/entries/${seq}/proof`);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.headers['cache-control']).toBe('no-store');
        const proof = ledgerProofSchema.parse(response.json());
        expect(proof.entry.seq).toBe(seq);
        expect(proof.checkpoint.seq).toBe(7);
        await checkIndependently(proof);
      }
    },
    60_000,
  );

  it.skipIf(!variant.available)(
    "gives a learner the proof of their own attempt's effective result and refuses others' results",
    async () => {
      const own = await getAs(server.alice, `/api/v1/attempts/${attempts.alice[0]}/ledger-proof`);
      expect(own.statusCode, own.body).toBe(200);
      const proof = own.json() as LedgerProof;
      // The attempt was corrected: its latest entry, the adjustment, is the effective result.
      expect(proof.entry).toMatchObject({ seq: 7, kind: 'adjustment', payload: { attemptId: attempts.alice[0], scaled: 0.55 } });
      await checkIndependently(proof);
      const bySeq = await getAs(server.alice, `/api/v1/ledger/entries/1/proof`);
      expect(bySeq.statusCode, bySeq.body).toBe(200);
      expect((bySeq.json() as LedgerProof).entry.payload.attemptId).toBe(attempts.alice[0]);

      const others = await getAs(server.alice, `/api/v1/attempts/${attempts.bob}/ledger-proof`);
      expect(others.statusCode).toBe(403);
      expect(others.json()).toMatchObject({ message: expect.stringContaining("another user's result") });
      expect((await getAs(server.alice, `/api/v1/ledger/entries/4/proof`)).statusCode).toBe(403);
      expect((await getAs(null, `/api/v1/ledger/entries/1/proof`)).statusCode).toBe(401);
    },
  );

  it.skipIf(!variant.available)(
    'gives trainers and department admins the proofs of results in their record scope only',
    async () => {
      const url = `/api/v1/attempts/${attempts.bob}/ledger-proof`;
      expect((await getAs(server.trainer, url)).statusCode).toBe(403);
      await enrol(server.app, server.trainer.headers, server.bob.headers);
      const trainer = await getAs(server.trainer, url);
      expect(trainer.statusCode, trainer.body).toBe(200);
      expect((trainer.json() as LedgerProof).entry.seq).toBe(4);
      expect((await getAs(server.trainer, `/api/v1/ledger/entries/4/proof`)).statusCode).toBe(200);
      // Alice was never in the trainer's class.
      expect((await getAs(server.trainer, `/api/v1/ledger/entries/2/proof`)).statusCode).toBe(403);

      expect((await getAs(records, url)).statusCode).toBe(200);
      expect((await getAs(records, `/api/v1/ledger/entries/2/proof`)).statusCode).toBe(200);
      const outside = await getAs(finance, url);
      expect(outside.statusCode).toBe(403);
      expect(outside.json()).toMatchObject({ message: expect.stringContaining('outside your scope') });
    },
  );

  it.skipIf(!variant.available)('answers 400, 404 and 409 with a reason, never 500', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/v1/ledger/entries/0/proof', 400, /not a ledger seq/],
      ['/api/v1/ledger/entries/abc/proof', 400, /not a ledger seq/],
      ['/api/v1/ledger/entries/99999999999999999999/proof', 400, /not a ledger seq/],
      ['/api/v1/ledger/entries/999/proof', 404, /holds no entry 999/],
      ['/api/v1/attempts/00000000-0000-4000-8000-000000000000/ledger-proof', 404, /no attempt/],
    ];
    for (const [url, status, message] of cases) {
      const response = await getAs(server.admin, url);
      expect(response.statusCode, url).toBe(status);
      expect((response.json() as { message: string }).message, url).toMatch(message);
    }
    const open = await server.startOnly(server.alice);
    const unfinished = await getAs(server.alice, `/api/v1/attempts/${open}/ledger-proof`);
    expect(unfinished.statusCode).toBe(409);
    expect(unfinished.json()).toMatchObject({ message: expect.stringContaining('only a finished attempt') });
  });

  it.skipIf(!variant.available)(
    'ledger:verify checks a proof file offline with the published key and fails a tampered one',
    async () => {
      const proof = (await getAs(server.alice, `/api/v1/attempts/${attempts.alice[1]}/ledger-proof`)).json() as LedgerProof;
      const good = await runVerifyCli([await proofFile('proof.json', proof), '--key', keyFile]);
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout.split('\n')[0]).toBe(
        `OK: entry ${proof.entry.seq} (result about attempt ${attempts.alice[1]}) is in the log of ${proof.checkpoint.seq} entries, root ${proof.checkpoint.root}, checkpoint signed by ${proof.checkpoint.keyId} at ${proof.checkpoint.signedAt}`,
      );

      // The recorded score changed, its hash recomputed to match: the leaf no longer leads to the root.
      const raised = copyOf(proof) as { entry: { payload: Record<string, unknown> } } & LedgerProof;
      expect(raised.entry.payload.scaled).not.toBe(0.01);
      raised.entry.payload.scaled = 0.01;
      const rehashed = { ...raised.entry, hash: entryHash(raised.entry) };
      const forged = { ...raised, entry: rehashed, leafHash: entryLeaf(rehashed).toString('hex') };
      const bad = await runVerifyCli([await proofFile('forged.json', forged), '--key', keyFile]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain(`FAILED proof: the inclusion proof does not lead from entry ${proof.entry.seq}`);
      // A sibling hash changed.
      const altered = { ...proof, proof: ['0'.repeat(64), ...proof.proof.slice(1)] };
      expect(verifyLedgerProof(altered, publicKeyPem)).toMatchObject({ ok: false });
      // Another key: the checkpoint does not verify against it.
      const other = testKey();
      const otherFile = path.join(dir, 'other.pem');
      await writeFile(otherFile, other.pem);
      const wrongKey = await runVerifyCli([await proofFile('proof2.json', proof), '--key', otherFile]);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stdout).toContain('FAILED proof: the checkpoint names the signing key');
      // Without a key a proof proves nothing: usage error.
      const noKey = await runVerifyCli([await proofFile('proof3.json', proof)]);
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain('give the published key with --key');
      // The edited entry alone (hash not recomputed) is named as such.
      expect(verifyLedgerProof(raised, publicKeyPem)).toMatchObject({
        ok: false,
        problem: expect.stringContaining('hash does not match its content'),
      });
    },
    60_000,
  );

  it.skipIf(!variant.available)('refuses a proof (503) when the stored log no longer matches its signed checkpoint', async () => {
    const { db } = server.database;
    const row = await db.selectFrom('ledger_entries').select('payload').where('seq', '=', 2).executeTakeFirstOrThrow();
    expect(row.payload).toContain('"passed":true');
    await db
      .updateTable('ledger_entries')
      .set({ payload: row.payload.replace('"passed":true', '"passed":false') })
      .where('seq', '=', 2)
      .execute();
    try {
      const response = await getAs(server.admin, `/api/v1/ledger/entries/5/proof`);
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ message: expect.stringContaining("entry 2's hash chain is broken") });
    } finally {
      await db.updateTable('ledger_entries').set({ payload: row.payload }).where('seq', '=', 2).execute();
    }
    expect((await getAs(server.admin, `/api/v1/ledger/entries/5/proof`)).statusCode).toBe(200);
  });
});
