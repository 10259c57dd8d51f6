// Test helper for the reports suites: the real server (buildServer, API only) over two small
// courses (the mini course as `mini`, 1 hour, and a copy as `mini-b`, 2 hours), a test policy for
// the current year with two versions, a throwaway Ed25519 key that signs report heads, and helpers
// that create accounts through the admin API, grade assessments through the grader, and insert
// attempt rows shaped exactly like the grader's (copied from a graded one) for volume and dates.
import { createHash, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import type { StepResponse } from '../../../src/engine/responses.ts';
import type { AttemptView } from '../../../src/contracts/attempt-view.ts';
import type { UserRole } from '../../../src/contracts/user-types.ts';
import type { SignedLedgerHead } from '../../../src/contracts/report-types.ts';
import { login, sessionCookie } from '../../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../../build-server.ts';
import type { ExerciseOutcomeInput, ExerciseRecordResult } from '../../exercise-records/record-outcome.ts';
import type { AttemptsTable } from '../../grading/tables.ts';
import type { TestDatabase, TestDatabaseVariant } from '../../db/test-databases.ts';
import { attemptResultOf } from '../../grading/attempt-rows.ts';
import { assessmentLog } from '../../grading/test-support/grading-test-app.ts';
import { checkpointSignatureValid, signCheckpoint } from '../../ledger/chain.ts';

export const ADMIN_PASSWORD = 'reports-admin-password-1';
export const PASSWORD = 'reports-learner-pass-1';

/** The report year: the current year in Beijing, so results graded now fall inside it. */
export const YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

/** Two versions: "T.2" (current: best retake, stricter) and "T.1" in history (latest retake). */
export function testPolicyYaml(year: number = YEAR): string {
  const periods = `
periods:
  - id: "${year}"
    label: { zh-CN: ${year} 年度, en: "Year ${year}" }
    start: "${year}-01-01"
    end: "${year}-12-31"
  - id: "${year + 1}"
    label: { zh-CN: ${year + 1} 年度, en: "Year ${year + 1}" }
    start: "${year + 1}-01-01"
    end: "${year + 1}-12-31"
ranks:
  - { name: 科员, label: { zh-CN: 科员, en: Staff member } }
  - { name: 处长, label: { zh-CN: 处长, en: Division director } }`;
  const indent = (text: string) => text.replace(/\n/g, '\n    ');
  return `# Test policy (synthetic).
version: "T.2"
adopted: "${year}-03-01"
note: { zh-CN: 第二版, en: Second version }
utcOffset: "+08:00"${periods}
departments:
  - { name: 大数据局, label: { zh-CN: 大数据局, en: Big Data Bureau } }
creditHoursByRank:
  default: 2
  byRank: { 处长: 3 }
requiredCourses:
  - label: { zh-CN: 全员必修迷你课, en: "Everyone: mini" }
    courses: [mini]
  - label: { zh-CN: 大数据局必修 B 课, en: "Big Data Bureau: mini-b" }
    courses: [mini-b]
    departments: [大数据局]
  - label: { zh-CN: 培训师全部课程, en: "Trainers: every course" }
    courses: [mini, mini-b]
    roles: [trainer]
minimumScore:
  default: 0.6
  byCourse: { mini: 0.8 }
retakes: best
history:
  - version: "T.1"
    adopted: "${year}-01-01"
    utcOffset: "+08:00"${indent(periods)}
    creditHoursByRank: { default: 1 }
    requiredCourses:
      - label: { zh-CN: 全员必修迷你课, en: "Everyone: mini" }
        courses: [mini]
    minimumScore: { default: 0.6 }
    retakes: latest
`;
}

const MINI_FIXTURE = new URL('../../../src/course/fixtures/mini-course.yaml', import.meta.url);

/** `mini` (1 credit hour) and `mini-b` (the same course, 2 hours, its own title). */
function writeCourses(root: string): string {
  const dir = path.join(root, 'courses');
  const text = readFileSync(MINI_FIXTURE, 'utf8');
  mkdirSync(path.join(dir, 'mini'), { recursive: true });
  writeFileSync(path.join(dir, 'mini', 'course.yaml'), text);
  mkdirSync(path.join(dir, 'mini-b'), { recursive: true });
  const b = text
    .replace(/^id: mini$/m, 'id: mini-b')
    .replace(/^creditHours: 1$/m, 'creditHours: 2')
    .replace(/^title: .*$/m, 'title: { zh-CN: 迷你课程乙, en: Mini course B }');
  writeFileSync(path.join(dir, 'mini-b', 'course.yaml'), b);
  // The joint exercises, whose finished sessions the recorder takes.
  cpSync(new URL('../../../courses/joint-exercises', import.meta.url), path.join(dir, 'joint-exercises'), { recursive: true });
  return dir;
}

/** Signs heads like the ledger does, with a key made for the test. */
export interface TestSigner {
  readonly publicKey: KeyObject;
  readonly keyId: string;
  /** The head the report will carry: seq grows on each call so tests can tell calls apart. */
  signedHead(): Promise<SignedLedgerHead>;
  verify(head: SignedLedgerHead): boolean;
}

export function throwawaySigner(): TestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  let seq = 0;
  return {
    publicKey,
    keyId,
    async signedHead() {
      seq += 1;
      const hash = createHash('sha256').update(`entry ${seq}`).digest('hex');
      return signCheckpoint(privateKey, keyId, {
        origin: 'test.shixun/ledger',
        seq,
        root: hash,
        hash,
        signedAt: new Date().toISOString(),
      });
    },
    verify(head) {
      return checkpointSignatureValid(createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), head);
    },
  };
}

