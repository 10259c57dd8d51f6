// Test helper: the real server (accounts, grading, ledger) on a test database with its ledger key
// in a temp folder, an admin, a trainer and two learners signed in, helpers that play the mini
// course to the end, and the ledger:verify CLI run as a child process.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { LedgerExport } from '../../../src/contracts/report-types.ts';
import { MINI_PASSING } from '../../../src/engine/test-course.ts';
import { login, sessionCookie } from '../../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../../build-server.ts';
import type { TestDatabase, TestDatabaseVariant } from '../../db/test-databases.ts';
import { assessmentLog, miniCoursesDir } from '../../grading/test-support/grading-test-app.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ADMIN_PASSWORD = 'ledger-admin-password-1';

export interface Person {
  readonly username: string;
  /** Cookie and CSRF header: enough for any request as this person. */
  readonly headers: Record<string, string>;
}

export interface LedgerServer {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly keyDir: string;
  readonly admin: Person;
  readonly trainer: Person;
  readonly alice: Person;
  readonly bob: Person;
  /** Plays the mini course to the end as `person` (in two batches); returns the attempt id. */
  finish(person: Person, attemptId?: string): Promise<string>;
  /** Sends only the first half of an attempt: it stays in progress. */
  startOnly(person: Person): Promise<string>;
  /** GET /api/v1/ledger/export as the admin, parsed. */
  exportLedger(): Promise<LedgerExport>;
  publicKeyPem(): Promise<string>;
  close(): Promise<void>;
}

export function putActions(
  app: FastifyInstance,
  person: Person,
  attemptId: string,
  from: number,
  actions: readonly unknown[],
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'PUT',
    url: `/api/v1/attempts/${attemptId}/actions`,
    headers: person.headers,
    payload: { courseId: 'mini', courseVersion: '1.0.0', from, actions },
  });
}

export async function startLedgerServer(variant: TestDatabaseVariant): Promise<LedgerServer> {
  const courses = miniCoursesDir();
  const database = await variant.open();
  const keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-ledger-server-'));
  const app = await buildServer({
    apiOnly: true,
    logger: false,
    database,
    coursesDir: courses.dir,
    ledgerKeyDir: keyDir,
    // Tests finish the mini course many times as one learner: no start, open-attempt or batch limit in the way.
    env: {
      SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SHIXUN_PUBLIC_URL: 'https://shixun.test/',
      SHIXUN_ASSESSMENT_ATTEMPTS: '1000/30',
      SHIXUN_ASSESSMENT_MAX_OPEN: '1000',
      SHIXUN_ACTION_BATCHES: '1000/2000',
      SHIXUN_BATCH_WORK_MS: '100000/1000000',
    },
  });
  await app.ready();

  async function signIn(username: string, password: string): Promise<Person> {
    const response = await login(app, username, password);
    if (response.statusCode !== 200) throw new Error(`Sign-in as ${username} failed: ${response.statusCode} ${response.body}`);
    return { username, headers: { cookie: sessionCookie(response), 'x-shixun-csrf': '1' } };
  }
  const admin = await signIn('admin', ADMIN_PASSWORD);
  async function create(username: string, role: 'learner' | 'trainer'): Promise<Person> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: admin.headers,
      payload: { username, name: `Synthetic ${username}`, role, department: 'Records Office', rank: '科员' },
    });
    if (response.statusCode !== 201) throw new Error(`Creating ${username} failed: ${response.statusCode} ${response.body}`);
    return signIn(username, (response.json() as { password: string }).password);
  }
  const [trainer, alice, bob] = [
    await create('ledger-trainer', 'trainer'),
    await create('ledger-alice', 'learner'),
    await create('ledger-bob', 'learner'),
  ];

  return {
    app,
    database,
    keyDir,
    admin,
    trainer,
    alice,
    bob,
    async finish(person, attemptId = randomUUID()) {
      const log = assessmentLog(MINI_PASSING, attemptId);
      const half = Math.ceil(log.length / 2);
      for (const [from, actions] of [
        [0, log.slice(0, half)],
        [half, log.slice(half)],
      ] as const) {
        const response = await putActions(app, person, attemptId, from, actions);
        if (response.statusCode !== 200) throw new Error(`PUT actions failed: ${response.statusCode} ${response.body}`);
      }
      return attemptId;
    },
    async startOnly(person) {
      const attemptId = randomUUID();
      const log = assessmentLog(MINI_PASSING, attemptId);
      const response = await putActions(app, person, attemptId, 0, log.slice(0, 2));
      if (response.statusCode !== 200) throw new Error(`PUT actions failed: ${response.statusCode} ${response.body}`);
      return attemptId;
    },
    async exportLedger() {
      const response = await app.inject({ method: 'GET', url: '/api/v1/ledger/export', headers: admin.headers });
      if (response.statusCode !== 200) throw new Error(`Export failed: ${response.statusCode} ${response.body}`);
      return response.json() as LedgerExport;
    },
    async publicKeyPem() {
      return (await app.inject({ method: 'GET', url: '/api/v1/ledger/public-key' })).body;
    },
    async close() {
      await app.close();
      await database.dispose();
      courses.remove();
      await rm(keyDir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run ledger:verify -- …args` as a child process (node --import tsx, as npm would run it). */
export function runVerifyCli(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/ledger-verify.ts', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
