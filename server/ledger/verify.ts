// Checks a ledger export offline (no server, no database): every entry's hash, every prev link,
// seq continuity, the checkpoint's size, chain hash and Merkle root against the entries, its
// Ed25519 signature, and that every earlier checkpoint the verifier kept is a prefix of the
// export's tree (RFC 9162 consistency proof). Pure: the CLI (scripts/ledger-verify.ts) reads the
// files and prints; this decides.
import type { KeyObject } from 'node:crypto';
import type {
  LedgerEntry,
  LedgerExport,
  LedgerProof,
  LedgerRotation,
  SignedLedgerHead,
} from '../../src/contracts/report-types.ts';
import {
  LEDGER_KINDS,
  ZERO_HASH,
  checkpointNote,
  entryHash,
  entryLeaf,
  keyChain,
  keyIdOf,
  readEd25519PublicKey,
  signedByChain,
} from './chain.ts';
import { TreeBuilder, consistencyProof, verifyConsistency, verifyInclusion } from './merkle.ts';

/** The file is not a ledger export at all (or a format this verifier does not know): a usage error, not a bad chain. */
export class LedgerFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerFileError';
  }
}

export type VerifyOutcome =
  | {
      readonly ok: true;
      readonly entries: number;
      readonly head: SignedLedgerHead;
      /** The key that signed the head (the given key, or one it rotated to or from). */
      readonly keyId: string;
      /** True when no key was given and the export's own key was used: proves internal consistency only. */
      readonly selfKeyed: boolean;
      /** The key rotations followed from the given key, oldest first. */
      readonly rotations: readonly LedgerRotation[];
      /** The earlier checkpoints (sizes) proved to be prefixes of this export's tree. */
      readonly consistentWith: readonly number[];
    }
  | {
      readonly ok: false;
      /** The first bad entry's seq (as the export holds it, or the seq expected at that position), or the head's seq. */
      readonly seq: number | null;
      /** 1-based position in `entries`, or null for a problem with the head or key. */
      readonly position: number | null;
      readonly problem: string;
    };

