// The demo seeding through the real server, on SQLite and PostgreSQL: a small organisation is
// seeded, then the admin's promotion report shows its departments, ranks and every kind of
// standing, a demo learner signs in with the demo password and reads their own backdated results,
// the ledger export verifies against the server's published key and the audit finds nothing amiss.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/course/node/load-courses.ts';
import { loadPolicyFile } from '../../src/policy/node/load-policy.ts';
import type { AttemptView } from '../../src/contracts/attempt-view.ts';
import type { LedgerAudit, PromotionReport } from '../../src/contracts/report-types.ts';
import { hashGeneratedSecret, verifySecret } from '../accounts/secrets.ts';
import { signedIn } from '../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../build-server.ts';
import { databaseConfigFromEnv, openDatabase } from '../db/database.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { CourseCatalog } from '../grading/course-catalog.ts';
import { Ledger } from '../ledger/ledger.ts';
import { verifyLedgerExport } from '../ledger/verify.ts';
import { migrationsFor } from '../migrations.ts';
import { countLearners, runDemo } from './demo-runner.ts';
import { seedDemo } from './seed-demo.ts';
import type { DemoSummary } from './seed-demo.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COURSES = loadCourses(path.join(ROOT, 'courses'), ROOT).courses.map((c) => c.course);
const POLICY = loadPolicyFile(
  path.join(ROOT, 'config', 'training-policy.yaml'),
  COURSES.map((c) => c.id),
  ROOT,
);
const HOME_PAGE = 'https://shixun.test/';
const ADMIN_PASSWORD = 'demo-admin-password-1';
const DEMO_PASSWORD = 'demo-learner-password-1';

