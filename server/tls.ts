// The TLS certificate for `npm start -- --https` (WebXR needs a secure context, so a headset on a
// LAN must reach the server over https): the organisation's own certificate from TLS_CERT and
// TLS_KEY, else a self-signed one kept under DATA_DIR/tls, made again when it expires or no
// longer names this machine's current addresses.
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname as osHostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TlsCredentials {
  /** PEM private key. */
  readonly key: string;
  /** PEM certificate (a chain when TLS_CERT holds one; the server's certificate comes first). */
  readonly cert: string;
  /** SHA-256 fingerprint of the server certificate, `AA:BB:…`, for a person to compare on the headset. */
  readonly fingerprint256: string;
  /** base64 SHA-256 of the certificate's public key (SPKI), what Chromium's SPKI allow-list takes. */
  readonly spkiSha256: string;
  /** `files`: TLS_CERT/TLS_KEY; `generated`: made now; `reused`: the self-signed one from an earlier start. */
  readonly source: 'files' | 'generated' | 'reused';
  readonly certFile: string;
  readonly keyFile: string;
  /** When the certificate stops being valid. */
  readonly validTo: Date;
}

/** The names and addresses a self-signed certificate must cover so every URL the server prints works. */
export interface CertificateNames {
  readonly dnsNames: readonly string[];
  readonly ips: readonly string[];
}

export interface LoadTlsOptions {
  /** TLS_CERT, TLS_KEY. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the self-signed certificate is kept (under `tls/`). Default DATA_DIR, else `./data`. */
  readonly dataDir?: string;
  /** Default: localhost, the host name, 127.0.0.1, ::1 and every LAN IPv4 address. */
  readonly names?: CertificateNames;
  /** Default: now. */
  readonly now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Chromium rejects server certificates valid for more than 398 days; stay well inside. */
const VALIDITY_DAYS = 365;
/** Made again this close to expiry, so a long-running start does not cross it. */
const RENEW_BEFORE_MS = 7 * DAY_MS;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** This machine's non-internal IPv4 addresses: the ones a headset on the LAN can reach. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
}

/** localhost and the host name (with `.local` for mDNS when it has no domain), loopback and LAN addresses. */
export function currentCertificateNames(): CertificateNames {
  const host = osHostname().toLowerCase();
  const dnsNames = ['localhost'];
  if (DNS_NAME.test(host) && host !== 'localhost') {
    dnsNames.push(host);
    if (!host.includes('.')) dnsNames.push(`${host}.local`);
  }
  return { dnsNames, ips: ['127.0.0.1', '::1', ...lanAddresses()] };
}

/** True when `certificate` names every DNS name and IP in `names`. */
export function certificateCovers(certificate: X509Certificate, names: CertificateNames): boolean {
  return (
    names.dnsNames.every((name) => certificate.checkHost(name, { subject: 'never', wildcards: false }) === name) &&
    names.ips.every((ip) => certificate.checkIP(ip) === ip)
  );
}

function spkiSha256(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

const FIRST_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function credentials(
  key: string,
  cert: string,
  source: TlsCredentials['source'],
  certFile: string,
  keyFile: string,
): TlsCredentials {
  const certificate = new X509Certificate(FIRST_CERTIFICATE.exec(cert)?.[0] ?? cert);
  return {
    key,
    cert,
    fingerprint256: certificate.fingerprint256,
    spkiSha256: spkiSha256(certificate.publicKey),
    source,
    certFile,
    keyFile,
    validTo: new Date(certificate.validTo),
  };
}

async function readPem(variable: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`${variable}=${file} could not be read (${reason}): point ${variable} at a PEM file the server can read.`, {
      cause: error,
    });
  }
}