const HEX64 = /^[0-9a-f]{64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The top level: format, version, key, head and entries present with the right types. */
export function readLedgerExport(value: unknown): LedgerExport {
  if (!isRecord(value) || value.format !== 'shixun-ledger-export') {
    throw new LedgerFileError(
      'This is not a Shixun ledger export (no "format": "shixun-ledger-export"): download one from GET /api/v1/ledger/export.',
    );
  }
  if (value.formatVersion !== 2)
    throw new LedgerFileError(
      `This export has formatVersion ${JSON.stringify(value.formatVersion)}; this verifier reads version 2 (exports with signed checkpoints): ${value.formatVersion === 1 ? 'version 1 heads were signed on request and prove nothing about history; download a new export.' : 'use the verifier of the Shixun version that made it.'}`,
    );
  if (typeof value.publicKey !== 'string' || typeof value.keyId !== 'string')
    throw new LedgerFileError('The export has no "publicKey" and "keyId" text fields: the file is incomplete.');
  if (!isRecord(value.head)) throw new LedgerFileError('The export has no "head" object: the file is incomplete.');
  if (!Array.isArray(value.entries)) throw new LedgerFileError('The export has no "entries" list: the file is incomplete.');
  return value as unknown as LedgerExport;
}

function fail(seq: number | null, position: number | null, problem: string): VerifyOutcome {
  return { ok: false, seq, position, problem };
}

/** Why an entry's fields are unusable, or undefined when they have the right types. */
function malformed(entry: unknown): string | undefined {
  if (!isRecord(entry)) return 'it is not an object';
  if (typeof entry.seq !== 'number' || !Number.isSafeInteger(entry.seq)) return '"seq" is not an integer';
  if (typeof entry.kind !== 'string' || !(LEDGER_KINDS as readonly string[]).includes(entry.kind))
    return `"kind" is ${JSON.stringify(entry.kind)}, not one of ${LEDGER_KINDS.join(', ')}`;
  if (typeof entry.recordedAt !== 'string') return '"recordedAt" is not text';
  if (!isRecord(entry.payload)) return '"payload" is not an object';
  if (typeof entry.prev !== 'string' || !HEX64.test(entry.prev)) return '"prev" is not a SHA-256 hex hash';
  if (typeof entry.hash !== 'string' || !HEX64.test(entry.hash)) return '"hash" is not a SHA-256 hex hash';
  return undefined;
}

function headProblem(head: Record<string, unknown>): string | undefined {
  if (typeof head.origin !== 'string') return '"origin" is not text';
  if (typeof head.seq !== 'number' || !Number.isSafeInteger(head.seq) || head.seq < 0) return '"seq" is not a whole number';
  if (typeof head.root !== 'string' || !HEX64.test(head.root)) return '"root" is not a SHA-256 hex hash';
  if (typeof head.note !== 'string') return '"note" is not text';
  if (typeof head.hash !== 'string' || !HEX64.test(head.hash)) return '"hash" is not a SHA-256 hex hash';
  if (typeof head.signedAt !== 'string') return '"signedAt" is not text';
  if (typeof head.signature !== 'string' || head.signature === '') return '"signature" is missing';
  if (typeof head.keyId !== 'string') return '"keyId" is missing';
  return undefined;
}

export interface VerifyOptions {
  /** The published key (PEM SPKI from /api/v1/ledger/public-key). Without it the export's own key is used. */
  readonly publicKeyPem?: string | undefined;
  /** Earlier checkpoints the verifier kept (parseCheckpoints): each must be a prefix of the export's tree. */
  readonly checkpoints?: readonly SignedLedgerHead[] | undefined;
}

/**
 * Checkpoints from a file the verifier kept: a checkpoint as JSON (GET /api/v1/ledger/head), a
 * witness file (one JSON checkpoint per line), or signed notes (GET /api/v1/ledger/head?format=note).
 * `keyId` names the key the notes are expected from (a note carries only its first 4 bytes).
 */
export function parseCheckpoints(text: string, keyId: string | readonly string[]): SignedLedgerHead[] {
  const keyIds = typeof keyId === 'string' ? [keyId] : keyId;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const out: SignedLedgerHead[] = [];
    for (const line of trimmed.startsWith('{\n') ? [trimmed] : trimmed.split('\n')) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new LedgerFileError('The checkpoint file is neither a JSON checkpoint, a witness file nor a signed note.');
      }
      // A witness file's key rotations: the export carries them.
      if (isRecord(value) && 'rotation' in value) continue;
      if (!isRecord(value) || headProblem(value) !== undefined)
        throw new LedgerFileError(
          `The checkpoint file holds something that is not a checkpoint: ${headProblem(isRecord(value) ? value : {}) ?? 'not an object'}.`,
        );
      out.push(value as unknown as SignedLedgerHead);
    }
    return out;
  }
  const out: SignedLedgerHead[] = [];
  const notes = trimmed.split(/\n(?=[^\n\u2014]+\n\d+\n)/);
  for (const note of notes) {
    const match =
      /^(\S+)\n(\d+)\n([A-Za-z0-9+/=]+)\ntimestamp (\S+)\nchain ([0-9a-f]{64})\n\n\u2014 (\S+) ([A-Za-z0-9+/=]+)\s*$/.exec(note);
    if (match === null)
      throw new LedgerFileError('The checkpoint file is neither a JSON checkpoint, a witness file nor a signed note.');
    const [, origin = '', size = '', root = '', signedAt = '', hash = '', , blob = ''] = match;
    const bytes = Buffer.from(blob, 'base64');
    const signature = bytes.subarray(4).toString('base64');
    const keyHash = bytes.subarray(0, 4).toString('hex');
    const body = { origin, seq: Number(size), root: Buffer.from(root, 'base64').toString('hex'), hash, signedAt };
    const named = keyIds.find((id) => id.slice(0, 8) === keyHash) ?? keyHash;
    out.push({ ...body, signature, keyId: named, note: checkpointNote(body, named, signature) });
  }
  return out;
}