describe.each(TEST_DATABASES)('demo seeding on $name', (variant) => {
  let database: TestDatabase;
  let dir: string;
  let app: FastifyInstance;
  let summary: DemoSummary;
  let admin: Record<string, string>;

  beforeAll(async () => {
    if (!variant.available) return;
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-demo-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Shixun</title>');
    const keyDir = path.join(dir, 'ledger');
    database = await variant.open();
    summary = await seedDemo(database, {
      courses: COURSES,
      policy: POLICY,
      passwordHash: await hashGeneratedSecret(DEMO_PASSWORD),
      homePage: HOME_PAGE,
      openLedger: (now) => Ledger.open(database, { keyDir, now }),
      learners: 24,
      trainers: 1,
    });
    app = await buildServer({
      staticDir: dir,
      logger: false,
      database,
      ledgerKeyDir: keyDir,
      env: { SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, SHIXUN_PUBLIC_URL: HOME_PAGE },
    });
    await app.ready();
    admin = await signedIn(app, 'admin', ADMIN_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    if (!variant.available) return;
    await app?.close();
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!variant.available)('seeds the people, attempts and statements it reports', async () => {
    expect(summary.learners).toBe(24);
    expect(summary.trainers).toBe(1);
    expect(await countLearners(database)).toBe(24);
    const attempts = await database.db
      .selectFrom('attempts')
      .select(['status', 'started', 'finished', 'statement_seed'])
      .execute();
    expect(attempts).toHaveLength(summary.attempts);
    expect(attempts.every((a) => a.status === 'finished')).toBe(true);
    const statements = await database.db
      .selectFrom('xapi_statements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(statements.n)).toBe(summary.statements);
    expect(summary.statements).toBeGreaterThan(20 * summary.attempts);
    // Backdated: attempts and their statements carry the times they were made, in 2025 and 2026.
    const finished = attempts.map((a) => a.finished!).sort();
    expect(finished[0]! < '2026-01-01').toBe(true);
    expect(finished.at(-1)! < '2026-11-21').toBe(true);
    const stored = await database.db
      .selectFrom('xapi_statements')
      .select((eb) => eb.fn.max('stored').as('last'))
      .executeTakeFirstOrThrow();
    expect(String(stored.last) < '2026-11-21').toBe(true);
    expect(summary.retakes).toBeGreaterThan(0);
  });

  it.skipIf(!variant.available)('gives a report with several departments and ranks and every kind of standing', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/reports/promotion?period=2026', headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json() as PromotionReport;
    const demo = report.learners.filter((l) => /^E2026\d{4}$/.test(l.username));
    expect(demo).toHaveLength(25);
    expect(new Set(demo.map((l) => l.department)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(demo.map((l) => l.rank)).size).toBeGreaterThanOrEqual(4);
    const kinds = new Set(demo.flatMap((l) => l.standing.statuses.map((s) => s.kind)));
    expect([...kinds].sort()).toEqual(['below-minimum-score', 'meets', 'missing-course', 'short-hours']);
    expect(report.summary.meets).toBeGreaterThan(0);
    expect(report.summary.short).toBeGreaterThan(0);
    // Retakes and competency profiles come through as well.
    expect(demo.some((l) => l.standing.courses.some((c) => c.attempts >= 2))).toBe(true);
    expect(demo.some((l) => l.competency.length > 0)).toBe(true);
    expect(report.ledgerHead.seq).toBe(summary.ledgerHead!.seq);
  });

  it.skipIf(!variant.available)('lets a demo learner sign in with the demo password and read their own results', async () => {
    const learner = await signedIn(app, summary.exampleUsername, DEMO_PASSWORD);
    const response = await app.inject({ method: 'GET', url: '/api/v1/results', headers: learner });
    expect(response.statusCode, response.body).toBe(200);
    const { results } = response.json() as { results: AttemptView[] };
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.username).toBe(summary.exampleUsername);
      expect(result.official).not.toBeNull();
      expect(result.steps.length).toBeGreaterThan(0);
    }
  });

  it.skipIf(!variant.available)('writes a ledger whose export verifies and whose audit is clean', async () => {
    expect(summary.ledgerHead!.seq).toBe(summary.attempts);
    const key = await app.inject({ method: 'GET', url: '/api/v1/ledger/public-key' });
    expect(key.statusCode).toBe(200);
    const exported = await app.inject({ method: 'GET', url: '/api/v1/ledger/export', headers: admin });
    expect(exported.statusCode, exported.body.slice(0, 300)).toBe(200);
    const outcome = verifyLedgerExport(JSON.parse(exported.body), { publicKeyPem: key.body });
    expect(outcome).toMatchObject({ ok: true, entries: summary.attempts });
    const audit = await app.inject({ method: 'GET', url: '/api/v1/ledger/audit', headers: admin });
    expect(audit.statusCode, audit.body.slice(0, 300)).toBe(200);
    expect(audit.json() as LedgerAudit).toMatchObject({
      ok: true,
      attempts: summary.attempts,
      mismatches: [],
      missingFromLedger: [],
    });
  });

  it.skipIf(!variant.available)('refuses to seed the same demo twice into one database', async () => {
    await expect(
      seedDemo(database, { courses: COURSES, policy: POLICY, passwordHash: 'x', homePage: HOME_PAGE, learners: 24, trainers: 1 }),
    ).rejects.toThrow(/already exist/);
  });
});

describe('npm run demo (SQLite under DATA_DIR)', () => {
  it('seeds an empty database once, then leaves it alone unless forced', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shixun-demo-run-'));
    const lines: string[] = [];
    const env = { DATA_DIR: dataDir, SHIXUN_DEMO_PASSWORD: DEMO_PASSWORD, SHIXUN_PUBLIC_URL: HOME_PAGE };
    try {
      const first = await runDemo({
        env,
        migrations: migrationsFor,
        courses: CourseCatalog.load(path.join(ROOT, 'courses')),
        learners: 12,
        log: (line) => lines.push(line),
      });
      expect(first.seeded).toBe(true);
      const text = lines.join('\n');
      expect(text).toContain(`admin / ${DEMO_PASSWORD}`);
      expect(text).toMatch(/12 learners and 4 trainers in \d+ departments/);
      expect(text).toMatch(/ledger head: entry \d+, [0-9a-f]{64}/);
      expect(
        await runDemo({
          env,
          migrations: migrationsFor,
          courses: CourseCatalog.load(path.join(ROOT, 'courses')),
          learners: 12,
          log: () => undefined,
        }),
      ).toEqual({ seeded: false, learners: 12 });
      await expect(
        runDemo({
          env,
          migrations: migrationsFor,
          courses: CourseCatalog.load(path.join(ROOT, 'courses')),
          learners: 12,
          force: true,
          log: () => undefined,
        }),
      ).rejects.toThrow(/already exist/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('honours SHIXUN_ADMIN_PASSWORD on a demo first start: the admin signs in with it, not the demo password', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shixun-demo-admin-'));
    const lines: string[] = [];
    const adminPassword = 'operator-chosen-admin-9';
    const env = { DATA_DIR: dataDir, SHIXUN_DEMO_PASSWORD: DEMO_PASSWORD, SHIXUN_ADMIN_PASSWORD: adminPassword };
    try {
      const result = await runDemo({
        env,
        migrations: migrationsFor,
        courses: CourseCatalog.load(path.join(ROOT, 'courses')),
        learners: 6,
        log: (line) => lines.push(line),
      });
      expect(result.seeded).toBe(true);
      const text = lines.join('\n');
      expect(text).toContain('admin:    admin / the password in SHIXUN_ADMIN_PASSWORD');
      expect(text).not.toContain(`admin / ${DEMO_PASSWORD}`);
      const database = await openDatabase(databaseConfigFromEnv(env), migrationsFor);
      try {
        const admin = await database.db
          .selectFrom('users')
          .select('password_hash')
          .where('username', '=', 'admin')
          .executeTakeFirstOrThrow();
        expect(await verifySecret(adminPassword, admin.password_hash)).toBe(true);
        expect(await verifySecret(DEMO_PASSWORD, admin.password_hash)).toBe(false);
      } finally {
        await database.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
