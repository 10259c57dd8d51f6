// The issuer key: made once at the first start (0600, in a 0700 folder, even under a permissive
// umask), reused after, refused with a readable reason when it is not an Ed25519 key, and the
// did:web identity it is published under.
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIssuer, didWebFor } from './issuer.ts';
import { ISSUER_KEY_FILE_NAME, loadIssuerKey } from './issuer-key.ts';

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the issuer key', () => {
  let root: string;
  let umask: number;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'shixun-issuer-key-'));
    umask = process.umask(0o022);
  });
  afterEach(async () => {
    process.umask(umask);
    await rm(root, { recursive: true, force: true });
  });

  it('is made once with mode 0600 in a 0700 folder and reused on the next start', async () => {
    const dir = path.join(root, 'credentials');
    const first = await loadIssuerKey(dir);
    expect(await modeOf(path.join(dir, ISSUER_KEY_FILE_NAME))).toBe(0o600);
    expect(await modeOf(dir)).toBe(0o700);
    const pem = await readFile(path.join(dir, ISSUER_KEY_FILE_NAME), 'utf8');
    const again = await loadIssuerKey(dir);
    expect(await readFile(path.join(dir, ISSUER_KEY_FILE_NAME), 'utf8')).toBe(pem);
    expect(again.publicKey.export({ format: 'jwk' })).toEqual(first.publicKey.export({ format: 'jwk' }));
    const issuer = await createIssuer(again, 'https://shixun.test/', { 'zh-CN': '中心', en: 'Centre' });
    const reissued = await createIssuer(first, 'https://shixun.test/', { 'zh-CN': '中心', en: 'Centre' });
    expect(issuer.didDocument).toEqual(reissued.didDocument);
    expect(issuer.verificationMethod).toMatch(/^did:web:shixun\.test#z6Mk/);
  });

  it('refuses a key that is not Ed25519, saying what to do', async () => {
    const dir = path.join(root, 'rsa');
    await mkdir(dir);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await writeFile(path.join(dir, ISSUER_KEY_FILE_NAME), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadIssuerKey(dir)).rejects.toThrow(/holds a rsa key.*Ed25519/);
    await writeFile(path.join(dir, ISSUER_KEY_FILE_NAME), 'not a key');
    await expect(loadIssuerKey(dir)).rejects.toThrow(/not an unencrypted PEM private key/);
  });

  it('names the server by did:web, the port percent-encoded', () => {
    expect(didWebFor('https://shixun.example.gov.cn/')).toBe('did:web:shixun.example.gov.cn');
    expect(didWebFor('http://localhost:4414/')).toBe('did:web:localhost%3A4414');
  });
});
