// The Ed25519 key that signs credentials: DATA_DIR/credentials/issuer-key.pem, made at the first
// start (mode 0600) and reused after. It is not the ledger's key: a credential verifier never
// needs the ledger key, and either can be rotated without the other (docs/credentials.md).
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

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
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(keyDir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, pem, { mode: 0o600 });
  await chmod(temporary, 0o600);
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fromPem(await readFile(file, 'utf8'), file);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return fromPem(pem, file);
}