/**
 * Verifies `value` (a parsed export). Throws LedgerFileError when it is not an export or the
 * given key is not an Ed25519 public key; otherwise reports the first problem or success.
 */
export function verifyLedgerExport(value: unknown, options: VerifyOptions = {}): VerifyOutcome {
  const data = readLedgerExport(value);
  let trustedKey: KeyObject;
  try {
    trustedKey = readEd25519PublicKey(
      options.publicKeyPem ?? data.publicKey,
      options.publicKeyPem === undefined ? "The export's publicKey" : 'The given key',
    );
  } catch (error) {
    throw new LedgerFileError(error instanceof Error ? error.message : String(error));
  }
  const trustedKeyId = keyIdOf(trustedKey);
  const chain = keyChain(trustedKey, Array.isArray(data.rotations) ? data.rotations : []);
  if ('problem' in chain) return fail(null, null, chain.problem);

  // To tell an entry that is missing from one that is only elsewhere in the file.
  const present = new Set((data.entries as readonly unknown[]).map((entry) => (isRecord(entry) ? entry.seq : undefined)));
  let previous = ZERO_HASH;
  const leaves: Buffer[] = [];
  for (const [index, raw] of (data.entries as readonly unknown[]).entries()) {
    const position = index + 1;
    const problem = malformed(raw);
    if (problem !== undefined) {
      const seq = isRecord(raw) && typeof raw.seq === 'number' ? raw.seq : position;
      return fail(seq, position, `entry at position ${position} is malformed: ${problem}.`);
    }
    const entry = raw as LedgerExport['entries'][number];
    if (entry.seq !== position) {
      const why =
        entry.seq > position && !present.has(position)
          ? `entr${entry.seq - position === 1 ? 'y' : 'ies'} ${position}${entry.seq - position > 1 ? `–${entry.seq - 1}` : ''} ${entry.seq - position === 1 ? 'is' : 'are'} missing`
          : 'entries are out of order or repeated';
      return fail(entry.seq, position, `seq ${entry.seq} found at position ${position}, where seq ${position} belongs: ${why}.`);
    }
    if (entryHash(entry) !== entry.hash) {
      return fail(
        entry.seq,
        position,
        `the hash does not match the entry's content: the entry was changed after it was recorded (or moved to another seq).`,
      );
    }
    if (entry.prev !== previous) {
      return fail(
        entry.seq,
        position,
        position === 1
          ? `prev is not ${ZERO_HASH.slice(0, 8)}… (the first entry's prev is 64 zeros).`
          : `prev does not match the hash of entry ${position - 1}: an entry before it was changed (and re-hashed), removed or reordered.`,
      );
    }
    previous = entry.hash;
    leaves.push(entryLeaf(entry));
  }

  const head = data.head as unknown as Record<string, unknown>;
  const headSeq = typeof head.seq === 'number' ? head.seq : null;
  const badHead = headProblem(head);
  if (badHead !== undefined) return fail(headSeq, null, `the head is malformed: ${badHead}.`);
  const signed = data.head;
  const count = data.entries.length;
  if (signed.seq !== count) {
    return fail(
      signed.seq,
      null,
      `the checkpoint covers ${signed.seq} entries but the export holds ${count}: entries were ${signed.seq > count ? 'removed from the end' : 'added without a checkpoint'}.`,
    );
  }
  if (signed.hash !== previous)
    return fail(
      signed.seq,
      null,
      `the checkpoint's chain hash ${signed.hash.slice(0, 12)}… is not the last entry's hash ${previous.slice(0, 12)}….`,
    );
  const tree = new TreeBuilder();
  const rootsAt = new Map<number, Buffer>();
  const kept = options.checkpoints ?? [];
  const keptSizes = new Set([...kept.map((checkpoint) => checkpoint.seq), ...chain.used.map((rotation) => rotation.seq)]);
  if (keptSizes.has(0)) rootsAt.set(0, tree.root());
  for (const leaf of leaves) {
    tree.push(leaf);
    if (keptSizes.has(tree.size)) rootsAt.set(tree.size, tree.root());
  }
  const root = tree.root();
  if (root.toString('hex') !== signed.root)
    return fail(
      signed.seq,
      null,
      `the checkpoint's Merkle root ${signed.root.slice(0, 12)}… is not the root of the exported entries (${root.toString('hex').slice(0, 12)}…): the entries were changed after the checkpoint was signed.`,
    );
  if (options.publicKeyPem === undefined && data.keyId !== trustedKeyId) {
    return fail(signed.seq, null, `the export's keyId ${data.keyId} is not the id of its own publicKey (${trustedKeyId}).`);
  }
  if (!chain.keys.has(signed.keyId)) {
    return fail(
      signed.seq,
      null,
      `the head names the signing key ${signed.keyId}, not the ${options.publicKeyPem === undefined ? "export's" : 'given'} key ${trustedKeyId}${chain.used.length > 0 ? ' nor one it was rotated to or from' : ''}.`,
    );
  }
  const headKey = chain.keys.get(signed.keyId);
  if (headKey?.until !== undefined && signed.seq > headKey.until)
    return fail(
      signed.seq,
      null,
      `the head is signed by the key ${signed.keyId}, which was retired by a key rotation at size ${headKey.until}: it signs no later checkpoint.`,
    );
  if (!signedByChain(chain.keys, signed)) {
    return fail(
      signed.seq,
      null,
      `the checkpoint's signature does not verify against the ${options.publicKeyPem === undefined ? "export's" : 'given'} key ${trustedKeyId}: it was signed by another key or altered.`,
    );
  }
  for (const rotation of chain.used) {
    const chainHash = rotation.seq === 0 ? ZERO_HASH : data.entries[rotation.seq - 1]?.hash;
    if (rotation.seq > count || rootsAt.get(rotation.seq)?.toString('hex') !== rotation.root || chainHash !== rotation.hash)
      return fail(
        rotation.seq,
        null,
        `the key rotation signed at ${rotation.signedAt} states the log at size ${rotation.seq}, but the exported entries ${rotation.seq > count ? 'are fewer' : `1–${rotation.seq} do not have its root and chain hash`}: the log was changed since.`,
      );
  }
  const consistentWith: number[] = [];
  for (const earlier of [...kept].sort((a, b) => a.seq - b.seq)) {
    if (!signedByChain(chain.keys, earlier))
      return fail(
        earlier.seq,
        null,
        `the kept checkpoint of size ${earlier.seq} (signed ${earlier.signedAt}) does not verify against the key ${trustedKeyId}: it is not a checkpoint of this log.`,
      );
    if (earlier.seq > count)
      return fail(
        earlier.seq,
        null,
        `the export holds ${count} entries, fewer than the kept checkpoint of size ${earlier.seq} signed at ${earlier.signedAt}: entries were removed from the end of the log.`,
      );
    const proof = consistencyProof(earlier.seq, leaves);
    if (!verifyConsistency(earlier.seq, count, Buffer.from(earlier.root, 'hex'), root, proof))
      return fail(
        earlier.seq,
        null,
        `the kept checkpoint of size ${earlier.seq} (signed ${earlier.signedAt}) is not a prefix of the exported log: the consistency proof fails, so an entry up to seq ${earlier.seq} was changed or rewritten since.`,
      );
    if (rootsAt.get(earlier.seq)?.toString('hex') !== earlier.root)
      return fail(earlier.seq, null, `the exported entries 1–${earlier.seq} do not have the kept checkpoint's root.`);
    consistentWith.push(earlier.seq);
  }
  return {
    ok: true,
    entries: count,
    head: signed,
    keyId: signed.keyId,
    selfKeyed: options.publicKeyPem === undefined,
    consistentWith,
    rotations: chain.used,
  };
}

