// Assembles the one Shixun server process from plugins; tests build it without listening.
// Order matters: accounts first (its currentUser is shared), then the APIs, the app last.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions, RouteOptions } from 'fastify';
import type { SignedLedgerHead } from '../src/contracts/report-types.ts';
import { createAccounts } from './accounts/accounts.ts';
import type { Accounts } from './accounts/accounts.ts';
import { createRecordScope } from './accounts/record-scope.ts';
import { classesPlugin } from './classes/plugin.ts';
import { lmsOriginsFromEnv } from './cmi5/lms-origins.ts';
import { launchScoped } from './cmi5/launch-authorizer.ts';
import { cmi5Plugin } from './cmi5/plugin.ts';
import { taughtBy } from './classes/taught-by.ts';
import { createIssuer, organisationFromEnv } from './credentials/issuer.ts';
import { loadIssuerKey } from './credentials/issuer-key.ts';
import { issueHonourCredential } from './credentials/honour-credentials.ts';
import { credentialValidUntil } from '../src/policy/validity.ts';
import { credentialsPlugin } from './credentials/plugin.ts';
import { databaseConfigFromEnv, openDatabase } from './db/database.ts';
import { exercisesPlugin } from './exercises/plugin.ts';
import { loadExerciseRegistry } from './exercises/registry.ts';
import type { ExerciseRegistry } from './exercises/registry.ts';
import type { RoomLimits } from './exercises/room.ts';
import type { Database, DatabaseConfig } from './db/database.ts';
import { exerciseRolesIn } from './exercise-records/exercise-roles.ts';
import { recordExerciseOutcome } from './exercise-records/record-outcome.ts';
import type { ExerciseOutcomeInput, ExerciseRecordResult } from './exercise-records/record-outcome.ts';
import { CourseCatalog } from './grading/course-catalog.ts';
import { assessmentPolicyFromEnv } from './grading/assessment-policy.ts';
import { graderAgent } from './grading/official-statements.ts';
import { gradingPlugin } from './grading/plugin.ts';
import { createHonours } from './honours/plugin.ts';
import type { Honours } from './honours/plugin.ts';
import type { HonourDecision } from '../src/contracts/honour-types.ts';
import { expireOverdue } from './grading/record-actions.ts';
import { resultsRoutes } from './grading/results-routes.ts';
import { loadOidcProviders } from './identity/config.ts';
import { createIdentity } from './identity/plugin.ts';
import { Ledger, fullCheckEveryFromEnv } from './ledger/ledger.ts';
import { ledgerPlugin } from './ledger/plugin.ts';
import { migrationsFor } from './migrations.ts';
import { privacyPlugin } from './privacy/plugin.ts';
import { retentionSettingsFromEnv } from './privacy/retention-config.ts';
import { createReports } from './reports/plugin.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { assertBuiltApp, staticAppPlugin } from './static-server.ts';
import { basicAuthorizer, firstOf } from './xapi/auth.ts';
import { CredentialStore } from './xapi/credentials.ts';
import { DocumentStore } from './xapi/document-store.ts';
import { credentialsRoutes } from './xapi/credentials-routes.ts';
import { startForwarding } from './xapi/forward-setup.ts';
import { forwardStatusRoute } from './xapi/forward-status-route.ts';
import { loadLdapConfig } from './identity/ldap/config.ts';
import { setupLdap } from './identity/ldap/setup.ts';
import type { SyncReport } from './identity/ldap/sync.ts';
import { directorySyncRoutes } from './identity/ldap/sync-status.ts';
import { homePageFromEnv, xapiOptionsFromEnv, xapiPlugin } from './xapi/plugin.ts';
import { sessionAuthorizer } from './xapi/session-authorizer.ts';
import { StatementStore } from './xapi/statement-store.ts';
import { WriteClock } from './xapi/write-clock.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BuildServerOptions {
  /** Built app folder; relative paths resolve against the project root. Default `dist`. */
  readonly staticDir?: string;
  /** API only, no web app (`npm run dev`, where Vite serves the app and proxies /api and /xapi here). */
  readonly apiOnly?: boolean;
  /** Fastify logger setting. Default: warnings and errors only, so `npm start` stays readable. */
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * Where records live. Default: DATABASE_URL, else SQLite under DATA_DIR (`./data`). An already
   * open Database (tests) is used as is and left open when the server closes.
   */
  readonly database?: DatabaseConfig | Database;
  /** Settings read from the environment (SHIXUN_ADMIN_PASSWORD, SHIXUN_PUBLIC_URL, …). Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Course folders to serve and grade. Default `courses/` of the project. */
  readonly coursesDir?: string;
  /** The courses, already loaded (`npm start` loads them once for the demo seeder and the server); replaces coursesDir. */
  readonly catalog?: CourseCatalog;
  /** Told at start whether an admin account exists, so `npm start` can say how to create one. */
  readonly onAdmin?: (admin: Accounts['admin']) => void;
  /**
   * Given at start the recorder of finished joint-exercise sessions (server/exercise-records):
   * what the live rooms call when a session ends.
   */
  readonly onExerciseRecorder?: (record: (input: ExerciseOutcomeInput) => Promise<ExerciseRecordResult>) => void;
  /** Serve https with this PEM key and certificate (`npm start -- --https`, server/tls.ts). Default: plain http. */
  readonly https?: { readonly key: string; readonly cert: string };
  /** Told of every route as it is added (the route-table access test walks them all). */
  readonly onRoute?: (route: RouteOptions) => void;
  /**
   * Where the ledger's signing key is made and kept. Default DATA_DIR/ledger (SHIXUN_LEDGER_KEY_FILE
   * names a shared key instead). The witness file is kept here too unless SHIXUN_LEDGER_WITNESS_FILE is set.
   */
  readonly ledgerKeyDir?: string;
  /**
   * The single sign-on file (server/identity: `oidc:` providers, the `ldap:` directory), if it exists.
   * Default SHIXUN_IDENTITY_FILE, else `config/identity.yaml`.
   */
  readonly identityFile?: string;
  /**
   * Where the credential issuer's key is made and kept. Default DATA_DIR/credentials, or the
   * folder `issuer` inside ledgerKeyDir when that is given (tests).
   */
  readonly credentialKeyDir?: string;
  /** The training policy file imported at start (server/reports). Default `config/training-policy.yaml`. */
  readonly policyFile?: string;
  /** Tests: the checkpoint reports carry, instead of the ledger's latest stored one. */
  readonly signedHead?: () => Promise<SignedLedgerHead>;
  /** The rules of the joint exercises sessions can be run for. Default: the exercise courses under coursesDir (or courses/). */
  readonly exercises?: ExerciseRegistry;
  /** Limits of the live exercise rooms (server/exercises/room.ts). */
  readonly roomLimits?: Partial<RoomLimits>;
  /** Told of every honour awarded, once committed (server/honours): where issuing its credential hooks in. */
  readonly onHonourAwarded?: (decision: HonourDecision) => Promise<void> | void;
  /** Given at start a function that runs one directory sync now (`npm run identity:sync`); only with `ldap:` set. */
  readonly onDirectorySync?: (run: () => Promise<SyncReport>) => void;
}

