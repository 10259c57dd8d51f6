// The Merkle tree against RFC 6962/9162 test vectors, and its proofs checked by a second,
// independent implementation written from the recursive definitions of RFC 9162 §2.1 (MTH and
// PATH in test-support/merkle-reference.ts, PROOF here): a proof is accepted only when it
// recombines to the MTH computed there.
import { describe, expect, it } from 'vitest';
import {
  TreeBuilder,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
import { k, mth, rootFromPath, sha } from './test-support/merkle-reference.ts';

/** PROOF(m, D[n]) straight from §2.1.4.1, over the raw data, for comparing with the module's. */
function refConsistency(m: number, data: readonly Buffer[]): Buffer[] {
  const sub = (mm: number, d: readonly Buffer[], b: boolean): Buffer[] => {
    if (mm === d.length) return b ? [] : [mth(d)];
    const split = k(d.length);
    return mm <= split
      ? [...sub(mm, d.slice(0, split), b), mth(d.slice(split))]
      : [...sub(mm - split, d.slice(split), false), mth(d.slice(0, split))];
  };
  return m === 0 || m === data.length ? [] : sub(m, data, true);
}

// RFC 6962 test data, as used by Certificate Transparency implementations.
const INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) =>
  Buffer.from(hex, 'hex'),
);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function data(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(`entry ${i}`, 'utf8'));
}

describe('Merkle tree (RFC 9162)', () => {
  it('matches the RFC 6962 test vectors and the recursive definition for every size 1–8', () => {
    expect(emptyRoot().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 1; n <= 8; n += 1) {
      const leaves = INPUTS.slice(0, n).map(leafHash);
      expect(rootOf(leaves).toString('hex'), `size ${n}`).toBe(ROOTS[n - 1]);
      expect(mth(INPUTS.slice(0, n)).toString('hex'), `reference size ${n}`).toBe(ROOTS[n - 1]);
    }
  });

  it('builds the same root incrementally as the recursive MTH for sizes 0–70', () => {
    const all = data(70);
    const builder = new TreeBuilder();
    expect(builder.root().equals(mth([]))).toBe(true);
    for (let n = 1; n <= 70; n += 1) {
      builder.push(leafHash(all[n - 1] as Buffer));
      expect(builder.root().equals(mth(all.slice(0, n))), `size ${n}`).toBe(true);
    }
    // A clone grows on its own.
    const copy = builder.clone();
    copy.push(leafHash(Buffer.from('one more')));
    expect(builder.root().equals(mth(all))).toBe(true);
    expect(copy.root().equals(mth([...all, Buffer.from('one more')]))).toBe(true);
  });

  it('gives inclusion proofs that the independent recursion recombines to the MTH, and rejects wrong ones', () => {
    for (const n of [1, 2, 3, 5, 7, 8, 13, 16, 33]) {
      const d = data(n);
      const leaves = d.map(leafHash);
      const root = mth(d);
      for (let i = 0; i < n; i += 1) {
        const proof = inclusionProof(i, leaves);
        expect(rootFromPath(d, i, proof).equals(root), `leaf ${i} of ${n}`).toBe(true);
        expect(verifyInclusion(leaves[i] as Buffer, i, n, proof, root)).toBe(true);
        // Another leaf, another index or a changed proof node does not verify.
        expect(verifyInclusion(leafHash(Buffer.from('forged')), i, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(leaves[i] as Buffer, (i + 1) % n, n, proof, root)).toBe(false);
        if (proof.length > 0) {
          const bad = proof.map((p, j) => (j === 0 ? sha(p) : p));
          expect(verifyInclusion(leaves[i] as Buffer, i, n, bad, root)).toBe(false);
        }
      }
    }
    expect(() => inclusionProof(3, data(3).map(leafHash))).toThrow(RangeError);
  });

  it('gives the consistency proofs of the RFC definition, which prove prefixes and reject rewritten histories', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31]) {
      const d = data(n);
      const leaves = d.map(leafHash);
      for (let m = 0; m <= n; m += 1) {
        const proof = consistencyProof(m, leaves);
        expect(
          proof.map((h) => h.toString('hex')),
          `PROOF(${m}, D[${n}])`,
        ).toEqual(refConsistency(m, d).map((h) => h.toString('hex')));
        expect(verifyConsistency(m, n, mth(d.slice(0, m)), mth(d), proof), `${m} → ${n}`).toBe(true);
        if (m > 0 && m < n) {
          // The old tree with one entry changed is not a prefix of the new one.
          const rewritten = [...d];
          rewritten[m - 1] = Buffer.from('rewritten');
          expect(verifyConsistency(m, n, mth(rewritten.slice(0, m)), mth(d), proof)).toBe(false);
          expect(verifyConsistency(m, n, mth(d.slice(0, m)), mth(rewritten), proof)).toBe(false);
        }
      }
    }
    expect(verifyConsistency(5, 4, emptyRoot(), emptyRoot(), [])).toBe(false);
  });
});
