// Test helper: ledger exports built in memory (no server), signed with a fresh or given Ed25519
// key, and the small edits a tamperer would make to them.
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { LedgerEntry, LedgerExport, SignedLedgerHead } from '../../../src/contracts/report-types.ts';
import { ZERO_HASH, entryHash, entryLeaf, keyIdOf, publicKeyPem, signCheckpoint } from '../chain.ts';
import { rootOf } from '../merkle.ts';

export interface TestKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly pem: string;
  readonly keyId: string;
}

export function testKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, pem: publicKeyPem(publicKey), keyId: keyIdOf(publicKey) };
}

/** A chain of `count` result entries with synthetic payloads, each linked to the one before. */
export function buildEntries(count: number, start = Date.UTC(2026, 0, 5, 8)): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  let prev = ZERO_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const content = {
      seq,
      kind: 'result' as const,
      recordedAt: new Date(start + seq * 60_000).toISOString(),
      payload: {
        attemptId: `attempt-${seq}`,
        username: `learner-${seq % 7}`,
        courseId: 'mini',
        score: seq % 11,
        max: 10,
        scaled: (seq % 11) / 10,
        passed: seq % 11 >= 6,
      },
      prev,
    };
    const hash = entryHash(content);
    entries.push({ ...content, hash });
    prev = hash;
  }
  return entries;
}

/** A checkpoint of `entries` signed by `key`, as the server signs one at an append. */
export function checkpointOf(
  entries: readonly LedgerEntry[],
  key: TestKey,
  signedAt = '2026-06-01T00:00:00.000Z',
): SignedLedgerHead {
  return signCheckpoint(key.privateKey, key.keyId, {
    origin: 'test.shixun/ledger',
    seq: entries.length,
    root: rootOf(entries.map(entryLeaf)).toString('hex'),
    hash: entries[entries.length - 1]?.hash ?? ZERO_HASH,
    signedAt,
  });
}

/** An export of `entries` whose checkpoint is signed by `key`. */
export function signedExport(entries: readonly LedgerEntry[], key: TestKey, signedAt = '2026-06-01T00:00:00.000Z'): LedgerExport {
  return {
    format: 'shixun-ledger-export',
    formatVersion: 2,
    publicKey: key.pem,
    keyId: key.keyId,
    head: checkpointOf(entries, key, signedAt),
    entries,
  };
}

/** A deep copy to tamper with. */
export function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
