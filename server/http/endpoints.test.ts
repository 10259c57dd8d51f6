// The browser's endpoint table (src/contracts/endpoints.ts) against the server's route table: every
// entry names a route the server registers, with that method. A renamed or removed route fails
// here rather than in a browser.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointPath, endpoints } from '../../src/contracts/endpoints.ts';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES, type TestDatabase } from '../db/test-databases.ts';
import { miniCoursesDir } from '../grading/test-support/grading-test-app.ts';

/** `/api/v1/classes/:classId/end` and `/api/v1/classes/:id/end` are one route: parameter names aside. */
const shape = (url: string): string => url.replace(/:[A-Za-z]+/g, ':_');

describe('the endpoint table', () => {
  const registered = new Set<string>();
  let database: TestDatabase;
  let app: FastifyInstance;
  let staticDir: string;
  let keyDir: string;
  let courses: { dir: string; remove: () => void };

  beforeAll(async () => {
    staticDir = await mkdtemp(path.join(tmpdir(), 'shixun-endpoints-'));
    keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-endpoints-key-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Shixun</title>');
    courses = miniCoursesDir();
    // The route table is the same on every database: SQLite is enough.
    const sqlite = TEST_DATABASES.find((variant) => variant.name === 'sqlite');
    if (sqlite === undefined) throw new Error('The SQLite test database is missing.');
    database = await sqlite.open();
    app = await buildServer({
      apiOnly: true,
      logger: false,
      database,
      coursesDir: courses.dir,
      ledgerKeyDir: keyDir,
      env: { SHIXUN_ADMIN_PASSWORD: 'endpoints-admin-password-1', RETENTION_SWEEP_HOURS: '0' },
      onRoute: (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) registered.add(`${method} ${shape(route.url)}`);
      },
    });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await database.dispose();
    courses.remove();
    await rm(staticDir, { recursive: true, force: true });
    await rm(keyDir, { recursive: true, force: true });
  });

  it('names only routes the server registers, each with its method', () => {
    expect(registered.size).toBeGreaterThan(40);
    const missing = Object.entries(endpoints)
      .map(([key, spec]) => [key, `${spec.method} ${shape(spec.path)}`] as const)
      .filter(([, route]) => !registered.has(route));
    expect(missing).toEqual([]);
  });

  it('would notice a route the server does not have', () => {
    expect(registered.has('POST /api/v1/classes/:_/end')).toBe(true);
    expect(registered.has('GET /api/v1/classes/:_/end')).toBe(false);
  });

  it('fills path parameters, encoded, and refuses a call without one', () => {
    expect(endpointPath(endpoints['classes.helpHandled'].path, { classId: 'c 1', userId: 'u/2' })).toBe(
      '/api/v1/classes/c%201/members/u%2F2/help-handled',
    );
    expect(() => endpointPath(endpoints['classes.end'].path, {})).toThrow(/classId/);
  });
});
