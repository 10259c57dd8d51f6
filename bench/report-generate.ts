// The promotion-report bench's data: 10,000 learners of the demo's synthetic organisation and
// their graded attempts (the demo's generator and the real grader) with every official statement
// and ledger entry, until the database holds 1,000,000 statements. Rows go in through the demo's
// seeding functions in large transactions, streamed, so memory stays flat.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCourses } from '../src/course/node/load-courses.ts';
import { loadPolicyFile } from '../src/policy/node/load-policy.ts';
import { hashGeneratedSecret } from '../server/accounts/secrets.ts';
import type { Database } from '../server/db/database.ts';
import { writeTransaction } from '../server/db/write-transaction.ts';
import { resultEntryPayload } from '../server/grading/result-payload.ts';
import { buildOrganisation } from '../server/demo/organisation.ts';
import { Random } from '../server/demo/random.ts';
import { DEMO_CALENDAR, planResults } from '../server/demo/results-plan.ts';
import type { DemoAttempt, DemoCalendar } from '../server/demo/results-plan.ts';
import { createUsers, storeAttempt } from '../server/demo/seed-demo.ts';
import { Ledger } from '../server/ledger/ledger.ts';
import { StatementStore } from '../server/xapi/statement-store.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bump when the generated data changes, so cached databases are made again. */
export const REPORT_BENCH_VERSION = 1;
export const BENCH_LEARNERS = 10_000;
export const BENCH_TRAINERS = 20;
export const BENCH_STATEMENTS = 1_000_000;
export const BENCH_HOME_PAGE = 'http://localhost:8080/';

/** The year before the demo's: a second round of training for the statement count. */
const EARLIER_CALENDAR: DemoCalendar = {
  year: [Date.UTC(2025, 0, 12), Date.UTC(2025, 11, 19)],
  previous: [Date.UTC(2024, 8, 1), Date.UTC(2024, 11, 19)],
};

const ATTEMPTS_PER_TRANSACTION = 250;

export interface GeneratedCounts {
  readonly learners: number;
  readonly trainers: number;
  readonly attempts: number;
  readonly statements: number;
  readonly ledgerEntries: number;
  readonly seconds: number;
}

/** The bench's size; smaller ones are for trying the bench itself (`--learners`, `--statements`). */
export interface BenchSize {
  readonly learners: number;
  readonly statements: number;
}
export const BENCH_SIZE: BenchSize = { learners: BENCH_LEARNERS, statements: BENCH_STATEMENTS };

export async function generateReportData(
  database: Database,
  keyDir: string,
  log: (message: string) => void,
  size: BenchSize = BENCH_SIZE,
): Promise<GeneratedCounts> {
  const started = Date.now();
  const courses = loadCourses(path.join(ROOT, 'courses'), ROOT).courses.map((c) => c.course);
  const policy = loadPolicyFile(
    path.join(ROOT, 'config', 'training-policy.yaml'),
    courses.map((c) => c.id),
    ROOT,
  );
  const random = new Random(`shixun-report-bench-v${REPORT_BENCH_VERSION}`);
  const people = buildOrganisation(random.fork('organisation'), { learners: size.learners, trainers: BENCH_TRAINERS });
  const users = await createUsers(database, people, await hashGeneratedSecret(randomUUID()));
  log(`${people.length} accounts created`);

  let recordedAt = new Date(0);
  const ledger = await Ledger.open(database, { keyDir, now: () => recordedAt });
  const context = { statements: new StatementStore(database), homePage: BENCH_HOME_PAGE };
  let attempts = 0;
  let statements = 0;
  let ledgerEntries = 0;
  let pending: DemoAttempt[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    // Counted once committed: PostgreSQL may run a transaction's work again after a conflict.
    statements += await writeTransaction(database, async (trx) => {
      let count = 0;
      for (const attempt of batch) {
        const stored = await storeAttempt(trx, context, users.get(attempt.employeeId)!, attempt, randomUUID());
        recordedAt = new Date(attempt.finished);
        await ledger.appendWithin(trx, 'result', resultEntryPayload(stored.row));
        count += stored.statements;
      }
      return count;
    });
    ledgerEntries += batch.length;
    attempts += batch.length;
    if (Math.floor(attempts / 5000) !== Math.floor((attempts - batch.length) / 5000))
      log(`${attempts} attempts, ${statements} statements`);
  };

  const coursesById = new Map(courses.map((c) => [c.id, c] as const));
  // Rounds of training years over everyone, until the statements reach the target.
  const rounds: readonly [string, DemoCalendar][] = [
    ['2026', DEMO_CALENDAR],
    ['2025', EARLIER_CALENDAR],
  ];
  for (const [label, calendar] of rounds) {
    for (const person of people) {
      if (statements >= size.statements) break;
      pending.push(
        ...planResults(person, { courses: coursesById, policy, calendar }, random.fork(`${label}:${person.employeeId}`)),
      );
      if (pending.length >= ATTEMPTS_PER_TRANSACTION) await flush();
    }
  }
  if (pending.length > 0) await flush();
  return {
    learners: size.learners,
    trainers: BENCH_TRAINERS,
    attempts,
    statements,
    ledgerEntries,
    seconds: (Date.now() - started) / 1000,
  };
}