export type ProofOutcome =
  | {
      readonly ok: true;
      readonly entry: LedgerEntry;
      readonly checkpoint: SignedLedgerHead;
      /** The key that signed the checkpoint (the given key, or one it was rotated to or from). */
      readonly keyId: string;
    }
  | { readonly ok: false; readonly problem: string };

/** Whether `value` is an inclusion proof file (GET /api/v1/ledger/entries/:seq/proof) rather than an export. */
export function isLedgerProof(value: unknown): boolean {
  return isRecord(value) && value.format === 'shixun-ledger-proof';
}

/**
 * Verifies an inclusion proof file offline against the published key: the entry's hash is its
 * content's, its leaf hash is the entry's, the audit path leads from that leaf at position seq − 1
 * to the checkpoint's root (RFC 9162 §2.1.3.2), and the checkpoint is signed by the key. Throws
 * LedgerFileError when the file is not a proof (or of an unknown version) or the key is unusable.
 */
export function verifyLedgerProof(value: unknown, publicKeyPem: string): ProofOutcome {
  if (!isRecord(value) || value.format !== 'shixun-ledger-proof')
    throw new LedgerFileError(
      'This is not a Shixun ledger inclusion proof (no "format": "shixun-ledger-proof"): download one from GET /api/v1/ledger/entries/<seq>/proof.',
    );
  if (value.formatVersion !== 1)
    throw new LedgerFileError(
      `This proof has formatVersion ${JSON.stringify(value.formatVersion)}; this verifier reads version 1: use the verifier of the Shixun version that made it.`,
    );
  let key: KeyObject;
  try {
    key = readEd25519PublicKey(publicKeyPem, 'The given key');
  } catch (error) {
    throw new LedgerFileError(error instanceof Error ? error.message : String(error));
  }
  const keyId = keyIdOf(key);
  const bad = (problem: string): ProofOutcome => ({ ok: false, problem });
  const entryProblem = malformed(value.entry);
  if (entryProblem !== undefined) return bad(`the entry is malformed: ${entryProblem}.`);
  if (!isRecord(value.checkpoint)) return bad('the proof has no "checkpoint" object.');
  const checkpointProblem = headProblem(value.checkpoint);
  if (checkpointProblem !== undefined) return bad(`the checkpoint is malformed: ${checkpointProblem}.`);
  if (typeof value.leafHash !== 'string' || !HEX64.test(value.leafHash)) return bad('"leafHash" is not a SHA-256 hex hash.');
  if (!Array.isArray(value.proof) || !value.proof.every((hash) => typeof hash === 'string' && HEX64.test(hash)))
    return bad('"proof" is not a list of SHA-256 hex hashes.');
  const proof = value as unknown as LedgerProof;
  const { entry, checkpoint } = proof;
  if (entryHash(entry) !== entry.hash)
    return bad(`entry ${entry.seq}'s hash does not match its content: the entry was changed after it was recorded.`);
  const leaf = entryLeaf(entry);
  if (leaf.toString('hex') !== proof.leafHash) return bad(`"leafHash" is not the leaf hash of entry ${entry.seq}.`);
  if (proof.leafIndex !== entry.seq - 1)
    return bad(`"leafIndex" ${JSON.stringify(proof.leafIndex)} is not entry ${entry.seq}'s position ${entry.seq - 1}.`);
  const chain = keyChain(key, Array.isArray(value.rotations) ? (value.rotations as LedgerRotation[]) : []);
  if ('problem' in chain) return bad(chain.problem);
  if (!chain.keys.has(checkpoint.keyId))
    return bad(
      `the checkpoint names the signing key ${checkpoint.keyId}, not the given key ${keyId}${chain.used.length > 0 ? ' nor one it was rotated to or from' : ''}.`,
    );
  if (!signedByChain(chain.keys, checkpoint))
    return bad(
      `the checkpoint's signature does not verify against the given key ${keyId}: it was signed by another key or altered.`,
    );
  const path = proof.proof.map((hash) => Buffer.from(hash, 'hex'));
  if (!verifyInclusion(leaf, entry.seq - 1, checkpoint.seq, path, Buffer.from(checkpoint.root, 'hex')))
    return bad(
      `the inclusion proof does not lead from entry ${entry.seq} to the checkpoint's root (size ${checkpoint.seq}): the entry is not the one the log recorded at seq ${entry.seq}, or the proof was altered.`,
    );
  return { ok: true, entry, checkpoint, keyId: checkpoint.keyId };
}
