// The offline verifier on hand-built exports: an intact chain passes; each kind of tampering fails
// and names the first bad entry; a head signed by another key fails against the published key.
import { describe, expect, it } from 'vitest';
import type { LedgerEntry, LedgerExport } from '../../src/reports/report-types.ts';
import { entryHash, signHead } from './chain.ts';
import { buildEntries, copyOf, signedExport, testKey } from './test-support/chain-builder.ts';
import { LedgerFileError, verifyLedgerExport } from './verify.ts';

const key = testKey();
const intact = signedExport(buildEntries(8), key);

function failure(data: unknown, publicKeyPem: string | undefined = key.pem) {
  const outcome = verifyLedgerExport(data, { publicKeyPem });
  if (outcome.ok) throw new Error('expected verification to fail');
  return outcome;
}

function withEntries(entries: LedgerEntry[]): LedgerExport {
  return { ...copyOf(intact), entries };
}

describe('verifyLedgerExport', () => {
  it('passes an intact export against the published key, naming the count, head and key', () => {
    const outcome = verifyLedgerExport(intact, { publicKeyPem: key.pem });
    expect(outcome).toMatchObject({ ok: true, entries: 8, keyId: key.keyId, selfKeyed: false });
    expect(outcome.ok && outcome.head.hash).toBe(intact.entries[7]?.hash);
  });

  it("passes against the export's own key when no key is given, marked as self-keyed", () => {
    expect(verifyLedgerExport(intact)).toMatchObject({ ok: true, selfKeyed: true });
  });

  it('passes an empty chain whose head is seq 0 and 64 zeros', () => {
    const empty = signedExport([], key);
    expect(empty.head.hash).toBe('0'.repeat(64));
    expect(verifyLedgerExport(empty, { publicKeyPem: key.pem })).toMatchObject({ ok: true, entries: 0 });
  });

  it('names the entry whose payload was changed', () => {
    const data = copyOf(intact);
    (data.entries[4]?.payload as Record<string, unknown>).scaled = 1;
    expect(failure(data)).toMatchObject({
      seq: 5,
      position: 5,
      problem: expect.stringContaining('changed after it was recorded'),
    });
  });

  it('names the entry after a deleted one, saying which seq is missing', () => {
    const entries = copyOf(intact.entries).filter((entry) => entry.seq !== 3);
    const outcome = failure(withEntries(entries));
    expect(outcome).toMatchObject({ seq: 4, position: 3 });
    expect(outcome.problem).toContain('entry 3 is missing');
  });

  it("names the first of two entries moved to each other's place", () => {
    const entries = [...copyOf(intact.entries)];
    [entries[1], entries[5]] = [entries[5] as LedgerEntry, entries[1] as LedgerEntry];
    expect(failure(withEntries(entries))).toMatchObject({
      seq: 6,
      position: 2,
      problem: expect.stringContaining('out of order'),
    });
  });

  it('names the first of two entries whose seqs were swapped in place (as an UPDATE in the database would)', () => {
    const entries = copyOf(intact.entries).map((entry) =>
      entry.seq === 2 ? { ...entry, seq: 6 } : entry.seq === 6 ? { ...entry, seq: 2 } : entry,
    );
    entries.sort((a, b) => a.seq - b.seq);
    expect(failure(withEntries(entries))).toMatchObject({ seq: 2, position: 2 });
  });

  it('names the entry after a changed one whose hash was recomputed: its prev no longer links', () => {
    const entries = [...copyOf(intact.entries)];
    const forged = { ...(entries[2] as LedgerEntry), payload: { ...entries[2]?.payload, scaled: 1 } };
    entries[2] = { ...forged, hash: entryHash(forged) };
    expect(failure(withEntries(entries))).toMatchObject({
      seq: 4,
      position: 4,
      problem: expect.stringContaining('prev does not match'),
    });
  });

  it('fails an export cut short: the signed head covers more entries', () => {
    const outcome = failure(withEntries(copyOf(intact.entries).slice(0, 6)));
    expect(outcome).toMatchObject({ seq: 8, position: null });
    expect(outcome.problem).toContain('covers 8 entries but the export holds 6');
  });

  it('fails a head re-signed by another key, against the published key', () => {
    const forger = testKey();
    const data = copyOf(intact);
    const unsigned = { seq: data.head.seq, hash: data.head.hash, signedAt: data.head.signedAt };
    // The forger keeps the published keyId in the head, and also tries with its own.
    const sameId = { ...data, head: { ...data.head, signature: signHead(forger.privateKey, unsigned) } };
    expect(failure(sameId).problem).toContain('signature does not verify');
    const ownId = {
      ...data,
      publicKey: forger.pem,
      keyId: forger.keyId,
      head: { ...data.head, keyId: forger.keyId, signature: signHead(forger.privateKey, unsigned) },
    };
    expect(failure(ownId).problem).toContain(`names the signing key ${forger.keyId}`);
    // Without the published key the forgery is internally consistent: that is why --key matters.
    expect(verifyLedgerExport(ownId)).toMatchObject({ ok: true, selfKeyed: true, keyId: forger.keyId });
  });

  it('fails an intact export checked against another key', () => {
    expect(failure(intact, testKey().pem)).toMatchObject({
      position: null,
      problem: expect.stringContaining('not the given key'),
    });
  });

  it('fails a head whose signedAt was changed after signing', () => {
    const data = copyOf(intact);
    expect(failure({ ...data, head: { ...data.head, signedAt: '2030-01-01T00:00:00.000Z' } }).problem).toContain(
      'signature does not verify',
    );
  });

  it('names a malformed entry by its position', () => {
    const entries = copyOf(intact.entries) as unknown as Record<string, unknown>[];
    delete entries[6]?.prev;
    expect(failure(withEntries(entries as unknown as LedgerEntry[]))).toMatchObject({
      seq: 7,
      position: 7,
      problem: expect.stringContaining('"prev"'),
    });
  });

  it('throws LedgerFileError for something that is not an export, or a key that is not Ed25519', () => {
    expect(() => verifyLedgerExport({ entries: [] })).toThrow(LedgerFileError);
    expect(() => verifyLedgerExport({ ...intact, formatVersion: 2 })).toThrow(/formatVersion 2/);
    expect(() => verifyLedgerExport(intact, { publicKeyPem: 'not a key' })).toThrow(LedgerFileError);
  });
});
