// Entry point of `npm start` (run with `node --import tsx`): serves the built app on PORT and
// HOST and prints the addresses a person can open.
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { buildServer } from './build-server.ts';

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT=${value} is not a port number: use an integer from 0 to 65535, e.g. PORT=8080.`);
  }
  return port;
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

async function main(): Promise<void> {
  const port = readPort(process.env.PORT);
  const host = process.env.HOST || '0.0.0.0';
  const app = await buildServer({
    staticDir: process.env.SHIXUN_STATIC_DIR || 'dist',
    apiOnly: process.env.SHIXUN_API_ONLY === '1',
    logger: { level: process.env.LOG_LEVEL || 'warn' },
    onAdmin: (admin) => {
      if (admin === 'created') console.log('Created the admin account "admin" with the password in SHIXUN_ADMIN_PASSWORD.');
      if (admin === 'missing') console.log('No admin account yet: start once with SHIXUN_ADMIN_PASSWORD=<at least 10 characters> npm start to create the user "admin".');
    },
  });

  try {
    await app.listen({ port, host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} on ${host} is already in use: stop the other server or start with another port, e.g. PORT=8081 npm start.`, { cause: error });
    }
    throw error;
  }

  const actualPort = (app.server.address() as AddressInfo).port;
  if (WILDCARD_HOSTS.has(host) || LOOPBACK_HOSTS.has(host)) {
    console.log(`Shixun is running at http://localhost:${actualPort}`);
  } else {
    console.log(`Shixun is running at http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`);
  }
  if (WILDCARD_HOSTS.has(host)) {
    for (const address of lanAddresses()) console.log(`  on your network: http://${address}:${actualPort}`);
  }

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
