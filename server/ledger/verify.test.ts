// The offline verifier on hand-built exports: an intact log passes; each kind of tampering fails
// and names the first bad entry; a checkpoint signed by another key fails against the published
// key; a consistent rewrite fails against the signed root and against every kept checkpoint.
// Inclusion proofs: every leaf of trees of 1 to 17 entries, against the independent reference.
import { describe, expect, it } from 'vitest';
import type { LedgerEntry, LedgerExport } from '../../src/contracts/report-types.ts';
import { entryHash, entryLeaf, entryLeafBytes, signCheckpoint } from './chain.ts';
import { inclusionProof } from './merkle.ts';
import { mth, rootFromPath } from './test-support/merkle-reference.ts';
import { buildEntries, checkpointOf, copyOf, signedExport, testKey } from './test-support/chain-builder.ts';
import { LedgerFileError, parseCheckpoints, verifyLedgerExport, verifyLedgerProof } from './verify.ts';

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
    // The forger keeps the published keyId in the checkpoint, and also tries with its own.
    const sameId = { ...data, head: signCheckpoint(forger.privateKey, key.keyId, data.head) };
    expect(failure(sameId).problem).toContain('signature does not verify');
    const ownId = {
      ...data,
      publicKey: forger.pem,
      keyId: forger.keyId,
      head: signCheckpoint(forger.privateKey, forger.keyId, data.head),
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
    expect(() => verifyLedgerExport({ ...intact, formatVersion: 1 })).toThrow(/signed on request and prove nothing/);
    expect(() => verifyLedgerExport({ ...intact, formatVersion: 3 })).toThrow(/formatVersion 3/);
    expect(() => verifyLedgerExport(intact, { publicKeyPem: 'not a key' })).toThrow(LedgerFileError);
  });

  it('fails a consistent rewrite (payload changed, every later hash recomputed) against the signed root', () => {
    const entries = [...copyOf(intact.entries)];
    let prev = entries[2]?.prev ?? '';
    for (const entry of entries.slice(2)) {
      const content = {
        ...entry,
        prev,
        payload: entry.seq === 3 ? { ...entry.payload, scaled: 1, passed: true } : entry.payload,
      };
      Object.assign(entry, content, { hash: entryHash(content) });
      prev = entry.hash;
    }
    // The insider also moves the checkpoint's chain hash; the root and signature it cannot redo.
    const data = { ...withEntries(entries), head: { ...intact.head, hash: prev } };
    const outcome = failure(data);
    expect(outcome.problem).toMatch(/chain hash|Merkle root|signature/);
    expect(failure({ ...withEntries(entries), head: intact.head }).problem).toContain('chain hash');
  });

  it('proves a later export consistent with every kept checkpoint, and fails one that rewrote or dropped history', () => {
    const all = buildEntries(13);
    const kept = [checkpointOf(all.slice(0, 1), key), checkpointOf(all.slice(0, 5), key), checkpointOf(all.slice(0, 8), key)];
    const later = signedExport(all, key);
    expect(verifyLedgerExport(later, { publicKeyPem: key.pem, checkpoints: kept })).toMatchObject({
      ok: true,
      consistentWith: [1, 5, 8],
    });
    // A rewritten log, re-signed by someone holding the key, still breaks the kept checkpoint of size 5.
    const rewritten = copyOf(all);
    let prev = rewritten[3]?.prev ?? '';
    for (const entry of rewritten.slice(3)) {
      const content = { ...entry, prev, payload: entry.seq === 4 ? { ...entry.payload, scaled: 1 } : entry.payload };
      Object.assign(entry, content, { hash: entryHash(content) });
      prev = entry.hash;
    }
    const resigned = signedExport(rewritten, key);
    expect(verifyLedgerExport(resigned, { publicKeyPem: key.pem })).toMatchObject({ ok: true });
    const withKept = verifyLedgerExport(resigned, { publicKeyPem: key.pem, checkpoints: kept });
    expect(withKept).toMatchObject({ ok: false, seq: 5, problem: expect.stringContaining('consistency proof fails') });
    // An export cut back to 7 entries (and its checkpoint re-signed) is shorter than the kept 8.
    const shorter = signedExport(all.slice(0, 7), key);
    expect(verifyLedgerExport(shorter, { publicKeyPem: key.pem, checkpoints: kept })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('fewer than the kept checkpoint of size 8'),
    });
    // A kept checkpoint signed by another key is refused, not trusted.
    expect(
      verifyLedgerExport(later, { publicKeyPem: key.pem, checkpoints: [checkpointOf(all.slice(0, 3), testKey())] }),
    ).toMatchObject({ ok: false, problem: expect.stringContaining('does not verify against the key') });
  });

  it('reads kept checkpoints as JSON, as witness lines and as signed notes', () => {
    const first = checkpointOf(buildEntries(2), key);
    const second = checkpointOf(buildEntries(6), key);
    expect(parseCheckpoints(JSON.stringify(first, null, 2), key.keyId)).toEqual([first]);
    expect(parseCheckpoints(`${JSON.stringify(first)}\n${JSON.stringify(second)}\n`, key.keyId)).toEqual([first, second]);
    expect(parseCheckpoints(`${first.note}\n${second.note}`, key.keyId)).toEqual([first, second]);
    expect(first.note).toMatch(
      /^test\.shixun\/ledger\n2\n[A-Za-z0-9+/]+=*\ntimestamp 2026-06-01T00:00:00.000Z\nchain [0-9a-f]{64}\n\n\u2014 test\.shixun\/ledger \S+\n$/,
    );
    expect(() => parseCheckpoints('hello', key.keyId)).toThrow(LedgerFileError);
  });
});

