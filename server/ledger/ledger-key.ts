// The Ed25519 key that signs ledger heads: the file SHIXUN_LEDGER_KEY_FILE names (what several
// instances behind a load balancer share), else DATA_DIR/ledger/ledger-key.pem, made at the first
// start (mode 0600) and reused after.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { keyIdOf, publicKeyPem } from './chain.ts';

export const KEY_FILE_NAME = 'ledger-key.pem';
export const PUBLIC_KEY_FILE_NAME = 'ledger-public-key.pem';

export interface LedgerKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** PEM SPKI, as published at /api/v1/ledger/public-key. */
  readonly publicKeyPem: string;
  readonly keyId: string;
  /** The private key's file, for messages. */
  readonly file: string;
  /** `given`: SHIXUN_LEDGER_KEY_FILE; `created`: made now; `reused`: from an earlier start. */
  readonly source: 'given' | 'created' | 'reused';
}

function fromPem(pem: string, file: string, source: LedgerKey['source'], variable: string): LedgerKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new Error(
      `${variable}${file} is not an unencrypted PEM private key: give the ledger-key.pem of the first instance (or remove the file to have a new key made).`,
      { cause: error },
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `${variable}${file} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key; the ledger signs with Ed25519: make one with "openssl genpkey -algorithm ed25519 -out ledger-key.pem".`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKeyPem(publicKey), keyId: keyIdOf(publicKey), file, source };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(
      `The ledger key ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): let the server's user read it.`,
      { cause: error },
    );
  }
}

/**
 * Writes a new Ed25519 private key (PKCS#8 PEM, mode 0600) to `file` unless another process wrote
 * one first: the temporary file is hard-linked to the final name, which fails when it exists, so
 * two servers starting at once end with one key. Answers the PEM now in `file` and whether it is ours.
 */
export async function createKeyFileOnce(dir: string, file: string): Promise<{ pem: string; created: boolean }> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, pem, { mode: 0o600 });
  await chmod(temporary, 0o600);
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { pem: await readFile(file, 'utf8'), created: false };
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return { pem, created: true };
}

async function createKey(dir: string, file: string): Promise<LedgerKey> {
  const written = await createKeyFileOnce(dir, file);
  if (!written.created) return fromPem(written.pem, file, 'reused', '');
  const key = fromPem(written.pem, file, 'created', '');
  // A copy of the public half beside it, for the operator to publish; the server never reads it.
  await writeFile(path.join(dir, PUBLIC_KEY_FILE_NAME), key.publicKeyPem, { mode: 0o644 });
  return key;
}

export interface LoadLedgerKeyOptions {
  /** Where the key is made and kept: DATA_DIR/ledger. */
  readonly keyDir: string;
  /** SHIXUN_LEDGER_KEY_FILE: a given PEM private key, used instead of keyDir's. */
  readonly keyFile?: string | undefined;
}

export async function loadLedgerKey(options: LoadLedgerKeyOptions): Promise<LedgerKey> {
  if (options.keyFile !== undefined && options.keyFile !== '') {
    const pem = await readIfExists(options.keyFile);
    if (pem === undefined) {
      throw new Error(
        `SHIXUN_LEDGER_KEY_FILE=${options.keyFile} does not exist: point it at the ledger-key.pem every instance shares, or unset it to keep a key under DATA_DIR/ledger.`,
      );
    }
    return fromPem(pem, options.keyFile, 'given', 'SHIXUN_LEDGER_KEY_FILE=');
  }
  const file = path.join(options.keyDir, KEY_FILE_NAME);
  const pem = await readIfExists(file);
  if (pem !== undefined) return fromPem(pem, file, 'reused', '');
  return createKey(options.keyDir, file);
}
