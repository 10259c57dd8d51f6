// Fastify plugin that serves the built app: hashed assets cached for a year, everything else
// revalidated, and unknown page paths answered with index.html so client routes survive a reload.
// The build holds Brotli and gzip copies of its text and models (scripts/compress-build.ts);
// a browser that accepts one gets it (Content-Encoding, Vary: Accept-Encoding), others the file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

export interface StaticAppOptions {
  /** Folder holding the Vite build (index.html, assets/, fonts/, xr-profiles/). */
  readonly root: string;
}

// Vite puts a content hash in every file name under assets/, so a changed file is a new URL.
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';
// index.html, the font and the controller profiles keep their names across builds: revalidate
// (ETag/Last-Modified make that a cheap 304) so a learner never gets a stale font.
const REVALIDATE = 'no-cache';

/** Throws a message a person can act on when `root` holds no built app. */
export function assertBuiltApp(root: string): void {
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(
      `No built app in ${root} (index.html is missing). Run \`npm run build\` (\`npm start\` builds it for you), ` +
        'or point SHIXUN_STATIC_DIR at a folder that holds one.',
    );
  }
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(404).type('application/json; charset=utf-8').send({ statusCode: 404, error: 'Not Found', message });
}

export const staticAppPlugin: FastifyPluginAsync<StaticAppOptions> = async (app, options) => {
  const root = path.resolve(options.root);
  assertBuiltApp(root);
  const assetsDir = path.join(root, 'assets') + path.sep;

  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: true,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', filePath.startsWith(assetsDir) ? HASHED_ASSET_CACHE : REVALIDATE);
      // The same URL answers Brotli, gzip or plain bytes: a cache on the way (an intranet proxy)
      // must key on Accept-Encoding, or it could hand a browser bytes it cannot read.
      reply.header('vary', 'accept-encoding');
    },
  });

  // Set here rather than in buildServer so the app-serving behaviour stays in one plugin; API
  // plugins registered under /api may set their own not-found handler for their prefix.
  app.setNotFoundHandler((request, reply) => {
    const { pathname } = new URL(request.url, 'http://app.invalid');
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      return notFound(
        reply,
        `No API route ${request.method} ${pathname}. Check the path and method against the server's routes.`,
      );
    }
    if ((request.method === 'GET' || request.method === 'HEAD') && acceptsHtml(request)) {
      return reply.code(200).sendFile('index.html');
    }
    return notFound(reply, `No file or route at ${request.method} ${pathname}.`);
  });
};
