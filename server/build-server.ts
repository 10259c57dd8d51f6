// Assembles the one Shixun server process from plugins; tests build it without listening.
// Later issues add the records plugins here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { databaseConfigFromEnv, openDatabase } from './db/database.ts';
import type { DatabaseConfig } from './db/database.ts';
import { assertBuiltApp, staticAppPlugin } from './static-server.ts';
import { xapiOptionsFromEnv, xapiPlugin } from './xapi/plugin.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BuildServerOptions {
  /** Built app folder; relative paths resolve against the project root. Default `dist`. */
  readonly staticDir?: string;
  /** Fastify logger setting. Default: warnings and errors only, so `npm start` stays readable. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Where records live. Default: DATABASE_URL, else SQLite under DATA_DIR (`./data`). */
  readonly database?: DatabaseConfig;
}

export async function buildServer(options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const staticDir = path.resolve(PROJECT_ROOT, options.staticDir ?? 'dist');
  // Fail before Fastify starts, with a message that says how to get a build.
  assertBuiltApp(staticDir);

  const app = Fastify({ logger: options.logger ?? { level: 'warn' } });
  app.get('/healthz', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { ok: true };
  });
  // Opened (and migrated) before the server listens; closed when it closes.
  const database = await openDatabase(options.database ?? databaseConfigFromEnv(process.env));
  app.addHook('onClose', () => database.close());
  await app.register(xapiPlugin, { prefix: '/xapi', database, ...xapiOptionsFromEnv(process.env) });
  await app.register(staticAppPlugin, { root: staticDir });
  return app;
}
