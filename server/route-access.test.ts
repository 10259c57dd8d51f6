// Walks the server's whole route table: every route not on the short public list answers 401 to a
// request without credentials (a cookie-less browser, a forged bearer token), every admin route
// answers 403 to a signed-in learner and to a trainer, and every admin route but the few a
// department admin uses for their own department answers 403 to a department admin. A new route
// must either check who is asking or be added to PUBLIC_ROUTES here, on purpose, with a reason;
// a new admin route is for the organisation admin unless added to DEPARTMENT_ADMIN_ROUTES.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, HTTPMethods, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, sessionCookie } from './accounts/test-support/accounts-test-app.ts';
import { buildServer } from './build-server.ts';
import { TEST_DATABASES } from './db/test-databases.ts';
import type { TestDatabase } from './db/test-databases.ts';
import { miniCoursesDir } from './grading/test-support/grading-test-app.ts';

const ADMIN_PASSWORD = 'route-admin-password-1';

/** `METHOD url` → why anyone may call it. */
const PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  'GET /healthz': 'load balancers',
  'POST /api/v1/auth/login': 'signing in',
  'POST /api/v1/auth/logout': 'signing out is harmless without a session',
  'GET /api/v1/auth/me': 'answers who is signed in, or nobody',
  'GET /api/v1/auth/providers': 'the sign-in page lists the single sign-on providers before anyone is signed in',
  'GET /api/v1/auth/oidc/:provider/start': 'starts single sign-on: sends the browser to the provider',
  'GET /api/v1/auth/oidc/:provider/callback': "the provider's answer, checked against the state this browser started",
  'POST /api/v1/auth/oidc/logout': 'signing out is harmless without a session (with one, the CSRF header is required)',
  'POST /api/v1/device/code': 'a headset asks for a code before anyone signs in',
  'POST /api/v1/device/token': 'the headset polls with its secret device code',
  'GET /api/v1/courses': 'the catalog: public views hold no answer keys',
  'GET /api/v1/courses/:id/public': 'the public view of a course',
  'GET /api/v1/ledger/public-key': 'anyone verifies exports with it',
  'GET /api/v1/privacy/notice': 'the notice is shown before anyone acknowledges it',
  'GET /xapi/about': 'xAPI requires it to be open',
  'GET /.well-known/did.json': 'did:web resolves the credential issuer key here',
  'GET /api/v1/credentials/issuer': 'the issuer DID document as a file for offline verification',
  'GET /api/v1/credentials/status/:list': 'verifiers read the revocation bits of credentials',
  'POST /api/v1/credentials/verify': 'the public verify page checks a pasted credential; nothing is stored',
  'POST /api/v1/cmi5/fetch/:fetchId': "a cmi5 AU's one-time fetch URL: its random id is the secret, and it answers a token once",
  'GET /api/v1/cmi5/fetch/:fetchId': 'answers 405: the fetch URL takes POST only',
};

/** Catch-all routes (any method) that only say a resource does not exist. */
const NOT_FOUND_FALLBACKS: ReadonlySet<string> = new Set(['/xapi/*']);

function isPublic(route: Route): boolean {
  return PUBLIC_ROUTES[`${route.method} ${route.url}`] !== undefined || NOT_FOUND_FALLBACKS.has(route.url);
}

/** A JSON body (and its content type) only for methods that carry one. */
function body(method: HTTPMethods): { headers: Record<string, string>; payload?: string } {
  return method === 'GET' || method === 'DELETE'
    ? { headers: {} }
    : { headers: { 'content-type': 'application/json' }, payload: '{}' };
}

/** Routes whose path starts with one of these are for admins only. */
const ADMIN_ONLY = [
  '/api/v1/admin/',
  '/api/v1/policy',
  '/api/v1/reports/',
  '/api/v1/ledger/export',
  '/api/v1/ledger/head',
  '/api/v1/ledger/audit',
];

/**
 * Admin routes a department admin may use, each limited to their own department (the record
 * scopes are tested in server/record-scopes.test.ts and server/credentials/credentials-routes.test.ts):
 * the users, their import and lifecycle, the reports, and the credentials list and revocation.
 * Every other admin route is the organisation admin's only.
 */
const DEPARTMENT_ADMIN_ROUTES = ['/api/v1/admin/users', '/api/v1/reports/', '/api/v1/admin/credentials'];
/** And single admin routes a department admin reads: the training policy (its periods choose a report). */
const DEPARTMENT_ADMIN_READS: ReadonlySet<string> = new Set(['GET /api/v1/policy']);

interface Route {
  readonly method: HTTPMethods;
  readonly url: string;
}

function concrete(url: string): string {
  // Parameters get well-formed values, so a route cannot answer 400 before it checks access.
  return url
    .replace(/:attemptId/g, '3f2b7c1e-5d4a-4b7e-9c1d-2a6f8e9b0c12')
    .replace(/:[A-Za-z]+/g, 'x1')
    .replace(/\*$/, 'x1');
}