export interface ReportsTestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly signer: TestSigner;
  /** Cookie and CSRF header of the signed-in admin. */
  readonly admin: Record<string, string>;
  /** The server's recorder of finished joint-exercise sessions (server/exercise-records). */
  readonly recordExercise: (input: ExerciseOutcomeInput) => Promise<ExerciseRecordResult>;
  close(): Promise<void>;
}

export async function startReportsApp(
  variant: TestDatabaseVariant,
  policyYaml: string = testPolicyYaml(),
): Promise<ReportsTestApp> {
  const root = mkdtempSync(path.join(tmpdir(), 'shixun-reports-'));
  const coursesDir = writeCourses(root);
  const policyFile = path.join(root, 'training-policy.yaml');
  writeFileSync(policyFile, policyYaml);
  const database = await variant.open();
  const signer = throwawaySigner();
  let recordExercise: ReportsTestApp['recordExercise'] | undefined;
  const app = await buildServer({
    apiOnly: true,
    logger: false,
    database,
    coursesDir,
    policyFile,
    signedHead: () => signer.signedHead(),
    ledgerKeyDir: path.join(root, 'ledger'),
    onExerciseRecorder: (record) => {
      recordExercise = record;
    },
    env: { SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, SHIXUN_PUBLIC_URL: 'https://shixun.test/' },
  });
  await app.ready();
  const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  if (recordExercise === undefined) throw new Error('the server gave no exercise recorder');
  return {
    app,
    database,
    signer,
    admin,
    recordExercise,
    async close() {
      await app.close();
      await database.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Record<string, string>> {
  const response = await login(app, username, password);
  if (response.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${response.statusCode} ${response.body}`);
  return { cookie: sessionCookie(response), 'x-shixun-csrf': '1' };
}

export interface NewAccount {
  readonly username: string;
  readonly name: string;
  readonly role?: UserRole;
  readonly department?: string;
  readonly rank?: string;
}

/** Creates the account through the admin API (employee id = username) and signs it in. */
export async function createAccount(t: ReportsTestApp, account: NewAccount): Promise<Record<string, string>> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/users',
    headers: t.admin,
    payload: { ...account, employeeId: account.username, password: PASSWORD },
  });
  if (response.statusCode !== 201)
    throw new Error(`creating ${account.username} failed: ${response.statusCode} ${response.body}`);
  return signIn(t.app, account.username, PASSWORD);
}

/** Plays `responses` on the mini course (or mini-b) as an assessment and sends it to the grader. */
export async function gradeAssessment(
  t: ReportsTestApp,
  headers: Record<string, string>,
  responses: readonly StepResponse[],
  courseId = 'mini',
): Promise<AttemptView> {
  const attemptId = randomUUID();
  const actions = assessmentLog(responses, attemptId);
  const response = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/attempts/${attemptId}/actions`,
    headers,
    payload: { courseId, courseVersion: '1.0.0', from: 0, actions },
  });
  if (response.statusCode !== 200) throw new Error(`grading failed: ${response.statusCode} ${response.body}`);
  const view = response.json<AttemptView>();
  if (view.official === null) throw new Error('the assessment did not finish');
  return view;
}

export type AttemptRow = Selectable<AttemptsTable>;

export async function attemptRow(database: TestDatabase, attemptId: string): Promise<AttemptRow> {
  return database.db.selectFrom('attempts').selectAll().where('attempt_id', '=', attemptId).executeTakeFirstOrThrow();
}

export interface InsertedAttempt {
  readonly username: string;
  readonly courseId: string;
  /** ISO 8601 with any offset; stored as the grader stores it (UTC, toISOString). */
  readonly finished: string;
  readonly scaled: number;
  readonly passed: boolean;
  /** Step scores to store instead of the template's (same order as the template's steps). */
  readonly stepScores?: readonly number[];
  /** Dimension totals instead of the template's. */
  readonly dimensions?: readonly { readonly dimensionId: string; readonly score: number; readonly max: number }[];
}

/** Inserts a finished attempt copied from a graded one, with its own owner, course, time and score. */
export async function insertAttempt(database: TestDatabase, template: AttemptRow, attempt: InsertedAttempt): Promise<string> {
  const user = await database.db
    .selectFrom('users')
    .select(['id', 'department', 'rank'])
    .where('username', '=', attempt.username)
    .executeTakeFirstOrThrow();
  const result = JSON.parse(template.result) as { steps: { result: { score: number; max: number } }[]; dimensions: unknown };
  if (attempt.stepScores !== undefined) {
    result.steps = result.steps.map((step, i) => ({
      ...step,
      result: { ...step.result, score: attempt.stepScores?.[i] ?? step.result.score },
    }));
  }
  if (attempt.dimensions !== undefined) result.dimensions = attempt.dimensions;
  const max = Number(template.max);
  const finished = new Date(attempt.finished).toISOString();
  const attemptId = randomUUID();
  const row: AttemptRow = {
    ...template,
    attempt_id: attemptId,
    user_id: user.id,
    username: attempt.username,
    course_id: attempt.courseId,
    statement_seed: randomUUID(),
    score: attempt.scaled * max,
    scaled: attempt.scaled,
    passed: attempt.passed ? 1 : 0,
    result: JSON.stringify(result),
    started: finished,
    updated: finished,
    finished,
    // As the grader records them: the owner's department and rank now.
    department: user.department,
    rank: user.rank,
  };
  await database.db.insertInto('attempts').values(row).execute();
  // As the grader does when an attempt finishes: the narrow row reports read.
  const narrow = attemptResultOf(row);
  if (narrow !== undefined) await database.db.insertInto('attempt_results').values(narrow).execute();
  return attemptId;
}
