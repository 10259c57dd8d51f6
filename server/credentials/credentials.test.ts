// Issuing and verifying credentials on both databases: the round trip, each changed field named,
// revocation through the status list and the ledger, expiry, the loader that never reaches the
// network, and two independent checks (jose alone on the VC-JOSE form; RDFC-1.0 recomputed).
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { Ledger } from '../ledger/ledger.ts';
import { append } from '../ledger/test-support/ledger-appends.ts';
import { createDocumentLoader, UnknownDocumentError } from '../../src/credentials/document-loader.ts';
import { issueCredential } from './issue.ts';
import { issueCredentials } from './issue-batch.ts';
import type { IssueCredentialInput } from './issue.ts';
import { createIssuer } from './issuer.ts';
import type { Issuer } from './issuer.ts';
import { loadIssuerKey } from './issuer-key.ts';
import { revokeCredential, signedStatusList } from './revoke.ts';
import { base58btc, independentlyVerified } from './test-support/independent-check.ts';
import { verifyCredential } from './verify.ts';

type Json = Record<string, unknown>;
const ISSUED = new Date('2026-05-01T08:00:00Z');
const LATER = new Date('2026-06-01T08:00:00Z');

function input(seq: number, extra: Partial<IssueCredentialInput> = {}): IssueCredentialInput {
  return {
    kind: 'course-pass',
    subject: { userId: 'user-1', username: 'lihua', displayName: '李华' },
    achievement: {
      id: 'data-security',
      name: { 'zh-CN': '数据安全', en: 'Data security' },
      criteria: { 'zh-CN': '通过正式考核', en: 'Passed the official assessment' },
    },
    score: 92,
    ledgerSeq: seq,
    issuedAt: ISSUED,
    ...extra,
  };
}