describe.each(TEST_DATABASES)('route table access on $name', (variant) => {
  const routes: Route[] = [];
  let database: TestDatabase;
  let app: FastifyInstance;
  let staticDir: string;
  let keyDir: string;
  let courses: { dir: string; remove: () => void };
  let learner: Record<string, string>;
  let trainer: Record<string, string>;
  let departmentAdmin: Record<string, string>;

  beforeAll(async () => {
    if (!variant.available) return;
    staticDir = await mkdtemp(path.join(tmpdir(), 'shixun-routes-'));
    keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-routes-key-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Shixun</title>');
    courses = miniCoursesDir();
    database = await variant.open();
    app = await buildServer({
      apiOnly: true,
      logger: false,
      database,
      coursesDir: courses.dir,
      ledgerKeyDir: keyDir,
      env: { SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, SHIXUN_PUBLIC_URL: 'https://shixun.test/', RETENTION_SWEEP_HOURS: '0' },
      onRoute: (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
      },
    });
    await app.ready();
    const admin = { cookie: sessionCookie(await login(app, 'admin', ADMIN_PASSWORD)), 'x-shixun-csrf': '1' };
    const person = async (username: string, role: string): Promise<Record<string, string>> => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/users',
        headers: admin,
        payload: { username, name: `Route ${role}`, role, department: 'Route Office' },
      });
      expect(created.statusCode).toBe(201);
      const password = created.json<{ password: string }>().password;
      return { cookie: sessionCookie(await login(app, username, password)), 'x-shixun-csrf': '1' };
    };
    learner = await person('route-learner', 'learner');
    trainer = await person('route-trainer', 'trainer');
    departmentAdmin = await person('route-department-admin', 'department-admin');
  }, 60_000);

  afterAll(async () => {
    if (!variant.available) return;
    await app.close();
    await database.dispose();
    courses.remove();
    await rm(staticDir, { recursive: true, force: true });
    await rm(keyDir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)('finds the whole API in the route table, and every public route still exists', () => {
    expect(routes.length).toBeGreaterThan(40);
    const present = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const route of Object.keys(PUBLIC_ROUTES)) expect(present, route).toContain(route);
  });

  it.skipIf(!variant.available)('answers 401 on every protected route without credentials, and with a forged token', async () => {
    const protectedRoutes = routes.filter((r) => !isPublic(r));
    expect(protectedRoutes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const route of protectedRoutes) {
      for (const headers of [{}, { authorization: `Bearer shx_${'A'.repeat(43)}` }]) {
        const { headers: typed, payload } = body(route.method);
        const response = await app.inject({
          method: route.method,
          url: concrete(route.url),
          headers: { ...headers, ...typed, 'x-experience-api-version': '2.0.0' },
          ...(payload === undefined ? {} : { payload }),
        });
        if (response.statusCode !== 401)
          failures.push(`${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  async function statusAs(route: Route, headers: Record<string, string>): Promise<LightMyRequestResponse> {
    const { headers: typed, payload } = body(route.method);
    return app.inject({
      method: route.method,
      url: concrete(route.url),
      headers: { ...headers, ...typed },
      ...(payload === undefined ? {} : { payload }),
    });
  }

  it.skipIf(!variant.available)('answers 403 to a signed-in learner and a trainer on every admin route', async () => {
    const adminRoutes = routes.filter((r) => ADMIN_ONLY.some((prefix) => r.url.startsWith(prefix)));
    expect(adminRoutes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const route of adminRoutes) {
      for (const [who, headers] of [
        ['learner', learner],
        ['trainer', trainer],
      ] as const) {
        const response = await statusAs(route, headers);
        if (response.statusCode !== 403)
          failures.push(`${who}: ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.skipIf(!variant.available)(
    "answers 403 to a department admin on every organisation admin route, and lets them reach their department's",
    async () => {
      const adminRoutes = routes.filter((r) => ADMIN_ONLY.some((prefix) => r.url.startsWith(prefix)));
      const theirs = adminRoutes.filter(
        (r) =>
          DEPARTMENT_ADMIN_ROUTES.some((prefix) => r.url.startsWith(prefix)) ||
          DEPARTMENT_ADMIN_READS.has(`${r.method} ${r.url}`),
      );
      expect(theirs.length).toBeGreaterThan(5);
      const failures: string[] = [];
      for (const route of adminRoutes) {
        const response = await statusAs(route, departmentAdmin);
        const mayUse = theirs.includes(route);
        // Their own routes still answer 400/404/415 to the placeholder requests; never a role refusal.
        const refusedByRole = response.statusCode === 403 && /signed in as a department-admin/.test(response.body);
        if (mayUse ? response.statusCode === 401 || refusedByRole : response.statusCode !== 403)
          failures.push(`${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
      expect(failures).toEqual([]);
    },
  );
});