/**
 * SHIXUN_TRUST_PROXY, for a server behind a reverse proxy: `true` (trust X-Forwarded-* from
 * anyone) or a comma-separated list of the proxies' addresses or CIDR ranges. It makes request.ip
 * the learner's address (rate limits are per address) and request.protocol `https` behind a TLS
 * proxy (the session cookie is then Secure). Unset: trust nothing.
 */
export function trustProxyFromEnv(value: string | undefined): boolean | string[] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function isOpenDatabase(value: DatabaseConfig | Database): value is Database {
  return 'db' in value;
}

export async function buildServer(options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const staticDir = path.resolve(PROJECT_ROOT, options.staticDir ?? 'dist');
  // Fail before Fastify starts, with a message that says how to get a build.
  if (options.apiOnly !== true) assertBuiltApp(staticDir);

  const env = options.env ?? process.env;
  // A bad RETENTION_* value stops the start here, before the database opens.
  const retention = retentionSettingsFromEnv(env);
  // So does a bad single sign-on provider or `ldap:` setting (config/identity.yaml or SHIXUN_OIDC_*).
  const identityFile = options.identityFile ?? path.join(PROJECT_ROOT, 'config', 'identity.yaml');
  const oidcProviders = loadOidcProviders(env, identityFile);
  const ldap = loadLdapConfig(env.SHIXUN_IDENTITY_FILE || identityFile, env);
  // Read once here and handed to the grader and the reports; an invalid course stops the start.
  const catalog = options.catalog ?? CourseCatalog.load(options.coursesDir ?? path.join(PROJECT_ROOT, 'courses'));
  const app = Fastify({
    logger: options.logger ?? { level: 'warn' },
    trustProxy: trustProxyFromEnv(env.SHIXUN_TRUST_PROXY),
    ...(options.https ? { https: { ...options.https } } : {}),
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  // First, so every response below carries them: the app, its files and the APIs.
  await registerSecurityHeaders(app, { https: options.https !== undefined, connectOrigins: lmsOriginsFromEnv(env) });
  app.get('/healthz', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { ok: true };
  });
  // Opened (and migrated) before the server listens; closed when it closes.
  const given = options.database ?? databaseConfigFromEnv(env);
  const database = isOpenDatabase(given) ? given : await openDatabase(given, migrationsFor);
  if (!isOpenDatabase(given)) app.addHook('onClose', () => database.close());

  // Refuses to start with another key than the one this database's chain is signed with.
  const dataDir = (isOpenDatabase(given) ? undefined : given.dataDir) || env.DATA_DIR || 'data';
  // Also refuses to start when the stored log does not extend the last checkpoint this server
  // signed (its witness file, SHIXUN_LEDGER_WITNESS_FILE, else beside the key).
  const ledger = await Ledger.open(database, {
    keyDir: options.ledgerKeyDir ?? path.resolve(dataDir, 'ledger'),
    keyFile: env.SHIXUN_LEDGER_KEY_FILE,
    witnessFile: env.SHIXUN_LEDGER_WITNESS_FILE,
    origin: env.SHIXUN_LEDGER_ORIGIN,
    fullCheckEvery: fullCheckEveryFromEnv(env.SHIXUN_LEDGER_FULL_CHECK_EVERY),
  });
  // Checkpoints committed just before a close still reach the witness file.
  app.addHook('onClose', () => ledger.witnessed());

  const homePage = homePageFromEnv(env);
  const assessmentPolicy = assessmentPolicyFromEnv(env);
  const accounts = await createAccounts({ database, homePage, adminPassword: env.SHIXUN_ADMIN_PASSWORD });
  options.onAdmin?.(accounts.admin);
  await app.register(accounts.plugin, { prefix: '/api/v1' });
  // Single sign-on starts the same sessions; its settings decide who may still use a local password.
  const identity = createIdentity({ accounts: accounts.context, homePage, providers: oidcProviders });
  await app.register(identity.plugin, { prefix: '/api/v1' });
  accounts.useLocalPasswordRule((user) => identity.settings.refusal(user));
  // Whose records trainers and department admins read: class membership comes from classes.
  const recordScope = createRecordScope(database.db, taughtBy(database.db));

  const xapiOptions = xapiOptionsFromEnv(env);
  const credentials = new CredentialStore(database.db);
  const basic = basicAuthorizer(credentials, homePage, accounts.credentialThrottle);
  // One clock and one store for every writer of statements (the LRS and the grader): stored
  // times stay ordered, writes share group commits, and official statements are forwarded too.
  const clock = new WriteClock();
  const forwarding = startForwarding(app, database, xapiOptions.forward, ledger.latestCheckpoint);
  // Official statements are never voided through the LRS (server/xapi/voiding-rules.ts).
  const statements = new StatementStore(database, { ...forwarding.storeOptions, officialAuthority: graderAgent(homePage) });
  await app.register(xapiPlugin, {
    prefix: '/xapi',
    database,
    ...xapiOptions,
    // A cmi5 launch's token speaks for its learner only (server/cmi5/launch-authorizer.ts).
    authorize: firstOf(launchScoped(basic, database, homePage), sessionAuthorizer(accounts.currentUser, homePage, recordScope)),
    clock,
    store: statements,
  });

  await app.register(credentialsRoutes, {
    prefix: '/api/v1',
    credentials,
    currentUser: accounts.currentUser,
    recordAdminAction: accounts.recordAdminAction,
  });
  // cmi5: the course packages an LMS imports, and launches Shixun prepares as the LMS (docs/cmi5.md).
  await app.register(cmi5Plugin, {
    prefix: '/api/v1',
    database,
    homePage,
    catalog,
    credentials,
    documents: new DocumentStore(database),
    statements,
    clock,
    currentUser: accounts.currentUser,
    recordAdminAction: accounts.recordAdminAction,
  });
  await app.register(forwardStatusRoute, {
    prefix: '/api/v1',
    forwarder: forwarding.forwarder,
    currentUser: accounts.currentUser,
  });

  await app.register(gradingPlugin, {
    prefix: '/api/v1',
    database,
    currentUser: accounts.currentUser,
    recordScope,
    homePage,
    catalog,
    clock,
    statementStore: statements,
    ledger,
    policy: assessmentPolicy,
  });
  // Finished joint-exercise sessions become official results through the same ledger, clock and store.
  const exerciseRecords = {
    database,
    ledger,
    statements,
    clock,
    homePage,
    exerciseRoles: exerciseRolesIn(options.coursesDir ?? path.join(PROJECT_ROOT, 'courses')),
  };
  const recordOutcome = (input: ExerciseOutcomeInput) => recordExerciseOutcome(exerciseRecords, input);
  options.onExerciseRecorder?.(recordOutcome);
  // The report shows the period's honours; honours read the report's standings: the root ties them.
  const made: { honours?: Honours } = {};
  const reports = await createReports({
    honours: (input) => made.honours?.forReport(input) ?? Promise.resolve([]),
    database,
    currentUser: accounts.currentUser,
    recordAdminAction: accounts.recordAdminAction,
    catalog,
    policyFile: options.policyFile ?? path.join(PROJECT_ROOT, 'config', 'training-policy.yaml'),
    signedHead: options.signedHead ?? ledger.latestCheckpoint,
    ledgerCheck: ledger,
    assessmentPolicy,
  });
  await app.register(reports.plugin, { prefix: '/api/v1' });
  // Verifiable credentials of official passes and awarded honours, signed with their own key (not the ledger's).
  const issuerKey = await loadIssuerKey(
    options.credentialKeyDir ??
      (options.ledgerKeyDir !== undefined ? path.join(options.ledgerKeyDir, 'issuer') : path.resolve(dataDir, 'credentials')),
  );
  const issuer = await createIssuer(issuerKey, homePage, organisationFromEnv(env));
  // Every award gets its credential at once (issued from the decision's ledger entry, never twice).
  const onHonourAwarded = async (decision: HonourDecision): Promise<void> => {
    await issueHonourCredential({ database, issuer, policies: reports.policies }, decision);
    await options.onHonourAwarded?.(decision);
  };
  const honours = createHonours({
    database,
    ledger,
    currentUser: accounts.currentUser,
    recordAdminAction: accounts.recordAdminAction,
    policies: reports.policies,
    courses: reports.courses,
    onHonourAwarded,
  });
  made.honours = honours;
  await app.register(honours.plugin, { prefix: '/api/v1' });
  // A disabled admin's API tokens stop working with their sessions.
  accounts.onUserDisabled((user) => reports.revokeTokensIssuedBy(user.username));
  // Users get only ranks the training policy in force declares (a mistyped rank changes the hours).
  accounts.useKnownRanks(async () => {
    const current = await reports.policies.get();
    return current && { policyVersion: current.policy.version, names: current.policy.ranks.map((rank) => rank.name) };
  });
  // Directory users sign in with the same form; the directory keeps their accounts in step.
  const directorySync =
    ldap === undefined
      ? undefined
      : setupLdap({
          app,
          config: ldap,
          accounts: accounts.context,
          usePasswordDirectory: accounts.usePasswordDirectory,
          onSync: options.onDirectorySync,
        });
  // The console's sync status and Run now (answers "not configured" without `ldap:`).
  await app.register(directorySyncRoutes, {
    prefix: '/api/v1',
    database,
    accounts: accounts.context,
    sync: () => directorySync,
  });
  await app.register(resultsRoutes, {
    prefix: '/api/v1',
    database,
    ledger,
    currentUser: accounts.currentUser,
    recordScope,
    recordAdminAction: accounts.recordAdminAction,
  });
  // HR systems read the ledger export with an API token (`ledger:read`), like the reports.
  await app.register(ledgerPlugin, {
    prefix: '/api/v1',
    database,
    ledger,
    currentUser: accounts.currentUser,
    authorize: reports.authorizeToken,
  });

  await app.register(credentialsPlugin, {
    database,
    ledger,
    catalog,
    issuer,
    includeScore: env.SHIXUN_CREDENTIAL_SCORES !== '0',
    // A course the policy in force renews (recertification.validMonths) gives credentials that expire with the pass.
    validUntil: async (courseId: string, passedAt: Date) =>
      credentialValidUntil((await reports.policies.get())?.policy, courseId, passedAt),
    currentUser: accounts.currentUser,
    recordAdminAction: accounts.recordAdminAction,
  });

  await app.register(classesPlugin, {
    prefix: '/api/v1',
    database,
    currentUser: accounts.currentUser,
    catalog,
    recordAdminAction: accounts.recordAdminAction,
  });

  // Live joint exercises: sessions over HTTP, rooms over WebSocket on this port (REDIS_URL shares them between processes).
  await app.register(exercisesPlugin, {
    prefix: '/api/v1',
    database,
    currentUser: accounts.currentUser,
    userOfSessionToken: accounts.userOfSessionToken,
    recordOutcome,
    registry: options.exercises ?? loadExerciseRegistry(options.coursesDir ?? path.join(PROJECT_ROOT, 'courses')),
    redisUrl: env.REDIS_URL || undefined,
    publicAddress: env.SHIXUN_ROOMS_PUBLIC_ADDRESS || undefined,
    publicOrigin: env.SHIXUN_PUBLIC_URL || undefined,
    ...(options.roomLimits ? { limits: options.roomLimits } : {}),
  });

  await app.register(privacyPlugin, {
    prefix: '/api/v1',
    database,
    currentUser: accounts.currentUser,
    homePage,
    retention,
    recordSystemAction: accounts.recordSystemAction,
    expireOverdue: async (userId) => {
      await expireOverdue({ database, catalog, policy: assessmentPolicy, now: Date.now }, { userId });
    },
  });

  if (options.apiOnly !== true) await app.register(staticAppPlugin, { root: staticDir });
  return app;
}
