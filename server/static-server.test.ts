// Runs the real server over a throwaway build folder: pages, caching, content types, the SPA
// fallback, health, API 404s, path traversal, and the build's compressed copies.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressBuild } from '../scripts/compress-build.ts';
import { buildServer } from './build-server.ts';

const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>';

/** Sends `rawPath` byte for byte (fetch and inject would normalise `..` away). */
function rawGet(port: number, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: rawPath, headers: { accept: 'text/html' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static app server', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-server-'));
    const dist = path.join(dir, 'dist');
    const files: Record<string, string> = {
      'index.html': INDEX,
      'assets/index-B4x9kQ2z.js': 'console.log(1)',
      'fonts/shixun-sc.woff': 'wOFF',
      'fonts/shixun-sc.ttf': 'ttf',
      'xr-profiles/profilesList.json': '{}',
      'xr-profiles/generic-hand/left.glb': 'glTF',
      'decoders/basis_transcoder.wasm': 'wasm',
      'textures/floor.ktx2': 'ktx2',
    };
    for (const [name, body] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dist, name)), { recursive: true });
      await writeFile(path.join(dist, name), body);
    }
    await writeFile(path.join(dir, 'secret.txt'), 'outside the app folder');
    app = await buildServer({ staticDir: dist, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and never lets it be cached unvalidated', async () => {
    const res = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(INDEX);
  });

  it('falls back to index.html for unknown page paths that accept HTML', async () => {
    const res = await app.inject({
      url: '/course/data-security/scene/2',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(INDEX);
  });

  it('answers a missing asset with 404, not with the page', async () => {
    const res = await app.inject({ url: '/assets/missing-123.js', headers: { accept: '*/*' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('caches hashed assets for a year and revalidates the rest', async () => {
    const asset = await app.inject({ url: '/assets/index-B4x9kQ2z.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    const font = await app.inject({ url: '/fonts/shixun-sc.woff' });
    expect(font.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    ['/fonts/shixun-sc.woff', 'font/woff'],
    ['/fonts/shixun-sc.ttf', 'font/ttf'],
    ['/xr-profiles/generic-hand/left.glb', 'model/gltf-binary'],
    ['/xr-profiles/profilesList.json', 'application/json; charset=utf-8'],
    ['/decoders/basis_transcoder.wasm', 'application/wasm'],
    ['/textures/floor.ktx2', 'image/ktx2'],
  ])('serves %s as %s', async (url, type) => {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it('answers GET /healthz with {ok:true}', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it('answers unknown /api/ paths with a JSON 404, even when the client accepts HTML', async () => {
    for (const [method, url] of [
      ['GET', '/api/nope'],
      ['POST', '/api/v1/statements'],
      ['GET', '/api'],
    ] as const) {
      const res = await app.inject({ method, url, headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
        message: `No API route ${method} ${url}. Check the path and method against the server's routes.`,
      });
    }
  });

  it('never serves a file outside the app folder', async () => {
    const port = (app.server.address() as AddressInfo).port;
    for (const attempt of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    ]) {
      const res = await rawGet(port, attempt);
      expect(res.body, attempt).not.toContain('outside the app folder');
      if (res.status !== 200) expect(res.status, attempt).toBeGreaterThanOrEqual(400);
      else expect(res.body, attempt).toBe(INDEX);
    }
  });

  it('refuses to start without a build, and says how to get one', async () => {
    await expect(buildServer({ staticDir: path.join(dir, 'nothing-here'), logger: false })).rejects.toThrow(/npm run build/);
  });
});

describe('static app server, compressed build', () => {
  let dir: string;
  let app: FastifyInstance;
  // Repetitive text, like a JS chunk: compresses far below its size.
  const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, label: "step ${i}" }`).join(', ')}];\n`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-compressed-'));
    await mkdir(path.join(dir, 'assets'), { recursive: true });
    await writeFile(path.join(dir, 'index.html'), INDEX);
    await writeFile(path.join(dir, 'assets/play-page-Ab12Cd34.js'), script);
    await writeFile(path.join(dir, 'assets/tiny-Ab12Cd34.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'sw.js'), script);
    const done = await compressBuild(dir);
    expect(done.map((f) => f.file)).toEqual([path.join('assets', 'play-page-Ab12Cd34.js')]);
    app = await buildServer({ staticDir: dir, logger: false });
  });

  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the Brotli copy to a browser that accepts it, gzip to one that accepts only gzip, the file to others', async () => {
    const url = '/assets/play-page-Ab12Cd34.js';
    const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.rawPayload.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await app.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('sends a file too small to compress, and the service worker script, as they are, whatever the browser accepts', async () => {
    const res = await app.inject({ url: '/assets/tiny-Ab12Cd34.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe('console.log(1)');
    const worker = await app.inject({ url: '/sw.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(worker.headers['content-encoding']).toBeUndefined();
    expect(worker.body).toBe(script);
  });
});
