// The ledger's hashing and checkpoint-signing rules, in one place for the server that writes the chain and
// the offline verifier that checks it (docs/ledger.md says the same in words).
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { LedgerEntry, LedgerRotation, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import { canonicalJson, sha256Hex } from '../xapi/canonical-json.ts';
import { leafHash } from './merkle.ts';

/** The `prev` of entry 1 and the chain hash of an empty log. */
export const ZERO_HASH = '0'.repeat(64);

export const LEDGER_KINDS = ['result', 'adjustment', 'exercise-result', 'honour-decision', 'credential-revocation'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** What an entry's hash covers: everything but the hash itself. */
export type EntryContent = Omit<LedgerEntry, 'hash'>;

/** SHA-256 hex of the canonical JSON of `{ seq, kind, recordedAt, payload, prev }`. */
export function entryHash(entry: EntryContent): string {
  return sha256Hex(
    canonicalJson({ seq: entry.seq, kind: entry.kind, recordedAt: entry.recordedAt, payload: entry.payload, prev: entry.prev }),
  );
}

/** SHA-256 hex of the public key's SPKI DER: the key's name in heads and exports. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** The bytes of entry `seq` that its Merkle leaf hashes: canonical JSON of the whole entry, hash included. */
export function entryLeafBytes(entry: LedgerEntry): Buffer {
  return Buffer.from(
    canonicalJson({
      seq: entry.seq,
      kind: entry.kind,
      recordedAt: entry.recordedAt,
      payload: entry.payload,
      prev: entry.prev,
      hash: entry.hash,
    }),
    'utf8',
  );
}

export function entryLeaf(entry: LedgerEntry): Buffer {
  return leafHash(entryLeafBytes(entry));
}

/** What a checkpoint states, before it is signed. */
export interface CheckpointBody {
  readonly origin: string;
  /** Tree size: the number of entries. */
  readonly seq: number;
  /** Merkle root (RFC 9162) of those entries, lowercase hex. */
  readonly root: string;
  /** The hash-chain hash of entry `seq` (64 zeros for an empty log). */
  readonly hash: string;
  readonly signedAt: string;
}

const ORIGIN = /^[\x21-\x7e]{1,200}$/;

/**
 * The signed text of a checkpoint, in the signed-note layout of Go's sumdb and Sigstore: origin,
 * tree size, base64 root, then extension lines; every line ends in a newline.
 */
export function checkpointText(body: CheckpointBody): string {
  if (!ORIGIN.test(body.origin))
    throw new Error(`The ledger origin ${JSON.stringify(body.origin)} must be printable ASCII without spaces.`);
  return (
    `${body.origin}\n${body.seq}\n${Buffer.from(body.root, 'hex').toString('base64')}\n` +
    `timestamp ${body.signedAt}\nchain ${body.hash}\n`
  );
}

/** The whole note: the text, a blank line and the signature line `— <origin> <base64(key hash[4] || signature)>`. */
export function checkpointNote(body: CheckpointBody, keyId: string, signature: string): string {
  const blob = Buffer.concat([Buffer.from(keyId.slice(0, 8), 'hex'), Buffer.from(signature, 'base64')]).toString('base64');
  return `${checkpointText(body)}\n\u2014 ${body.origin} ${blob}\n`;
}

/** Signs a checkpoint with the ledger key: the Ed25519 signature covers checkpointText(body). */
export function signCheckpoint(privateKey: KeyObject, keyId: string, body: CheckpointBody): SignedLedgerHead {
  const signature = sign(null, Buffer.from(checkpointText(body), 'utf8'), privateKey).toString('base64');
  return { ...body, signature, keyId, note: checkpointNote(body, keyId, signature) };
}

/** Whether the checkpoint's signature verifies against `publicKey` and its note says what its fields say. */
export function checkpointSignatureValid(publicKey: KeyObject, checkpoint: SignedLedgerHead): boolean {
  try {
    if (checkpoint.note !== checkpointNote(checkpoint, checkpoint.keyId, checkpoint.signature)) return false;
    return verify(null, Buffer.from(checkpointText(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** An Ed25519 public key from PEM (SPKI, or a private key whose public half is wanted); throws a readable error. */
export function readEd25519PublicKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new Error(
      `${source} is not a PEM public key ("-----BEGIN PUBLIC KEY-----"): use the key from GET /api/v1/ledger/public-key.`,
      { cause: error },
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `${source} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519: use the key from GET /api/v1/ledger/public-key.`,
    );
  return key;
}

/** What a key rotation states, before it is signed. */
export interface RotationBody extends CheckpointBody {
  readonly oldKeyId: string;
  readonly newKeyId: string;
}

/**
 * The signed text of a key rotation: a checkpoint's text and one more line, `rotate <old key id>
 * <new key id>`, so a rotation's signature can never pass for a checkpoint's or the reverse.
 */
export function rotationText(body: RotationBody): string {
  return `${checkpointText(body)}rotate ${body.oldKeyId} ${body.newKeyId}\n`;
}

function signatureLine(origin: string, keyId: string, signature: string): string {
  const blob = Buffer.concat([Buffer.from(keyId.slice(0, 8), 'hex'), Buffer.from(signature, 'base64')]).toString('base64');
  return `\u2014 ${origin} ${blob}\n`;
}

/** Signs a rotation with the old key and countersigns it with the new one. */
export function signRotation(
  body: RotationBody,
  oldKey: { readonly privateKey: KeyObject; readonly publicKeyPem: string },
  newKey: { readonly privateKey: KeyObject; readonly publicKeyPem: string },
): LedgerRotation {
  const text = Buffer.from(rotationText(body), 'utf8');
  const oldSignature = sign(null, text, oldKey.privateKey).toString('base64');
  const newSignature = sign(null, text, newKey.privateKey).toString('base64');
  return {
    origin: body.origin,
    seq: body.seq,
    root: body.root,
    hash: body.hash,
    signedAt: body.signedAt,
    oldKeyId: body.oldKeyId,
    newKeyId: body.newKeyId,
    oldPublicKey: oldKey.publicKeyPem,
    newPublicKey: newKey.publicKeyPem,
    oldSignature,
    newSignature,
    note: `${rotationText(body)}\n${signatureLine(body.origin, body.oldKeyId, oldSignature)}${signatureLine(body.origin, body.newKeyId, newSignature)}`,
  };
}

/**
 * Why a rotation does not hold, or undefined when it does: both keys are the Ed25519 keys its ids
 * name, both signatures verify over its text, and its note says what its fields say.
 */
export function rotationProblem(rotation: LedgerRotation): string | undefined {
  try {
    const oldKey = readEd25519PublicKey(rotation.oldPublicKey, 'The old key');
    const newKey = readEd25519PublicKey(rotation.newPublicKey, 'The new key');
    if (keyIdOf(oldKey) !== rotation.oldKeyId || keyIdOf(newKey) !== rotation.newKeyId)
      return 'its key ids are not the ids of its keys';
    const text = Buffer.from(rotationText(rotation), 'utf8');
    if (!verify(null, text, oldKey, Buffer.from(rotation.oldSignature, 'base64')))
      return `the old key ${rotation.oldKeyId.slice(0, 12)}… did not sign it`;
    if (!verify(null, text, newKey, Buffer.from(rotation.newSignature, 'base64')))
      return `the new key ${rotation.newKeyId.slice(0, 12)}… did not countersign it`;
    const note = `${rotationText(rotation)}\n${signatureLine(rotation.origin, rotation.oldKeyId, rotation.oldSignature)}${signatureLine(rotation.origin, rotation.newKeyId, rotation.newSignature)}`;
    if (note !== rotation.note) return 'its note does not say what its fields say';
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A key a log's checkpoints may be signed with, and the last size it may sign (retired keys). */
export interface ChainKey {
  readonly publicKey: KeyObject;
  /** The rotation's size for a retired key: it signs no checkpoint larger. Undefined for the current key. */
  readonly until: number | undefined;
}

/**
 * The keys linked to `trusted` by valid rotations, in both directions (a rotation is signed by
 * the old key and countersigned by the new, so either end vouches for the other), and the
 * rotations used, oldest first. A rotation that does not hold is a problem, not skipped.
 */
export function keyChain(
  trusted: KeyObject,
  rotations: readonly LedgerRotation[],
): { keys: Map<string, ChainKey>; used: LedgerRotation[]; current: string } | { problem: string } {
  for (const rotation of rotations) {
    const problem = rotationProblem(rotation);
    if (problem !== undefined) return { problem: `the key rotation at size ${rotation.seq} does not hold: ${problem}.` };
  }
  const keys = new Map<string, ChainKey>();
  const used: LedgerRotation[] = [];
  const start = keyIdOf(trusted);
  keys.set(start, { publicKey: trusted, until: undefined });
  // Back: the keys this one (or an earlier one) replaced.
  for (let id = start; ;) {
    const rotation = rotations.find((r) => r.newKeyId === id);
    if (rotation === undefined || keys.has(rotation.oldKeyId)) break;
    keys.set(rotation.oldKeyId, { publicKey: createPublicKey(rotation.oldPublicKey), until: rotation.seq });
    used.unshift(rotation);
    id = rotation.oldKeyId;
  }
  // Forward: the keys that replaced it.
  let current = start;
  for (;;) {
    const rotation = rotations.find((r) => r.oldKeyId === current);
    if (rotation === undefined || keys.has(rotation.newKeyId)) break;
    const old = keys.get(current) as ChainKey;
    keys.set(current, { publicKey: old.publicKey, until: rotation.seq });
    keys.set(rotation.newKeyId, { publicKey: createPublicKey(rotation.newPublicKey), until: undefined });
    used.push(rotation);
    current = rotation.newKeyId;
  }
  for (let index = 1; index < used.length; index += 1)
    if ((used[index] as LedgerRotation).seq < (used[index - 1] as LedgerRotation).seq)
      return {
        problem: `the key rotations are out of order: the one at size ${(used[index] as LedgerRotation).seq} follows a later one.`,
      };
  return { keys, used, current };
}

/** Whether `checkpoint` is signed by a key of the chain that may sign a checkpoint of its size. */
export function signedByChain(keys: ReadonlyMap<string, ChainKey>, checkpoint: SignedLedgerHead): boolean {
  const key = keys.get(checkpoint.keyId);
  if (key === undefined) return false;
  if (key.until !== undefined && checkpoint.seq > key.until) return false;
  return checkpointSignatureValid(key.publicKey, checkpoint);
}
