// Test helper: a throwaway OpenLDAP directory (Debian's slapd) on free loopback ports, with a
// generated slapd.conf in a temp folder, seeded from ./directory.ldif, listening on ldap:// (with
// StartTLS) and ldaps:// with a test CA and server certificate made at start. Removed by stop().
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'ldapts';
import { generate } from 'selfsigned';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

export const SUFFIX = 'dc=example,dc=gov';
export const PEOPLE_DN = `ou=people,${SUFFIX}`;
export const GROUPS_DN = `ou=groups,${SUFFIX}`;
export const SERVICE_DN = `cn=shixun-service,ou=services,${SUFFIX}`;
const ROOT_DN = `cn=root,${SUFFIX}`;
const ROOT_PASSWORD = 'root-only-in-tests';

/** The plain passwords of directory.ldif's accounts (the file holds their {SSHA} hashes). */
export const PASSWORDS = {
  service: 'Service-Pass-0',
  'test.learner': 'Learner-Pass-1',
  'test.trainer': 'Trainer-Pass-2',
  'test.admin': 'Admin-Pass-3',
  'test.leaver': 'Gone-Pass-4',
  'test.disabled': 'Off-Pass-5',
  'test.mover': 'Moved-Pass-6',
} as const;

/** Where slapd is: SHIXUN_TEST_SLAPD (set by .ci/run), else Debian's path; undefined when missing. */
export function slapdPath(): string | undefined {
  const candidate = process.env.SHIXUN_TEST_SLAPD || '/usr/sbin/slapd';
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * Whether the directory suites can run here. On CI (CI=true) a missing slapd is an error, never a
 * skip: .ci/run installs it.
 */
export function slapdAvailable(): boolean {
  const found = slapdPath() !== undefined;
  if (!found && process.env.CI === 'true')
    throw new Error("slapd is missing on CI: .ci/run installs Debian's slapd and sets SHIXUN_TEST_SLAPD.");
  if (!found)
    console.warn('Skipping the LDAP directory tests: slapd not found (apt-get install slapd, or set SHIXUN_TEST_SLAPD).');
  return found;
}

export interface TestCertificates {
  /** PEM of the CA that issued the directory's server certificate. */
  readonly caCert: string;
  /** PEM of an unrelated CA, which must not be trusted for the directory. */
  readonly otherCaCert: string;
  readonly caFile: string;
  readonly otherCaFile: string;
}

export interface TestDirectory {
  /** ldap://127.0.0.1:port (plain, StartTLS offered). */
  readonly ldapUrl: string;
  /** ldaps://127.0.0.1:port. */
  readonly ldapsUrl: string;
  readonly certificates: TestCertificates;
  /** A client bound as the directory's root, to change entries the way an HR system would. */
  admin(): Promise<Client>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function makeCertificates(dir: string): Promise<TestCertificates & { serverCert: string; serverKey: string }> {
  const caExtensions = [
    { name: 'basicConstraints' as const, cA: true, critical: true },
    { name: 'keyUsage' as const, keyCertSign: true, cRLSign: true, critical: true },
  ];
  const ca = await generate([{ name: 'commonName', value: 'Shixun Test Directory CA' }], {
    algorithm: 'sha256',
    keySize: 2048,
    extensions: caExtensions,
  });
  const other = await generate([{ name: 'commonName', value: 'Unrelated Test CA' }], {
    algorithm: 'sha256',
    keySize: 2048,
    extensions: caExtensions,
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    algorithm: 'sha256',
    keySize: 2048,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const caFile = path.join(dir, 'ca.pem');
  const otherCaFile = path.join(dir, 'other-ca.pem');
  await writeFile(caFile, ca.cert);
  await writeFile(otherCaFile, other.cert);
  return { caCert: ca.cert, otherCaCert: other.cert, caFile, otherCaFile, serverCert: server.cert, serverKey: server.private };
}

function slapdConf(dir: string): string {
  return [
    ...['core', 'cosine', 'inetorgperson'].map((name) => `include ${SCHEMA_DIR}/${name}.schema`),
    `include ${path.join(HERE, 'ad-attributes.schema')}`,
    `pidfile ${path.join(dir, 'slapd.pid')}`,
    `argsfile ${path.join(dir, 'slapd.args')}`,
    `modulepath ${MODULE_DIR}`,
    'moduleload back_mdb',
    // As Active Directory does, take a DN with an empty password as an anonymous bind that
    // succeeds, so the tests show Shixun never sends one.
    'allow bind_anon_dn',
    `TLSCACertificateFile ${path.join(dir, 'ca.pem')}`,
    `TLSCertificateFile ${path.join(dir, 'server.pem')}`,
    `TLSCertificateKeyFile ${path.join(dir, 'server.key')}`,
    // Nobody reads anything anonymously; the service account reads people and groups; everyone
    // may bind with their own password, which nobody can read.
    'access to attrs=userPassword by anonymous auth by * none',
    `access to * by dn.exact="${SERVICE_DN}" read by self read by * none`,
    'database mdb',
    'maxsize 16777216',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${path.join(dir, 'db')}`,
    'index objectClass eq',
    'index uid eq',
    '',
  ].join('\n');
}

async function waitForPort(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}):\n${log()}`);
    const client = new Client({ url, connectTimeout: 1000, timeout: 2000 });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      await client.unbind();
      return;
    } catch (error) {
      await client.unbind().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`slapd did not answer on ${url}: ${String(error)}\n${log()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Starts a fresh directory seeded from directory.ldif. */
export async function startTestDirectory(): Promise<TestDirectory> {
  const slapd = slapdPath();
  if (slapd === undefined) throw new Error('slapd is not installed (apt-get install slapd, or set SHIXUN_TEST_SLAPD).');
  const dir = await mkdtemp(path.join(tmpdir(), 'shixun-slapd-'));
  await mkdir(path.join(dir, 'db'));
  const certificates = await makeCertificates(dir);
  await writeFile(path.join(dir, 'server.pem'), certificates.serverCert);
  await writeFile(path.join(dir, 'server.key'), certificates.serverKey, { mode: 0o600 });
  const conf = path.join(dir, 'slapd.conf');
  await writeFile(conf, slapdConf(dir));
  const seed = spawnSync(path.join(path.dirname(slapd), 'slapadd'), ['-f', conf, '-l', path.join(HERE, 'directory.ldif')], {
    encoding: 'utf8',
  });
  if (seed.status !== 0) throw new Error(`slapadd failed: ${seed.stderr}${seed.error ? String(seed.error) : ''}`);

  const [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  const ldapUrl = `ldap://127.0.0.1:${ldapPort}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  // -d 0: stay in the foreground so the test owns the process; files stay root's when run as root.
  const child = spawn(slapd, ['-f', conf, '-h', `${ldapUrl}/ ${ldapsUrl}/`, '-d', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(ldapUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ldapUrl,
    ldapsUrl,
    certificates,
    async admin() {
      const client = new Client({ url: ldapUrl, timeout: 5000 });
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return client;
    },
    stop,
  };
}
