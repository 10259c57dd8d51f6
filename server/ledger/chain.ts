// The ledger's hashing and signing rules, in one place for the server that writes the chain and
// the offline verifier that checks it (docs/ledger.md says the same in words).
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { LedgerEntry } from '../../src/reports/report-types.ts';
import { canonicalJson, sha256Hex } from '../xapi/canonical-json.ts';

/** The `prev` of entry 1 and the hash of an empty chain. */
export const ZERO_HASH = '0'.repeat(64);

export const LEDGER_KINDS = ['result', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** What an entry's hash covers: everything but the hash itself. */
export type EntryContent = Omit<LedgerEntry, 'hash'>;

/** SHA-256 hex of the canonical JSON of `{ seq, kind, recordedAt, payload, prev }`. */
export function entryHash(entry: EntryContent): string {
  return sha256Hex(
    canonicalJson({ seq: entry.seq, kind: entry.kind, recordedAt: entry.recordedAt, payload: entry.payload, prev: entry.prev }),
  );
}

/** The bytes a head signature covers: canonical JSON of `{ seq, hash, signedAt }`. */
export function headMessage(head: { readonly seq: number; readonly hash: string; readonly signedAt: string }): Buffer {
  return Buffer.from(canonicalJson({ seq: head.seq, hash: head.hash, signedAt: head.signedAt }), 'utf8');
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

/** Base64 Ed25519 signature of the head message. */
export function signHead(
  privateKey: KeyObject,
  head: { readonly seq: number; readonly hash: string; readonly signedAt: string },
): string {
  return sign(null, headMessage(head), privateKey).toString('base64');
}

export function headSignatureValid(
  publicKey: KeyObject,
  head: { readonly seq: number; readonly hash: string; readonly signedAt: string; readonly signature: string },
): boolean {
  try {
    return verify(null, headMessage(head), publicKey, Buffer.from(head.signature, 'base64'));
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
