// A Merkle tree over the ledger's entries, hashed as RFC 9162 (Certificate Transparency 2.0) §2.1
// says: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right), the empty tree's
// root SHA-256 of nothing. Inclusion proofs show an entry is in a tree of size n; consistency
// proofs show a tree of size m is a prefix of the tree of size n. Pure: no database, no key.
import { createHash } from 'node:crypto';

export type Hash = Buffer;

export function emptyRoot(): Hash {
  return createHash('sha256').digest();
}

export function leafHash(entry: Uint8Array): Hash {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(entry)
    .digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

/** The largest power of two smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Builds roots a leaf at a time in O(log n) memory: the stack holds the roots of the perfect
 * subtrees along the right edge, largest first, as the tree of RFC 9162 splits them.
 */
export class TreeBuilder {
  readonly #stack: { hash: Hash; size: number }[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** An independent copy: pushing to it leaves this one as it is. */
  clone(): TreeBuilder {
    const copy = new TreeBuilder();
    copy.#stack.push(...this.#stack.map((item) => ({ ...item })));
    copy.#size = this.#size;
    return copy;
  }

  /**
   * The tree's frontier: the roots of the perfect subtrees along its right edge, largest first
   * (one per 1 bit of the size). With the size, all that later pushes and the root need.
   */
  frontier(): Hash[] {
    return this.#stack.map((item) => item.hash);
  }

  /**
   * The builder of a tree of `size` leaves from its frontier (frontier()); undefined when the
   * number of hashes is not the number of 1 bits of `size`.
   */
  static fromFrontier(size: number, hashes: readonly Hash[]): TreeBuilder | undefined {
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    const sizes: number[] = [];
    for (let bit = 2 ** Math.floor(Math.log2(Math.max(size, 1))); bit >= 1; bit /= 2)
      if (Math.floor(size / bit) % 2 === 1) sizes.push(bit);
    if (sizes.length !== hashes.length || hashes.some((hash) => hash.length !== 32)) return undefined;
    const builder = new TreeBuilder();
    sizes.forEach((subtree, index) => builder.#stack.push({ hash: Buffer.from(hashes[index] as Hash), size: subtree }));
    builder.#size = size;
    return builder;
  }

  push(leaf: Hash): void {
    let top = { hash: leaf, size: 1 };
    for (;;) {
      const last = this.#stack[this.#stack.length - 1];
      if (last === undefined || last.size !== top.size) break;
      this.#stack.pop();
      top = { hash: nodeHash(last.hash, top.hash), size: last.size * 2 };
    }
    this.#stack.push(top);
    this.#size += 1;
  }

  root(): Hash {
    if (this.#stack.length === 0) return emptyRoot();
    let index = this.#stack.length - 1;
    let hash = (this.#stack[index] as { hash: Hash }).hash;
    while (index > 0) {
      index -= 1;
      hash = nodeHash((this.#stack[index] as { hash: Hash }).hash, hash);
    }
    return hash;
  }
}

/** MTH(D[0:n]) over leaf hashes. */
export function rootOf(leaves: readonly Hash[]): Hash {
  const builder = new TreeBuilder();
  for (const leaf of leaves) builder.push(leaf);
  return builder.root();
}

function subtreeRoot(leaves: readonly Hash[], start: number, end: number): Hash {
  return rootOf(leaves.slice(start, end));
}

function path(index: number, leaves: readonly Hash[], start: number, end: number): Hash[] {
  const n = end - start;
  if (n <= 1) return [];
  const k = split(n);
  if (index < k) return [...path(index, leaves, start, start + k), subtreeRoot(leaves, start + k, end)];
  return [...path(index - k, leaves, start + k, end), subtreeRoot(leaves, start, start + k)];
}

/** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` (0-based). */
export function inclusionProof(index: number, leaves: readonly Hash[]): Hash[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length)
    throw new RangeError(`leaf ${index} is not in a tree of ${leaves.length} leaves`);
  return path(index, leaves, 0, leaves.length);
}

function subproof(m: number, leaves: readonly Hash[], start: number, end: number, complete: boolean): Hash[] {
  const n = end - start;
  if (m === n) return complete ? [] : [subtreeRoot(leaves, start, end)];
  const k = split(n);
  if (m <= k) return [...subproof(m, leaves, start, start + k, complete), subtreeRoot(leaves, start + k, end)];
  return [...subproof(m - k, leaves, start + k, end, false), subtreeRoot(leaves, start, start + k)];
}

/** PROOF(m, D[0:n]) of RFC 9162 §2.1.4.1: the tree of the first m leaves is a prefix of this one. */
export function consistencyProof(m: number, leaves: readonly Hash[]): Hash[] {
  if (!Number.isSafeInteger(m) || m < 0 || m > leaves.length)
    throw new RangeError(`a tree of ${m} leaves cannot be a prefix of one of ${leaves.length}`);
  if (m === 0 || m === leaves.length) return [];
  return subproof(m, leaves, 0, leaves.length, true);
}

/** RFC 9162 §2.1.3.2: whether `proof` shows leaf `index` with hash `leaf` is in the tree of `size` with `root`. */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree (size1, root1) is a prefix of (size2, root2). */
export function verifyConsistency(size1: number, size2: number, root1: Hash, root2: Hash, proof: readonly Hash[]): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (size1 === 0) return proof.length === 0;
  // A power-of-two size1 is a complete subtree: its root is the proof's implicit first node.
  const nodes = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  if (nodes.length === 0) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = nodes[0] as Hash;
  let sr = nodes[0] as Hash;
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}
