// Seeds a database with the demo organisation and its training year. Users go in through the
// accounts' UserStore; each attempt goes in the way the grader stores it (the same row functions,
// the official statements through the StatementStore, the ledger's `result` entry) but with the
// past times the attempt was made at, which the HTTP API (server time) cannot give.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Course } from '../../src/course/schema.ts';
import type { Policy } from '../../src/policy/schema.ts';
import type { LedgerEntry } from '../../src/contracts/report-types.ts';
import { UserStore } from '../accounts/user-store.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { appendToAttempt, insertEmptyAttempt } from '../grading/attempt-rows.ts';
import type { AttemptRow } from '../grading/attempt-view.ts';
import { officialStatements } from '../grading/official-statements.ts';
import type { LedgerPayload } from '../ledger/ledger.ts';
import { StatementStore } from '../xapi/statement-store.ts';
import { resultEntryPayload } from '../grading/result-payload.ts';
import { buildOrganisation, DEMO_RANKS } from './organisation.ts';
import type { DemoPerson } from './organisation.ts';
import { Random } from './random.ts';
import { DEMO_CALENDAR, planResults } from './results-plan.ts';
import type { DemoAttempt, DemoCalendar } from './results-plan.ts';

export const DEFAULT_DEMO_SEED = 'shixun-demo-2026';
export const DEFAULT_DEMO_LEARNERS = 240;
export const DEFAULT_DEMO_TRAINERS = 4;

/** What the seeder needs of the ledger: Ledger.appendWithin (server/ledger/ledger.ts). */
export interface LedgerAppender {
  appendWithin(trx: Kysely<DatabaseSchema>, kind: 'result', payload: LedgerPayload): Promise<LedgerEntry>;
}

export interface DemoSeedOptions {
  readonly courses: readonly Course[];
  /** The policy in force: which courses each person must take, the minimum scores. */
  readonly policy: Policy;
  /** scrypt hash of the one demo password (server/accounts/secrets.ts hashSecret), shared by every demo account. */
  readonly passwordHash: string;
  /** The server's public URL (SHIXUN_PUBLIC_URL): names the accounts in statements. */
  readonly homePage: string;
  /**
   * Opens the ledger with the given clock (Ledger.open's `now`), so each entry is recorded at the
   * time its attempt finished. Without it no ledger entries are written (tests of the data only).
   */
  readonly openLedger?: (now: () => Date) => Promise<LedgerAppender>;
  readonly seed?: string;
  readonly learners?: number;
  readonly trainers?: number;
  readonly calendar?: DemoCalendar;
  /** Attempts per write transaction. */
  readonly batchSize?: number;
}

export interface DemoSummary {
  readonly learners: number;
  readonly trainers: number;
  readonly departments: readonly string[];
  readonly ranks: readonly string[];
  readonly attempts: number;
  readonly retakes: number;
  readonly statements: number;
  /** The ledger's last entry after seeding; null without a ledger. */
  readonly ledgerHead: { readonly seq: number; readonly hash: string } | null;
  /** The first demo account's username, to print as an example. */
  readonly exampleUsername: string;
}

/** The demo's people and their graded attempts, oldest first (pure: no database). */
export function generateDemo(
  options: Pick<DemoSeedOptions, 'courses' | 'policy' | 'seed' | 'learners' | 'trainers' | 'calendar'>,
): { people: DemoPerson[]; attempts: DemoAttempt[] } {
  const random = new Random(options.seed ?? DEFAULT_DEMO_SEED);
  const people = buildOrganisation(random.fork('organisation'), {
    learners: options.learners ?? DEFAULT_DEMO_LEARNERS,
    trainers: options.trainers ?? DEFAULT_DEMO_TRAINERS,
  });
  const context = {
    courses: new Map(options.courses.map((c) => [c.id, c] as const)),
    policy: options.policy,
    calendar: options.calendar ?? DEMO_CALENDAR,
  };
  const attempts = people.flatMap((person) => planResults(person, context, random.fork(`results:${person.employeeId}`)));
  // In the order they finished, so the ledger's order is the order of events.
  attempts.sort((a, b) => a.finished.localeCompare(b.finished) || a.attemptId.localeCompare(b.attemptId));
  return { people, attempts };
}

/** Usernames of the demo that already exist: seeding twice into one database is refused. */
export async function takenDemoUsernames(db: Kysely<DatabaseSchema>, people: readonly DemoPerson[]): Promise<string[]> {
  const taken: string[] = [];
  const ids = people.map((p) => p.employeeId);
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom('users')
      .select('username')
      .where('username', 'in', ids.slice(start, start + 500))
      .execute();
    taken.push(...rows.map((r) => r.username));
  }
  return taken;
}

