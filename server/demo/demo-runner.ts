// `npm run demo` and `SHIXUN_DEMO=1 npm start`: seeds the database the server uses (DATABASE_URL,
// else SQLite under DATA_DIR) with the demo organisation, unless it already has learners, and
// says how to sign in. Demo data is for trying the product, never for production.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile } from '../../src/policy/node/load-policy.ts';
import { POLICY_FILE } from '../../src/policy/parse.ts';
import { generatePassword, passwordProblem } from '../accounts/passwords.ts';
import { hashGeneratedSecret, hashSecret } from '../accounts/secrets.ts';
import { UserStore } from '../accounts/user-store.ts';
import { databaseConfigFromEnv, openDatabase, redactUrl } from '../db/database.ts';
import type { Database, MigrationList } from '../db/database.ts';
import type { CourseCatalog } from '../grading/course-catalog.ts';
import { Ledger } from '../ledger/ledger.ts';
import { homePageFromEnv } from '../xapi/plugin.ts';
import { DEFAULT_DEMO_LEARNERS, seedDemo } from './seed-demo.ts';
import type { DemoSummary } from './seed-demo.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoRunOptions {
  readonly env: NodeJS.ProcessEnv;
  /** The server's migrations (server/migrations.ts), applied on open like the server does. */
  readonly migrations: MigrationList;
  /** The courses the demo's attempts are on, loaded by the caller (the server's own catalog on `npm start`). */
  readonly courses: CourseCatalog;
  /** Seed even though the database has learners (the demo's own accounts must still be new). */
  readonly force?: boolean;
  readonly learners?: number;
  readonly seed?: string;
  /** Where to say what happened. Default console.log. */
  readonly log?: (line: string) => void;
}

export type DemoRunResult =
  { readonly seeded: true; readonly summary: DemoSummary } | { readonly seeded: false; readonly learners: number };

export async function countLearners(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'learner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** DATA_DIR/ledger, where the server keeps its ledger key (or SHIXUN_LEDGER_KEY_FILE). */
/** The ledger settings the server reads (server/build-server.ts), so the seeder signs into the same witness file. */
export function ledgerKeyOptions(env: NodeJS.ProcessEnv): {
  keyDir: string;
  keyFile: string | undefined;
  witnessFile: string | undefined;
  origin: string | undefined;
} {
  return {
    keyDir: path.join(path.resolve(env.DATA_DIR || 'data'), 'ledger'),
    keyFile: env.SHIXUN_LEDGER_KEY_FILE || undefined,
    witnessFile: env.SHIXUN_LEDGER_WITNESS_FILE || undefined,
    origin: env.SHIXUN_LEDGER_ORIGIN || undefined,
  };
}

function where(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL
    ? `PostgreSQL at ${redactUrl(env.DATABASE_URL)}`
    : `SQLite at ${path.join(path.resolve(env.DATA_DIR || 'data'), 'shixun.sqlite')}`;
}

export async function runDemo(options: DemoRunOptions): Promise<DemoRunResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { env } = options;
  const { courses } = options.courses;
  const policy = loadPolicyFile(
    path.join(PROJECT_ROOT, POLICY_FILE),
    courses.map((c) => c.id),
    PROJECT_ROOT,
  );

  const password = env.SHIXUN_DEMO_PASSWORD || generatePassword();
  // The one demo password is also the trainers': it must meet the staff rule.
  const problem = passwordProblem(password, 'trainer');
  if (problem !== undefined) throw new Error(`SHIXUN_DEMO_PASSWORD is not usable: ${problem}`);

  const database = await openDatabase(databaseConfigFromEnv(env), options.migrations);
  try {
    const learners = await countLearners(database);
    if (learners > 0 && options.force !== true) return { seeded: false, learners };

    const started = Date.now();
    // One hash for every demo account: hashing 240 passwords one by one would take most of a minute.
    const passwordHash = env.SHIXUN_DEMO_PASSWORD ? await hashSecret(password) : await hashGeneratedSecret(password);
    // SHIXUN_ADMIN_PASSWORD, when set, is the admin's password on a demo first start too; the demo
    // password is the admin's only when no admin password was given.
    const adminPassword = env.SHIXUN_ADMIN_PASSWORD || password;
    const admin = await new UserStore(database.db).bootstrapAdmin(adminPassword);
    const summary = await seedDemo(database, {
      courses,
      policy,
      passwordHash,
      homePage: homePageFromEnv(env),
      openLedger: (now) => Ledger.open(database, { ...ledgerKeyOptions(env), now }),
      learners: options.learners ?? DEFAULT_DEMO_LEARNERS,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log(`Seeded the demo organisation into ${where(env)} in ${seconds} s:`);
    log(
      `  ${summary.learners} learners and ${summary.trainers} trainers in ${summary.departments.length} departments (${summary.departments.join('、')})`,
    );
    log(`  ranks: ${summary.ranks.join('、')}`);
    log(
      `  ${summary.attempts} graded assessment attempts (${summary.retakes} retakes) over ${policy.periods.map((p) => p.id).join(' and ')}, ${summary.statements} xAPI statements`,
    );
    log(
      summary.ledgerHead ? `  ledger head: entry ${summary.ledgerHead.seq}, ${summary.ledgerHead.hash}` : '  no ledger entries',
    );
    log('');
    log('Sign in (demo data is for trying Shixun, not for production; the password is shown only now):');
    if (admin === 'created' && env.SHIXUN_ADMIN_PASSWORD) log('  admin:    admin / the password in SHIXUN_ADMIN_PASSWORD');
    else if (admin === 'created') log(`  admin:    admin / ${password}`);
    else log('  admin:    your existing admin account');
    log(`  learners: employee ids such as ${summary.exampleUsername} / ${password}`);
    return { seeded: true, summary };
  } finally {
    await database.close();
  }
}

/** `SHIXUN_DEMO=1 npm start`: seeds on the first start only, while the database has no learners. */
export async function seedDemoOnStart(env: NodeJS.ProcessEnv, migrations: MigrationList, courses: CourseCatalog): Promise<void> {
  const result = await runDemo({ env, migrations, courses });
  if (!result.seeded)
    console.log(
      `SHIXUN_DEMO=1: the database already has ${result.learners} learner account(s); the demo is seeded only into an empty one.`,
    );
}