describe('verifyLedgerProof', () => {
  it('accepts the proof of every entry of trees of 1 to 17 entries, as the independent reference recombines it, and no other leaf', () => {
    for (let size = 1; size <= 17; size += 1) {
      const entries = buildEntries(size);
      const checkpoint = checkpointOf(entries, key);
      const leaves = entries.map(entryLeaf);
      const data = entries.map(entryLeafBytes);
      expect(checkpoint.root).toBe(mth(data).toString('hex'));
      for (const [index, entry] of entries.entries()) {
        const proof = inclusionProof(index, leaves);
        expect(rootFromPath(data, index, proof).toString('hex')).toBe(checkpoint.root);
        const file = {
          format: 'shixun-ledger-proof',
          formatVersion: 1,
          entry,
          leafIndex: index,
          leafHash: (leaves[index] as Buffer).toString('hex'),
          proof: proof.map((hash) => hash.toString('hex')),
          checkpoint,
        };
        expect(verifyLedgerProof(file, key.pem), `size ${size}, entry ${entry.seq}`).toMatchObject({ ok: true });
        // The same path does not lead from a neighbour's entry.
        const other = entries[(index + 1) % size] as LedgerEntry;
        if (size > 1)
          expect(
            verifyLedgerProof(
              { ...file, entry: other, leafIndex: other.seq - 1, leafHash: entryLeaf(other).toString('hex') },
              key.pem,
            ),
          ).toMatchObject({ ok: false });
      }
    }
  });

  it('refuses what is not a proof (usage error) and a malformed one (a failure with the reason)', () => {
    expect(() => verifyLedgerProof({ format: 'shixun-ledger-export' }, key.pem)).toThrow(LedgerFileError);
    expect(() => verifyLedgerProof({ format: 'shixun-ledger-proof', formatVersion: 9 }, key.pem)).toThrow(/formatVersion 9/);
    const entries = buildEntries(3);
    const base = {
      format: 'shixun-ledger-proof',
      formatVersion: 1,
      entry: entries[0],
      leafIndex: 0,
      leafHash: entryLeaf(entries[0] as LedgerEntry).toString('hex'),
      proof: ['zz'],
      checkpoint: checkpointOf(entries, key),
    };
    expect(verifyLedgerProof(base, key.pem)).toEqual({ ok: false, problem: '"proof" is not a list of SHA-256 hex hashes.' });
    expect(verifyLedgerProof({ ...base, proof: [], leafIndex: 2 }, key.pem)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('"leafIndex" 2 is not entry 1'),
    });
  });
});
