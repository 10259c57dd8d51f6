// What other parts of the server need from the ledger (server/ledger/): the signed chain head a
// report or export was built from, and appending an entry inside the caller's write transaction.

/** The chain's last entry, signed by the server's Ed25519 key at `signedAt`. */
export interface SignedLedgerHead {
  /** Number of entries in the chain (the last entry's seq; 0 for an empty chain). */
  readonly seq: number;
  /** SHA-256 hex of the last entry (64 zeros for an empty chain). */
  readonly hash: string;
  /** ISO 8601, when the server signed. */
  readonly signedAt: string;
  /** Base64 Ed25519 signature over the canonical JSON of { seq, hash, signedAt }. */
  readonly signature: string;
  /** SHA-256 hex of the public key (SPKI DER): names the key that signed. */
  readonly keyId: string;
}
