// Assembles the one Shixun server process from plugins; tests build it without listening.
// Later issues add the records and xAPI plugins here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { assertBuiltApp, staticAppPlugin } from './static-server.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BuildServerOptions {
  /** Built app folder; relative paths resolve against the project root. Default `dist`. */
  readonly staticDir?: string;
  /** Fastify logger setting. Default: warnings and errors only, so `npm start` stays readable. */
  readonly logger?: FastifyServerOptions['logger'];
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
  await app.register(staticAppPlugin, { root: staticDir });
  return app;
}
