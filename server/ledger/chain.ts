// The ledger's hashing and checkpoint-signing rules, in one place for the server that writes the chain and
// the offline verifier that checks it (docs/ledger.md says the same in words).
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { LedgerEntry, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import { canonicalJson, sha256Hex } from '../xapi/canonical-json.ts';
import { leafHash } from './merkle.ts';

/** The `prev` of entry 1 and the chain hash of an empty log. */
export const ZERO_HASH = '0'.repeat(64);

export const LEDGER_KINDS = ['result', 'adjustment', 'exercise-result'] as const;
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
