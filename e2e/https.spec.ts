// `npm start -- --https` in real Chromium: the server (its own process, own data folder) makes a
// self-signed certificate; a browser that trusts exactly that certificate's key opens the app
// with no certificate error, in a secure context where WebXR is available. A browser that does
// not trust it is refused, so the TLS is real. The printed LAN URL is opened too, where the
// machine has one: that is the address a headset uses, and plain http there is not secure.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { certificateSpkiSha256 } from '../server/tls.ts';
import { chromiumLaunchOptions } from './fixtures/browser.ts';
import { expect, guardOffHost, test } from './fixtures/base.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STATIC_DIR = process.env.SHIXUN_E2E_STATIC_DIR || 'dist-e2e';

interface HttpsServer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly localUrl: string;
  readonly lanUrls: readonly string[];
  /** The SHA-256 fingerprint the server printed for a person to compare. */
  readonly printedFingerprint: string;
  readonly exited: Promise<unknown>;
}

/** Starts `server/main.ts --https` on a free port and resolves once it has printed its addresses. */
async function startHttpsServer(dataDir: string): Promise<HttpsServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--https'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '0.0.0.0',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SHIXUN_STATIC_DIR: STATIC_DIR,
      TLS_CERT: '',
      TLS_KEY: '',
      HTTPS: '',
      LOG_LEVEL: 'error',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the https server did not start within 30 s:\n${text}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      // The fingerprint is the last thing printed at start.
      if (/SHA-256 fingerprint: \S+/.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the https server exited (${String(code)}) before listening:\n${text}`));
    });
  });
  const localUrl = /running at (https:\/\/localhost:\d+)/.exec(output)?.[1];
  const printedFingerprint = /SHA-256 fingerprint: (\S+)/.exec(output)?.[1];
  if (localUrl === undefined || printedFingerprint === undefined) throw new Error(`unexpected start output:\n${output}`);
  const lanUrls = [...output.matchAll(/on your network: (https:\/\/\S+)/g)].map((match) => match[1] ?? '');
  return { child, localUrl, lanUrls, printedFingerprint, exited };
}

let dataDir: string;
let server: HttpsServer;
let certPem: string;
let trusting: Browser;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'shixun-e2e-https-'));
  server = await startHttpsServer(dataDir);
  certPem = await readFile(path.join(dataDir, 'tls', 'cert.pem'), 'utf8');
  const launch = chromiumLaunchOptions();
  // The resolver wall lets through localhost only; let the server's own LAN address through too.
  const lanHost = server.lanUrls[0] === undefined ? undefined : new URL(server.lanUrls[0]).hostname;
  const args = (launch.args ?? []).map((arg) =>
    lanHost !== undefined && arg.startsWith('--host-resolver-rules=') ? `${arg}, EXCLUDE ${lanHost}` : arg,
  );
  // Trust exactly this certificate's key, as a headset does once its warning is accepted or the CA is installed.
  trusting = await chromium.launch({
    ...launch,
    args: [...args, `--ignore-certificate-errors-spki-list=${certificateSpkiSha256(certPem)}`],
  });
});

test.afterAll(async () => {
  await trusting?.close();
  if (server?.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

/** Opens `url` in a guarded context of the trusting browser and reports what the page sees. */
async function openTrusted(url: string): Promise<{
  secure: boolean;
  hasXr: boolean;
  vrSupported: unknown;
  protocol: string | undefined;
  pageErrors: string[];
  offHost: number;
}> {
  const context = await trusting.newContext();
  try {
    const offHost = await guardOffHost(context, new URL(url).host);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A certificate error would reject here (net::ERR_CERT_…) instead of loading the page.
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    const security = await response?.securityDetails();
    const seen = await page.evaluate(async () => ({
      secure: window.isSecureContext,
      hasXr: 'xr' in navigator,
      vrSupported: await navigator.xr?.isSessionSupported('immersive-vr'),
    }));
    return { ...seen, protocol: security?.protocol, pageErrors, offHost: offHost.length };
  } finally {
    await context.close();
  }
}

test('the https server prints its certificate fingerprint and localhost opens as a secure context with WebXR', async () => {
  expect(server.printedFingerprint).toBe(new X509Certificate(certPem).fingerprint256);

  const seen = await openTrusted(`${server.localUrl}/`);
  expect(seen).toEqual({
    secure: true,
    hasXr: true,
    vrSupported: expect.any(Boolean),
    protocol: expect.stringMatching(/^TLS 1\.[23]$/),
    pageErrors: [],
    offHost: 0,
  });
});

test('the LAN URL a headset opens is secure too', async () => {
  const lanUrl = server.lanUrls[0];
  test.skip(lanUrl === undefined, 'this machine has no LAN IPv4 address');
  const seen = await openTrusted(`${lanUrl ?? ''}/`);
  expect(seen).toMatchObject({ secure: true, hasXr: true, vrSupported: expect.any(Boolean), pageErrors: [], offHost: 0 });
});

test('a browser that does not trust the certificate is refused', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    await guardOffHost(context, new URL(server.localUrl).host);
    const page = await context.newPage();
    await expect(page.goto(`${server.localUrl}/healthz`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
  } finally {
    await context.close();
  }
});