/** TLS_CERT and TLS_KEY: both PEM files, the key the certificate's own. */
async function loadFromFiles(certFile: string, keyFile: string): Promise<TlsCredentials> {
  const cert = await readPem('TLS_CERT', certFile);
  const key = await readPem('TLS_KEY', keyFile);
  let certificate: X509Certificate;
  try {
    // The server's certificate is the first block; a chain file may follow it with the issuers.
    certificate = new X509Certificate(FIRST_CERTIFICATE.exec(cert)?.[0] ?? cert);
  } catch (error) {
    throw new Error(
      `TLS_CERT=${certFile} is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----"): export the server certificate as PEM.`,
      { cause: error },
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new Error(`TLS_KEY=${keyFile} is not an unencrypted PEM private key: export the key as PEM without a passphrase.`, {
      cause: error,
    });
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error(
      `TLS_KEY=${keyFile} does not match the certificate in TLS_CERT=${certFile}: use the key the certificate was issued for.`,
    );
  }
  return credentials(key, cert, 'files', certFile, keyFile);
}

/** The self-signed certificate from an earlier start, if it is still good for `names` at `now`. */
async function reusable(
  certFile: string,
  keyFile: string,
  names: CertificateNames,
  now: Date,
): Promise<TlsCredentials | undefined> {
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  } catch {
    return undefined;
  }
  try {
    const certificate = new X509Certificate(cert);
    const fresh =
      new Date(certificate.validFrom).getTime() <= now.getTime() &&
      new Date(certificate.validTo).getTime() - RENEW_BEFORE_MS > now.getTime();
    if (!fresh || !certificate.checkPrivateKey(createPrivateKey(key)) || !certificateCovers(certificate, names)) return undefined;
  } catch {
    // Damaged files: make a new pair.
    return undefined;
  }
  return credentials(key, cert, 'reused', certFile, keyFile);
}

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
}

async function generateSelfSigned(
  certFile: string,
  keyFile: string,
  names: CertificateNames,
  now: Date,
): Promise<TlsCredentials> {
  const host = names.dnsNames.find((name) => name !== 'localhost') ?? 'localhost';
  const notBeforeDate = new Date(now.getTime() - 60_000);
  const pems = await generate([{ name: 'commonName', value: `Shixun ${host}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.dnsNames.map((value) => ({ type: 2 as const, value })),
          ...names.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  // Normalised to PKCS#8 so Node and every TLS stack read it alike.
  const key = createPrivateKey(pems.private).export({ type: 'pkcs8', format: 'pem' }).toString();
  // Ends with a newline, so the file can be concatenated or appended to like any PEM file.
  const cert = `${pems.cert.replace(/\r\n/g, '\n').trimEnd()}\n`;
  // Owner-only, like the rest of DATA_DIR: the folder holds the private key.
  await mkdir(path.dirname(certFile), { recursive: true, mode: 0o700 });
  await writeAtomically(keyFile, key, 0o600);
  await writeAtomically(certFile, cert, 0o644);
  return credentials(key, cert, 'generated', certFile, keyFile);
}

/**
 * The certificate and key to serve https with. TLS_CERT and TLS_KEY (PEM files) win; otherwise
 * DATA_DIR/tls/cert.pem and key.pem, made self-signed when missing, expiring within a week, or
 * not naming every current address.
 */
export async function loadTlsCredentials(options: LoadTlsOptions = {}): Promise<TlsCredentials> {
  const env = options.env ?? process.env;
  const certPath = env.TLS_CERT || undefined;
  const keyPath = env.TLS_KEY || undefined;
  if (certPath !== undefined || keyPath !== undefined) {
    if (certPath === undefined)
      throw new Error(
        'TLS_KEY is set but TLS_CERT is not: set TLS_CERT to the PEM certificate issued for this key, or unset both to use a self-signed certificate.',
      );
    if (keyPath === undefined)
      throw new Error(
        'TLS_CERT is set but TLS_KEY is not: set TLS_KEY to the PEM private key of that certificate, or unset both to use a self-signed certificate.',
      );
    return loadFromFiles(certPath, keyPath);
  }
  const dataDir = path.resolve(options.dataDir ?? (env.DATA_DIR || 'data'));
  const certFile = path.join(dataDir, 'tls', 'cert.pem');
  const keyFile = path.join(dataDir, 'tls', 'key.pem');
  const names = options.names ?? currentCertificateNames();
  const now = options.now ?? new Date();
  return (await reusable(certFile, keyFile, names, now)) ?? generateSelfSigned(certFile, keyFile, names, now);
}

/** base64 SHA-256 of a PEM certificate's SPKI (for Chromium's --ignore-certificate-errors-spki-list). */
export function certificateSpkiSha256(certPem: string): string {
  return spkiSha256(new X509Certificate(certPem).publicKey);
}
