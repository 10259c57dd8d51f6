// Test helper: the grading plugin beside the xAPI plugin on a fresh database, with a user
// resolver that reads the `x-test-user` header (no accounts plugin needed), a courses folder
// holding the mini course, and helpers that play it as an assessment.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest, LightMyRequestResponse } from 'fastify';
import type { Course } from '../../../src/course/schema.ts';
import type { AttemptAction } from '../../../src/engine/attempt-actions.ts';
import { createAttemptStore } from '../../../src/engine/attempt-store.ts';
import type { StepResponse } from '../../../src/engine/responses.ts';
import { loadMiniCourse, playResponses } from '../../../src/engine/test-course.ts';
import type { RecordScope } from '../../accounts/record-scope.ts';
import type { SessionUser, UserResolver } from '../../accounts/session-user.ts';
import type { Database } from '../../db/database.ts';
import type { TestDatabase, TestDatabaseVariant } from '../../db/test-databases.ts';
import { xapiPlugin } from '../../xapi/plugin.ts';
import { WriteClock } from '../../xapi/write-clock.ts';
import { DEFAULT_ASSESSMENT_POLICY, type AssessmentPolicy } from '../assessment-policy.ts';
import { CourseCatalog } from '../course-catalog.ts';
import { gradingPlugin } from '../plugin.ts';
import type { GradingPluginOptions } from '../plugin.ts';

export const HOME_PAGE = 'https://shixun.test/';
export const XAPI_CREDENTIAL = { key: 'test-all', secret: 'secret-all-0123456789' } as const;

function user(username: string, role: SessionUser['role']): SessionUser {
  return { id: randomUUID(), username, name: `${username} name`, role, employeeId: null, department: null, rank: null };
}

/** The people of the tests, by the username the `x-test-user` header names. */
export const USERS = {
  learnerA: user('learner-a', 'learner'),
  learnerB: user('learner-b', 'learner'),
  trainer: user('trainer-1', 'trainer'),
  admin: user('admin-1', 'admin'),
  /** A learner an admin granted twice the time on timed steps. */
  learnerExtra: { ...user('learner-extra', 'learner'), extraTime: 2 },
} as const;

/** Resolves `x-test-user: <username>` to one of USERS; anything else is nobody. */
export const headerUser: UserResolver = async (request: FastifyRequest) => {
  const name = request.headers['x-test-user'];
  return Object.values(USERS).find((candidate) => candidate.username === name);
};

/**
 * Whose records the test people read: their own; the trainer those of both learners (as if
 * both were in the trainer's class); the admin everyone's. The scopes themselves are tested with
 * real users and classes in server/record-scopes.test.ts.
 */
export const testRecordScope: RecordScope = {
  mayRead: async (reader, owner) => {
    const ownerUser = Object.values(USERS).find((candidate) =>
      'id' in owner ? candidate.id === owner.id : candidate.username === owner.username,
    );
    if (ownerUser?.username === reader.username || reader.role === 'admin') return true;
    return reader.role === 'trainer' && ownerUser?.role === 'learner';
  },
};

const MINI_FIXTURE = new URL('../../../src/course/fixtures/mini-course.yaml', import.meta.url);

