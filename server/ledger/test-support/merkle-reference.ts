// Test helper: a second, independent RFC 9162 §2.1 Merkle implementation written straight from
// the recursive definitions (MTH, PATH), for checking server/ledger/merkle.ts and the proofs the
// server hands out: a proof is accepted only when it recombines to the MTH computed here.
import { createHash } from 'node:crypto';

export const sha = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};

/** The largest power of two smaller than n (n ≥ 2). */
export const k = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);

/** MTH(D[n]) straight from RFC 9162 §2.1.1. */
export function mth(data: readonly Buffer[]): Buffer {
  if (data.length === 0) return sha();
  if (data.length === 1) return sha(Buffer.from([0x00]), data[0] as Buffer);
  const split = k(data.length);
  return sha(Buffer.from([0x01]), mth(data.slice(0, split)), mth(data.slice(split)));
}

/**
 * Recomputes the root from an inclusion proof by walking the same recursion as PATH (§2.1.3.1):
 * consumes the proof from the end (the root side) inward.
 */
export function rootFromPath(data: readonly Buffer[], index: number, proof: readonly Buffer[]): Buffer {
  const walk = (m: number, n: number, rest: Buffer[]): Buffer => {
    if (n === 1) {
      if (rest.length !== 0) throw new Error('proof too long');
      return sha(Buffer.from([0x00]), data[index] as Buffer);
    }
    const split = k(n);
    const sibling = rest.pop();
    if (sibling === undefined) throw new Error('proof too short');
    return m < split
      ? sha(Buffer.from([0x01]), walk(m, split, rest), sibling)
      : sha(Buffer.from([0x01]), sibling, walk(m - split, n - split, rest));
  };
  return walk(index, data.length, [...proof]);
}
