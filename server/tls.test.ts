// The https certificate: a self-signed one Chromium accepts (names, key, validity), kept and
// reused under DATA_DIR, made again when it no longer fits; TLS_CERT/TLS_KEY taken as given and
// refused with a clear message when wrong; and the real server answering over TLS with it.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from './build-server.ts';
import { currentCertificateNames, loadTlsCredentials } from './tls.ts';
import type { CertificateNames } from './tls.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const NAMES: CertificateNames = {
  dnsNames: ['localhost', 'trainer-pc', 'trainer-pc.local'],
  ips: ['127.0.0.1', '::1', '192.168.20.15', '10.0.0.7'],
};

/** GET over https trusting exactly `ca`; resolves with the status and body. */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { ca }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** A WebSocket upgrade over https trusting exactly `ca`: 101 when it switched protocols, else the refusal's status. */
function httpsUpgrade(url: string, ca: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      ca,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    outgoing.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    outgoing.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('loadTlsCredentials', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shixun-tls-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes a self-signed EC P-256 certificate that names localhost, the host, loopback and every LAN address', async () => {
    const now = new Date();
    const tls = await loadTlsCredentials({ env: {}, dataDir, names: NAMES, now });
    expect(tls.source).toBe('generated');
    expect(tls.certFile).toBe(path.join(dataDir, 'tls', 'cert.pem'));

    const certificate = new X509Certificate(tls.cert);
    const altNames = certificate.subjectAltName?.split(', ') ?? [];
    expect(altNames).toEqual(
      expect.arrayContaining([
        'DNS:localhost',
        'DNS:trainer-pc',
        'DNS:trainer-pc.local',
        'IP Address:127.0.0.1',
        'IP Address:0:0:0:0:0:0:0:1',
        'IP Address:192.168.20.15',
        'IP Address:10.0.0.7',
      ]),
    );
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkIP('192.168.20.15')).toBe('192.168.20.15');
    expect(certificate.checkIP('192.168.20.16')).toBeUndefined();
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.ca).toBe(false);
    expect(certificate.publicKey.asymmetricKeyType).toBe('ec');
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

    const validFrom = new Date(certificate.validFrom).getTime();
    const validTo = new Date(certificate.validTo).getTime();
    expect(validFrom).toBeLessThanOrEqual(now.getTime());
    expect(validTo).toBeGreaterThan(now.getTime() + 300 * DAY_MS);
    // Chromium refuses server certificates valid for more than 398 days.
    expect(validTo - validFrom).toBeLessThanOrEqual(397 * DAY_MS);
    expect(tls.fingerprint256).toBe(certificate.fingerprint256);

    expect((await stat(tls.keyFile)).mode & 0o777).toBe(0o600);
  });

  it('reuses the certificate on a later start', async () => {
    const first = await loadTlsCredentials({ env: {}, dataDir, names: NAMES });
    const second = await loadTlsCredentials({ env: { DATA_DIR: dataDir }, names: NAMES });
    expect(second.source).toBe('reused');
    expect(second.fingerprint256).toBe(first.fingerprint256);
    expect(second.key).toBe(first.key);
  });

  it('makes a new certificate when the LAN address changed or the old one expires', async () => {
    const first = await loadTlsCredentials({ env: {}, dataDir, names: NAMES });

    const movedNames: CertificateNames = { ...NAMES, ips: ['127.0.0.1', '::1', '192.168.30.4'] };
    const moved = await loadTlsCredentials({ env: {}, dataDir, names: movedNames });
    expect(moved.source).toBe('generated');
    expect(moved.fingerprint256).not.toBe(first.fingerprint256);
    expect(new X509Certificate(moved.cert).checkIP('192.168.30.4')).toBe('192.168.30.4');

    const nextYear = new Date(Date.now() + 366 * DAY_MS);
    const renewed = await loadTlsCredentials({ env: {}, dataDir, names: movedNames, now: nextYear });
    expect(renewed.source).toBe('generated');
    expect(new Date(new X509Certificate(renewed.cert).validTo).getTime()).toBeGreaterThan(nextYear.getTime());
  });

  it('covers this machine by default', async () => {
    const tls = await loadTlsCredentials({ env: {}, dataDir });
    const certificate = new X509Certificate(tls.cert);
    for (const ip of currentCertificateNames().ips) expect(certificate.checkIP(ip)).toBe(ip);
  });

  it('uses TLS_CERT and TLS_KEY when given, and says which file is wrong', async () => {
    // An "organisation" certificate: made the same way, in another folder, then named by path.
    const issued = await loadTlsCredentials({ env: {}, dataDir: path.join(dataDir, 'ca'), names: NAMES });
    const other = await loadTlsCredentials({ env: {}, dataDir: path.join(dataDir, 'other'), names: NAMES });

    const fromFiles = await loadTlsCredentials({ env: { TLS_CERT: issued.certFile, TLS_KEY: issued.keyFile }, dataDir });
    expect(fromFiles.source).toBe('files');
    expect(fromFiles.fingerprint256).toBe(issued.fingerprint256);
    expect(fromFiles.cert).toBe(issued.cert);

    // A chain file (server certificate first, then the issuer's) is taken as is.
    const chain = path.join(dataDir, 'chain.pem');
    await writeFile(chain, issued.cert + other.cert);
    const fromChain = await loadTlsCredentials({ env: { TLS_CERT: chain, TLS_KEY: issued.keyFile } });
    expect(fromChain.fingerprint256).toBe(issued.fingerprint256);
    expect(fromChain.cert).toBe(issued.cert + other.cert);

    const missing = path.join(dataDir, 'nowhere.pem');
    await expect(loadTlsCredentials({ env: { TLS_CERT: missing, TLS_KEY: issued.keyFile } })).rejects.toThrow(
      `TLS_CERT=${missing} could not be read (ENOENT)`,
    );
    await expect(loadTlsCredentials({ env: { TLS_CERT: issued.certFile, TLS_KEY: missing } })).rejects.toThrow(
      `TLS_KEY=${missing} could not be read`,
    );
    await expect(loadTlsCredentials({ env: { TLS_CERT: issued.certFile, TLS_KEY: other.keyFile } })).rejects.toThrow(
      `TLS_KEY=${other.keyFile} does not match the certificate in TLS_CERT=${issued.certFile}`,
    );
    await expect(loadTlsCredentials({ env: { TLS_CERT: issued.keyFile, TLS_KEY: issued.keyFile } })).rejects.toThrow(
      `TLS_CERT=${issued.keyFile} is not a PEM certificate`,
    );
    await expect(loadTlsCredentials({ env: { TLS_CERT: issued.certFile } })).rejects.toThrow(
      'TLS_CERT is set but TLS_KEY is not',
    );
    const garbage = path.join(dataDir, 'garbage.pem');
    await writeFile(garbage, 'not a key');
    await expect(loadTlsCredentials({ env: { TLS_CERT: issued.certFile, TLS_KEY: garbage } })).rejects.toThrow(
      `TLS_KEY=${garbage} is not an unencrypted PEM private key`,
    );
  });

  it('lets the real server answer /healthz over TLS to a client that trusts exactly that certificate', async () => {
    const tls = await loadTlsCredentials({ env: {}, dataDir, names: NAMES });
    const app = await buildServer({
      apiOnly: true,
      https: { key: tls.key, cert: tls.cert },
      database: { dataDir },
      env: { SHIXUN_ADMIN_PASSWORD: 'tls-test-admin-password-1' },
      logger: false,
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
      const answer = await httpsGet(`https://localhost:${address.port}/healthz`, tls.cert);
      expect(answer).toEqual({ status: 200, body: JSON.stringify({ ok: true }) });

      // The exercise rooms' sockets are served on the same port over TLS: same origin and a session, or refused.
      const origin = `https://localhost:${address.port}`;
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'admin', password: 'tls-test-admin-password-1' }),
      });
      const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
      const rooms = `${origin}/rooms/some-process/some-room`;
      expect(await httpsUpgrade(rooms, tls.cert, { origin })).toBe(401);
      expect(await httpsUpgrade(rooms, tls.cert, { origin: 'https://elsewhere.example', cookie })).toBe(403);
      expect(await httpsUpgrade(rooms, tls.cert, { origin, cookie })).toBe(101);

      // A certificate the client does not trust is refused: the TLS is real, not bypassed.
      const stranger = await loadTlsCredentials({ env: {}, dataDir: path.join(dataDir, 'stranger'), names: NAMES });
      await expect(httpsGet(`https://localhost:${address.port}/healthz`, stranger.cert)).rejects.toThrow(
        /self[- ]signed|unable to verify/i,
      );
    } finally {
      await app.close();
    }
  });
});