/** A courses folder holding the mini course (optionally at another version); remove it when done. */
export function miniCoursesDir(version?: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'shixun-courses-'));
  mkdirSync(path.join(dir, 'mini'));
  let text = readFileSync(MINI_FIXTURE, 'utf8');
  if (version !== undefined) text = text.replace(/^version: .*$/m, `version: ${version}`);
  writeFileSync(path.join(dir, 'mini', 'course.yaml'), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface GradingTestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The default policy, but with starts, open attempts and batches enough for suites that play many
 * attempts as one learner; the tests of the limits pass their own.
 */
export const ROOMY_POLICY: AssessmentPolicy = {
  ...DEFAULT_ASSESSMENT_POLICY,
  assessmentAttempts: { max: 1_000, periodDays: 30 },
  maxOpenAttempts: 1_000,
  actionBatches: { perSecond: 10_000, burst: 10_000 },
  batchWork: { msPerSecond: 1_000_000, burstMs: 1_000_000 },
};

/** Builds an app with both plugins on `database` (which the caller disposes), grading the courses under `coursesDir`. */
export async function buildGradingApp(
  database: Database,
  { coursesDir, ...options }: Partial<GradingPluginOptions> & { coursesDir: string },
): Promise<FastifyInstance> {
  const catalog = CourseCatalog.load(coursesDir);
  const clock = new WriteClock();
  const app = Fastify({ logger: false });
  await app.register(xapiPlugin, {
    prefix: '/xapi',
    database,
    seedCredential: XAPI_CREDENTIAL,
    authorityHomePage: HOME_PAGE,
    clock,
  });
  await app.register(gradingPlugin, {
    prefix: '/api/v1',
    database,
    currentUser: headerUser,
    recordScope: testRecordScope,
    homePage: HOME_PAGE,
    clock,
    catalog,
    policy: ROOMY_POLICY,
    ...options,
  });
  try {
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

export async function startGradingApp(
  variant: TestDatabaseVariant,
  options: Partial<GradingPluginOptions> = {},
): Promise<GradingTestApp> {
  const courses = miniCoursesDir();
  const database = await variant.open();
  const app = await buildGradingApp(database, { coursesDir: courses.dir, ...options });
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.dispose();
      courses.remove();
    },
  };
}

/** The action log of playing `responses` on the mini course as an assessment, with steady clock ticks. */
export function assessmentLog(responses: readonly StepResponse[], attemptId: string = randomUUID()): AttemptAction[] {
  let now = Date.UTC(2026, 4, 6, 1, 0, 0);
  const course = miniCourse();
  const store = createAttemptStore({ course, now: () => (now += 5_000), newId: () => attemptId });
  store.getState().actions.start('assessment');
  playResponses(store, responses);
  return [...store.getState().log];
}

let mini: Course | undefined;
export function miniCourse(): Course {
  mini ??= loadMiniCourse();
  return mini;
}

export interface PutOptions {
  /** Who sends it: learner A by default, nobody with `null`. */
  readonly as?: SessionUser | null;
  readonly from: number;
  readonly courseVersion?: string;
  readonly courseId?: string;
}

export function putActions(
  app: FastifyInstance,
  attemptId: string,
  actions: readonly unknown[],
  options: PutOptions,
): Promise<LightMyRequestResponse> {
  const as = options.as === undefined ? USERS.learnerA : options.as;
  return app.inject({
    method: 'PUT',
    url: `/api/v1/attempts/${attemptId}/actions`,
    headers: { 'content-type': 'application/json', ...(as === null ? {} : { 'x-test-user': as.username }) },
    payload: JSON.stringify({
      courseId: options.courseId ?? 'mini',
      courseVersion: options.courseVersion ?? '1.0.0',
      from: options.from,
      actions,
    }),
  });
}

/** POST /api/v1/courses/:id/attempt-ticket as a user (learner A by default), or as nobody with `null`. */
export function askTicket(
  app: FastifyInstance,
  courseId = 'mini',
  as: SessionUser | null = USERS.learnerA,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/api/v1/courses/${courseId}/attempt-ticket`,
    headers: as === null ? {} : { 'x-test-user': as.username },
  });
}

/** The attempt id the server issues `as` (learner A by default) for the next assessment of the course. */
export async function ticketId(app: FastifyInstance, courseId = 'mini', as: SessionUser = USERS.learnerA): Promise<string> {
  const res = await askTicket(app, courseId, as);
  if (res.statusCode !== 200) throw new Error(`no attempt ticket for ${courseId}: ${res.statusCode} ${res.body}`);
  return res.json<{ attemptId: string }>().attemptId;
}

/** GET as a user (learner A by default), or as nobody with `null`. */
export function getAs(
  app: FastifyInstance,
  url: string,
  as: SessionUser | null = USERS.learnerA,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: as === null ? {} : { 'x-test-user': as.username } });
}

/** Number of stored statements whose registration is the attempt. */
export async function statementCount(database: Database, attemptId: string): Promise<number> {
  const row = await database.db
    .selectFrom('xapi_statements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registration', '=', attemptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
