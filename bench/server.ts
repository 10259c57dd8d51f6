// Starts the app's own Fastify server on a free port for one build folder (never port 4317).
import type { AddressInfo } from 'node:net';
import { buildServer } from '../server/build-server.ts';

export interface RunningServer {
  /** `http://localhost:<port>` */
  readonly origin: string;
  /** `localhost:<port>`: the app's own host; every other host is off-host. */
  readonly host: string;
  close(): Promise<void>;
}

export async function startServer(staticDir: string): Promise<RunningServer> {
  const app = await buildServer({ staticDir, logger: false });
  await app.listen({ port: 0, host: 'localhost' });
  const address = app.server.address() as AddressInfo;
  const host = `localhost:${address.port}`;
  return { origin: `http://${host}`, host, close: () => app.close() };
}
