// Key rotation (`npm run ledger:rotate-key`, docs/ledger.md "Key rotation"): with every server
// stopped, checks the whole log with the current key, then signs a statement of the log as it
// stands (size, root, chain hash) naming the new key, with the old key, countersigned by the new
// one; stores it in ledger_rotations with the head's key id moved to the new key, in one
// transaction, and appends it to the witness file. Checkpoints after it are signed by the new key;
// the old one signs none larger than the rotation.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LedgerRotation } from '../../src/contracts/report-types.ts';
import type { Database } from '../db/database.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { keyIdOf, publicKeyPem, signRotation } from './chain.ts';
import { loadLedgerKey } from './ledger-key.ts';
import { Ledger, LedgerIntegrityError } from './ledger.ts';
import type { LedgerOptions } from './ledger.ts';
import { appendWitnessRotation } from './witness.ts';

/** A signed rotation as its `ledger_rotations` row. */
export function rotationRow(rotation: LedgerRotation) {
  return {
    old_key_id: rotation.oldKeyId,
    seq: rotation.seq,
    origin: rotation.origin,
    root: rotation.root,
    hash: rotation.hash,
    signed_at: rotation.signedAt,
    old_public_key: rotation.oldPublicKey,
    new_key_id: rotation.newKeyId,
    new_public_key: rotation.newPublicKey,
    old_signature: rotation.oldSignature,
    new_signature: rotation.newSignature,
    note: rotation.note,
  };
}

export interface RotateKeyOptions extends LedgerOptions {
  /** The new key's PEM private key file: made (Ed25519, mode 0600) when it does not exist. */
  readonly newKeyFile: string;
}

export interface RotateKeyResult {
  readonly rotation: LedgerRotation;
  /** Whether the new key file was made now. */
  readonly created: boolean;
  readonly witnessFile: string;
}

async function newKey(file: string): Promise<{ pem: string; created: boolean }> {
  try {
    return { pem: await readFile(file, 'utf8'), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, pem, { mode: 0o600 });
  await chmod(temporary, 0o600);
  try {
    // Never over a key that appeared meanwhile.
    await link(temporary, file);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return { pem, created: true };
}

/**
 * Rotates the ledger's signing key to the key in `newKeyFile` (made when missing). Throws with a
 * readable message when the log fails its check (nothing is rotated over a changed log), the new
 * key is not Ed25519 or is the current one, or the log changed meanwhile.
 */
export async function rotateLedgerKey(database: Database, options: RotateKeyOptions): Promise<RotateKeyResult> {
  const now = options.now ?? (() => new Date());
  // The full check with the current key: a log that does not extend its checkpoints is not rotated.
  const ledger = await Ledger.open(database, options);
  const oldKey = await loadLedgerKey(options);
  const { pem, created } = await newKey(options.newKeyFile);
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${options.newKeyFile} is not an unencrypted PEM private key.`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `${options.newKeyFile} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key; the ledger signs with Ed25519: make one with "openssl genpkey -algorithm ed25519".`,
    );
  const newPublicKeyPem = publicKeyPem(createPublicKey(privateKey));
  const newKeyId = keyIdOf(createPublicKey(privateKey));
  if (newKeyId === oldKey.keyId) throw new Error(`${options.newKeyFile} is the current ledger key: give a new one.`);
  const checkpoint = await ledger.latestCheckpoint();
  const rotation = signRotation(
    {
      origin: checkpoint.origin,
      seq: checkpoint.seq,
      root: checkpoint.root,
      hash: checkpoint.hash,
      signedAt: now().toISOString(),
      oldKeyId: oldKey.keyId,
      newKeyId,
    },
    { privateKey: oldKey.privateKey, publicKeyPem: oldKey.publicKeyPem },
    { privateKey, publicKeyPem: newPublicKeyPem },
  );
  await writeTransaction(database, async (trx) => {
    const head = await trx.selectFrom('ledger_head').select(['seq', 'hash', 'key_id']).where('id', '=', 1).executeTakeFirst();
    if (
      head === undefined ||
      Number(head.seq) !== checkpoint.seq ||
      head.hash !== checkpoint.hash ||
      head.key_id !== oldKey.keyId
    )
      throw new LedgerIntegrityError(
        'The ledger changed while the key was being rotated: stop every server on this database and run the rotation again.',
      );
    await trx.insertInto('ledger_rotations').values(rotationRow(rotation)).execute();
    await trx.updateTable('ledger_head').set({ key_id: newKeyId }).where('id', '=', 1).execute();
    await trx
      .insertInto('ledger_keys')
      .values({ key_id: newKeyId, public_key: newPublicKeyPem, first_used: rotation.signedAt })
      .onConflict((c) => c.column('key_id').doNothing())
      .execute();
  });
  await ledger.witnessed();
  await appendWitnessRotation(ledger.witnessFile, rotation);
  return { rotation, created, witnessFile: ledger.witnessFile };
}