describe.each(TEST_DATABASES)('credentials on $name', (variant) => {
  let database: TestDatabase;
  let ledger: Ledger;
  let issuer: Issuer;
  let dir: string;

  beforeEach(async () => {
    if (!variant.available) return;
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-credentials-'));
    database = await variant.open();
    ledger = await Ledger.open(database, { keyDir: path.join(dir, 'ledger') });
    issuer = await createIssuer(await loadIssuerKey(path.join(dir, 'issuer')), 'https://shixun.test:8443/', {
      'zh-CN': '测试培训中心',
      en: 'Test Training Centre',
    });
  });

  afterEach(async () => {
    if (!variant.available) return;
    await ledger.witnessed();
    await database.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function issued(extra: Partial<IssueCredentialInput> = {}, n = 1) {
    const seq = await append(database, ledger, n);
    const row = await issueCredential({ database, issuer }, input(seq, extra));
    return { seq, row, credential: JSON.parse(row.credential) as Json };
  }

  const statusList = (at = LATER) => signedStatusList(database, issuer, 1, at);

  it.skipIf(!variant.available)('issues an OpenBadgeCredential that verifies, once per ledger entry', async () => {
    const { seq, row, credential } = await issued();
    expect(issuer.did).toBe('did:web:shixun.test%3A8443');
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer).toMatchObject({ id: issuer.did, type: ['Profile'] });
    expect(credential.validFrom).toBe('2026-05-01T08:00:00Z');
    const subject = credential.credentialSubject as Json;
    expect(subject.result).toEqual([{ type: ['Result'], value: '92' }]);
    const evidence = (credential.evidence as Json[])[0];
    expect(evidence?.id).toBe(`https://shixun.test:8443/api/v1/ledger/entries/${seq}/proof`);
    const entry = await database.db.selectFrom('ledger_entries').select('hash').where('seq', '=', seq).executeTakeFirstOrThrow();
    expect(evidence?.description).toBe(`sha256:${entry.hash}`);
    expect(credential.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '0',
      statusListCredential: 'https://shixun.test:8443/api/v1/credentials/status/1',
    });
    expect((credential.proof as Json).cryptosuite).toBe('eddsa-rdfc-2022');

    const report = await verifyCredential(credential, {
      didDocument: issuer.didDocument,
      statusList: await statusList(),
      now: LATER,
    });
    expect(report.reasons).toEqual([]);
    expect(report).toMatchObject({ status: 'valid', format: 'data-integrity', revocationChecked: true });
    expect(report.summary).toMatchObject({
      subjectName: '李华',
      achievementName: 'Data security',
      score: '92',
      issuerName: 'Test Training Centre',
    });

    const again = await issueCredential({ database, issuer }, input(seq));
    expect(again.id).toBe(row.id);
    expect(await database.db.selectFrom('credentials').select('id').execute()).toHaveLength(1);
    const second = await issued({}, 2);
    expect((second.credential.credentialStatus as Json).statusListIndex).toBe('1');
  });

  it.skipIf(!variant.available)('issues in batches: one per entry, distinct status indexes, each verifies', async () => {
    const { seq: firstSeq, row: first } = await issued();
    const seqs = [firstSeq];
    for (let n = 2; n <= 6; n += 1) seqs.push(await append(database, ledger, n));
    // The first entry already has its credential; the last is asked twice; batches of two.
    const inputs = [...seqs, seqs.at(-1)!].map((seq) =>
      input(seq, { subject: { userId: `user-${seq}`, username: `u${seq}`, displayName: `学员${seq}` } }),
    );
    const rows = await issueCredentials({ database, issuer }, inputs, 2);
    expect(rows).toHaveLength(inputs.length);
    expect(rows[0]?.id).toBe(first.id);
    expect(rows.at(-1)?.id).toBe(rows.at(-2)?.id);
    expect(rows.map((row) => Number(row.ledger_seq))).toEqual([...seqs, seqs.at(-1)]);
    const stored = await database.db.selectFrom('credentials').select(['id', 'status_index']).execute();
    expect(stored).toHaveLength(6);
    expect(new Set(stored.map((row) => Number(row.status_index))).size).toBe(6);
    const list = await statusList();
    for (const row of rows.slice(1, 6)) {
      const report = await verifyCredential(JSON.parse(row.credential) as Json, {
        didDocument: issuer.didDocument,
        statusList: list,
        now: LATER,
      });
      expect(report.reasons).toEqual([]);
      expect(report.summary.subjectName).toBe(`学员${Number(row.ledger_seq)}`);
    }
    // Asked again: nothing new.
    const again = await issueCredentials({ database, issuer }, inputs);
    expect(again.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    expect(await database.db.selectFrom('credentials').select('id').execute()).toHaveLength(6);
    // An entry the ledger does not hold is refused, and nothing of its batch is stored.
    await expect(issueCredentials({ database, issuer }, [input(9_999)])).rejects.toThrow(/ledger entry 9999 does not exist/);
  });

  it.skipIf(!variant.available)('leaves the score out when it is not to be shown', async () => {
    const { credential } = await issued({ score: undefined });
    expect((credential.credentialSubject as Json).result).toBeUndefined();
    const report = await verifyCredential(credential, {
      didDocument: issuer.didDocument,
      statusList: await statusList(),
      now: LATER,
    });
    expect(report.status).toBe('valid');
  });

  it.skipIf(!variant.available)('fails a changed credential and names what was changed', async () => {
    const { credential } = await issued();
    const cases: [string, (copy: Json) => void][] = [
      ['score', (copy) => ((copy.credentialSubject as Json).result = [{ type: ['Result'], value: '99' }])],
      ['subject', (copy) => ((copy.credentialSubject as Json).name = '王五')],
      ['dates', (copy) => (copy.validFrom = '2026-04-01T08:00:00Z')],
      [
        'achievement',
        (copy) =>
          (((copy.credentialSubject as Json).achievement as Json).name = [{ '@value': 'Algorithm ethics', '@language': 'en' }]),
      ],
      ['issuer', (copy) => ((copy.issuer as Json).name = 'Another centre')],
    ];
    for (const [field, change] of cases) {
      const copy = structuredClone(credential);
      change(copy);
      const report = await verifyCredential(copy, {
        didDocument: issuer.didDocument,
        statusList: await statusList(),
        now: LATER,
      });
      expect(report.status, field).toBe('tampered');
      expect(report.reasons, field).toContainEqual(expect.objectContaining({ code: 'changed', field }));
      expect(
        report.reasons.filter((reason) => reason.code === 'changed'),
        field,
      ).toHaveLength(1);
    }
    // A change the digests do not cover (the proof's own date) still fails, as a proof mismatch.
    const copy = structuredClone(credential);
    (copy.proof as Json).created = '2020-01-01T00:00:00Z';
    const report = await verifyCredential(copy, { didDocument: issuer.didDocument, statusList: await statusList(), now: LATER });
    expect(report.status).toBe('tampered');
    expect(report.reasons.map((reason) => reason.code)).toEqual(['proof']);
  });

  it.skipIf(!variant.available)('fails a credential signed by another key than the issuer publishes', async () => {
    const { credential } = await issued();
    const other = await createIssuer(
      await loadIssuerKey(path.join(dir, 'other')),
      'https://shixun.test:8443/',
      issuer.organisation,
    );
    const report = await verifyCredential(credential, { didDocument: other.didDocument, now: LATER });
    expect(report.status).toBe('tampered');
    expect(report.reasons[0]?.code).toBe('issuer-key');
  });

  it.skipIf(!variant.available)('revokes with a reason and a ledger entry; the status list then says revoked', async () => {
    const { row, credential } = await issued();
    const before = await statusList(ISSUED);
    const revoked = await revokeCredential(
      { database, ledger },
      { credentialId: row.id, reason: 'Result annulled on appeal review', revokedBy: 'admin', now: LATER },
    );
    expect(revoked.revoked_reason).toBe('Result annulled on appeal review');
    const entry = await database.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('seq', '=', Number(revoked.revocation_seq))
      .executeTakeFirstOrThrow();
    expect(entry.kind).toBe('credential-revocation');
    expect(JSON.parse(entry.payload)).toMatchObject({
      credentialId: row.id,
      reason: 'Result annulled on appeal review',
      revokedBy: 'admin',
      statusIndex: 0,
    });
    expect(entry.attempt_id).toBeNull();

    const report = await verifyCredential(credential, {
      didDocument: issuer.didDocument,
      statusList: await statusList(),
      now: LATER,
    });
    expect(report.status).toBe('revoked');
    expect(report.reasons.map((reason) => reason.code)).toEqual(['revoked']);
    // The list from before the revocation still says valid: the list given is what is judged.
    expect((await verifyCredential(credential, { didDocument: issuer.didDocument, statusList: before, now: LATER })).status).toBe(
      'valid',
    );
    await expect(
      revokeCredential(
        { database, ledger },
        { credentialId: row.id, reason: 'Twice is not allowed', revokedBy: 'admin', now: LATER },
      ),
    ).rejects.toMatchObject({ statusCode: 409 });

    // A forged status list (not signed by the issuer) is not trusted.
    const forged = structuredClone(before);
    (forged.credentialSubject as Json).encodedList = ((await statusList()).credentialSubject as Json).encodedList;
    const unsure = await verifyCredential(credential, { didDocument: issuer.didDocument, statusList: forged, now: LATER });
    expect(unsure.status).toBe('unverifiable');
    expect(unsure.reasons[0]?.code).toBe('status-list');
  });

  it.skipIf(!variant.available)(
    'reports an expired credential as expired, and revocation as unchecked without a list',
    async () => {
      const { credential } = await issued({ validUntil: new Date('2026-05-15T00:00:00Z') });
      expect(credential.validUntil).toBe('2026-05-15T00:00:00Z');
      const report = await verifyCredential(credential, {
        didDocument: issuer.didDocument,
        statusList: await statusList(),
        now: LATER,
      });
      expect(report.status).toBe('expired');
      expect(report.reasons[0]).toMatchObject({ code: 'expired', message: expect.stringContaining('2026-05-15') });
      const early = await verifyCredential(credential, {
        didDocument: issuer.didDocument,
        now: new Date('2026-05-02T00:00:00Z'),
      });
      expect(early.status).toBe('valid');
      expect(early.revocationChecked).toBe(false);
      expect(early.reasons.map((reason) => reason.code)).toEqual(['status-not-checked']);
    },
  );

  it.skipIf(!variant.available)('never reaches the network: an unknown context fails with that reason', async () => {
    const { credential } = await issued();
    const loader = createDocumentLoader([issuer.didDocument]);
    await expect(loader('https://example.org/contexts/v1')).rejects.toBeInstanceOf(UnknownDocumentError);
    await expect(loader('https://www.w3.org/ns/credentials/v2')).resolves.toMatchObject({
      documentUrl: 'https://www.w3.org/ns/credentials/v2',
    });

    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const httpSpy = vi.spyOn(http, 'request');
    const httpsSpy = vi.spyOn(https, 'request');
    try {
      const copy = structuredClone(credential);
      copy['@context'] = [...(copy['@context'] as string[]), 'https://example.org/contexts/v1'];
      const report = await verifyCredential(copy, { didDocument: issuer.didDocument, now: LATER });
      expect(report.status).toBe('unverifiable');
      expect(report.reasons[0]).toMatchObject({
        code: 'unknown-document',
        message: expect.stringContaining('https://example.org/contexts/v1'),
      });
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(httpSpy).not.toHaveBeenCalled();
      expect(httpsSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
      httpSpy.mockRestore();
      httpsSpy.mockRestore();
    }
  });

  it.skipIf(!variant.available)('the VC-JOSE form verifies with jose alone, and through the verifier', async () => {
    const { row, credential } = await issued();
    const header = decodeProtectedHeader(row.jwt);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: issuer.verificationMethod });
    const method = issuer.didDocument.verificationMethod?.[0] as Json;
    const x = base58btc(String(method.publicKeyMultibase).slice(1)).subarray(2).toString('base64url');
    const { payload } = await compactVerify(row.jwt, await importJWK({ kty: 'OKP', crv: 'Ed25519', x }, 'EdDSA'));
    const { proof: _proof, ...unsecured } = credential;
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(unsecured);

    const report = await verifyCredential(row.jwt, {
      didDocument: issuer.didDocument,
      statusList: await statusList(),
      now: LATER,
    });
    expect(report).toMatchObject({ status: 'valid', format: 'vc-jose' });
    const [head, body, signature] = row.jwt.split('.');
    const changed = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as Json;
    (changed.credentialSubject as Json).name = '王五';
    const forged = `${head}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    expect((await verifyCredential(forged, { didDocument: issuer.didDocument, now: LATER })).status).toBe('tampered');
  });

  it.skipIf(!variant.available)(
    'the Data Integrity proof recomputed by a second implementation matches, and fails when changed',
    async () => {
      const { credential } = await issued();
      const method = issuer.didDocument.verificationMethod?.[0] as Json;
      const loader = createDocumentLoader([issuer.didDocument]);
      expect(await independentlyVerified(credential, String(method.publicKeyMultibase), loader)).toBe(true);
      const copy = structuredClone(credential);
      (copy.credentialSubject as Json).result = [{ type: ['Result'], value: '99' }];
      expect(await independentlyVerified(copy, String(method.publicKeyMultibase), loader)).toBe(false);
      const list = await statusList();
      expect(await independentlyVerified(list, String(method.publicKeyMultibase), loader)).toBe(true);
    },
  );
});
