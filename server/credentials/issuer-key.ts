// The Ed25519 key that signs credentials: DATA_DIR/credentials/issuer-key.pem, made at the first
// start (mode 0600) and reused after. It is not the ledger's key: a credential verifier never
// needs the ledger key, and either can be rotated without the other (docs/credentials.md).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createKeyFileOnce } from '../ledger/ledger-key.ts';

export const ISSUER_KEY_FILE_NAME = 'issuer-key.pem';

export interface IssuerKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The private key's file, for messages. */
  readonly file: string;
}

function fromPem(pem: string, file: string): IssuerKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new Error(
      `${file} is not an unencrypted PEM private key: restore the issuer key from its backup, or remove the file to have a new one made.`,
      {
        cause: error,
      },
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `${file} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key; credentials are signed with Ed25519: make one with "openssl genpkey -algorithm ed25519".`,
    );
  return { privateKey, publicKey: createPublicKey(privateKey), file };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`The issuer key ${file} could not be read: let the server's user read it.`, { cause: error });
  }
}

/** The key in `keyDir`, made there when missing; two servers starting at once end with one key (hard link). */
export async function loadIssuerKey(keyDir: string): Promise<IssuerKey> {
  const file = path.join(keyDir, ISSUER_KEY_FILE_NAME);
  const existing = await readIfExists(file);
  if (existing !== undefined) return fromPem(existing, file);
  // The same exclusive creation as the ledger key's, in its own folder and file.
  return fromPem((await createKeyFileOnce(keyDir, file)).pem, file);
}