/** Creates the people as accounts (through UserStore), all in one transaction; by employee id. */
export async function createUsers(
  database: Database,
  people: readonly DemoPerson[],
  passwordHash: string,
): Promise<Map<string, SessionUser>> {
  return writeTransaction(database, async (trx) => {
    const store = new UserStore(trx);
    const users = new Map<string, SessionUser>();
    for (const person of people) {
      const user = await store.create(
        {
          username: person.employeeId,
          name: person.name,
          role: person.role,
          employeeId: person.employeeId,
          department: person.department,
          rank: person.rank,
        },
        passwordHash,
      );
      users.set(person.employeeId, user);
    }
    return users;
  });
}

/** Writes one finished attempt as recordActions would have at the time (started → finished). */
export async function storeAttempt(
  trx: Kysely<DatabaseSchema>,
  context: { statements: StatementStore; homePage: string },
  user: SessionUser,
  attempt: DemoAttempt,
  statementSeed: string,
): Promise<{ row: AttemptRow; statements: number }> {
  const { course, graded } = attempt;
  await insertEmptyAttempt(trx, {
    attemptId: attempt.attemptId,
    userId: user.id,
    username: user.username,
    courseId: course.id,
    courseVersion: course.version,
    seed: statementSeed,
    now: attempt.started,
  });
  const prepared = officialStatements(
    { course, user, homePage: context.homePage, seed: statementSeed, stored: attempt.finished },
    graded.newEvents,
  );
  await context.statements.storeWithin(trx, prepared);
  const row = await appendToAttempt(trx, attempt.attemptId, 0, {
    log: JSON.stringify(graded.state.log),
    received: graded.state.log.length,
    status: 'finished',
    result: JSON.stringify(graded.result),
    totals: graded.totals,
    now: attempt.finished,
  });
  if (row === undefined)
    throw new Error(`attempt ${attempt.attemptId} already exists in the database: seed the demo into a fresh database`);
  return { row, statements: prepared.length };
}

export async function seedDemo(database: Database, options: DemoSeedOptions): Promise<DemoSummary> {
  const { people, attempts } = generateDemo(options);
  const taken = await takenDemoUsernames(database.db, people);
  if (taken.length > 0) {
    throw new Error(
      `The demo's accounts already exist in this database (${taken.slice(0, 3).join(', ')}${taken.length > 3 ? ', …' : ''}): it was seeded before. Use a fresh DATA_DIR or database to seed it again.`,
    );
  }
  const users = await createUsers(database, people, options.passwordHash);

  let recordedAt = new Date(0);
  const ledger = options.openLedger ? await options.openLedger(() => recordedAt) : undefined;
  const statements = new StatementStore(database);
  const context = { statements, homePage: options.homePage };
  const batchSize = options.batchSize ?? 50;
  let statementCount = 0;
  let head: LedgerEntry | undefined;
  for (let start = 0; start < attempts.length; start += batchSize) {
    const batch = attempts.slice(start, start + batchSize);
    // Counted once committed: PostgreSQL may run a transaction's work again after a conflict.
    const written = await writeTransaction(database, async (trx) => {
      let count = 0;
      let last: LedgerEntry | undefined;
      for (const attempt of batch) {
        const user = users.get(attempt.employeeId)!;
        const stored = await storeAttempt(trx, context, user, attempt, randomUUID());
        count += stored.statements;
        if (ledger) {
          recordedAt = new Date(attempt.finished);
          last = await ledger.appendWithin(trx, 'result', resultEntryPayload(stored.row));
        }
      }
      return { count, last };
    });
    statementCount += written.count;
    head = written.last ?? head;
  }

  const learners = people.filter((p) => p.role === 'learner');
  const retakes = attempts.length - new Set(attempts.map((a) => `${a.employeeId}:${a.course.id}:${a.started.slice(0, 4)}`)).size;
  return {
    learners: learners.length,
    trainers: people.length - learners.length,
    departments: [...new Set(people.map((p) => p.department))].sort(),
    ranks: DEMO_RANKS.map(([rank]) => rank).filter((rank) => people.some((p) => p.rank === rank)),
    attempts: attempts.length,
    retakes,
    statements: statementCount,
    ledgerHead: head ? { seq: head.seq, hash: head.hash } : null,
    exampleUsername: people[0]?.employeeId ?? '',
  };
}
