// Entry point of `npm start` (run with `node --import tsx`): serves the built app on PORT and
// HOST and prints the addresses a person can open. `--https` (or HTTPS=1) serves TLS, which a
// headset on the LAN needs for WebXR (server/tls.ts).
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { buildServer } from './build-server.ts';
import { CourseCatalog } from './grading/course-catalog.ts';
import { migrationsFor } from './migrations.ts';
import { lanAddresses, loadTlsCredentials } from './tls.ts';
import type { TlsCredentials } from './tls.ts';

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT=${value} is not a port number: use an integer from 0 to 65535, e.g. PORT=8080.`);
  }
  return port;
}

/** `--https` on the command line, or HTTPS=1 / HTTPS=true in the environment. */
function wantsHttps(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--https') || env.HTTPS === '1' || env.HTTPS === 'true';
}

async function printHttpsHelp(tls: TlsCredentials, lanUrls: readonly string[]): Promise<void> {
  const firstLanUrl = lanUrls[0];
  if (firstLanUrl !== undefined) {
    console.log(`\nScan to open ${firstLanUrl} on a headset or phone:`);
    console.log(await QRCode.toString(firstLanUrl, { type: 'terminal', small: true }));
  }
  const where =
    tls.source === 'files'
      ? `from TLS_CERT=${tls.certFile}`
      : `self-signed, ${tls.source === 'generated' ? 'made now' : 'reused'} (${tls.certFile})`;
  console.log(`TLS certificate ${where}, valid until ${tls.validTo.toISOString().slice(0, 10)}`);
  console.log(`  SHA-256 fingerprint: ${tls.fingerprint256}`);
  if (tls.source !== 'files') {
    console.log(
      '  A browser warns about a self-signed certificate the first time: check that the fingerprint it shows is this one, then continue.',
    );
  }
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

async function main(): Promise<void> {
  const port = readPort(process.env.PORT);
  const host = process.env.HOST || '0.0.0.0';
  const tls = wantsHttps(process.argv.slice(2), process.env) ? await loadTlsCredentials() : undefined;
  // Read once, for the demo seeder and the server; an invalid course stops the start here.
  const catalog = CourseCatalog.load(fileURLToPath(new URL('../courses', import.meta.url)));
  // Demo data (synthetic organisation and results) on the first start: server/demo, docs/demo.md.
  if (process.env.SHIXUN_DEMO === '1')
    await (await import('./demo/demo-runner.ts')).seedDemoOnStart(process.env, migrationsFor, catalog);
  const app = await buildServer({
    catalog,
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    staticDir: process.env.SHIXUN_STATIC_DIR || 'dist',
    apiOnly: process.env.SHIXUN_API_ONLY === '1',
    logger: { level: process.env.LOG_LEVEL || 'warn' },
    onAdmin: (admin) => {
      if (admin === 'created') console.log('Created the admin account "admin" with the password in SHIXUN_ADMIN_PASSWORD.');
      if (admin === 'missing')
        console.log(
          'No admin account yet: start once with SHIXUN_ADMIN_PASSWORD=<at least 12 characters> npm start to create the user "admin".',
        );
    },
  });

  try {
    await app.listen({ port, host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${port} on ${host} is already in use: stop the other server or start with another port, e.g. PORT=8081 npm start.`,
        { cause: error },
      );
    }
    throw error;
  }

  const actualPort = (app.server.address() as AddressInfo).port;
  const scheme = tls ? 'https' : 'http';
  if (WILDCARD_HOSTS.has(host) || LOOPBACK_HOSTS.has(host)) {
    console.log(`Shixun is running at ${scheme}://localhost:${actualPort}`);
  } else {
    console.log(`Shixun is running at ${scheme}://${host.includes(':') ? `[${host}]` : host}:${actualPort}`);
  }
  const lanUrls = WILDCARD_HOSTS.has(host) ? lanAddresses().map((address) => `${scheme}://${address}:${actualPort}`) : [];
  for (const url of lanUrls) console.log(`  on your network: ${url}`);
  if (tls) await printHttpsHelp(tls, lanUrls);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    // A second Ctrl-C means "now", even if a connection keeps close() waiting.
    if (closing) process.exit(130);
    closing = true;
    app.log.info(`${signal}: closing`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`Shixun server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
