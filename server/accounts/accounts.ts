// The accounts service: builds the stores over one database, creates the first admin, resolves
// the signed-in user (with the CSRF rule) for every plugin, and serves the /api/v1 routes for
// sign-in, device codes and administration.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { acceptJsonBodies } from '../http/request-body.ts';
import type { AccountsContext, KnownRanks, LocalPasswordRule, PasswordDirectory, UserDisabledHook } from './accounts-context.ts';
import { adminRoutes } from './admin-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { DeviceCodeStore } from './device-codes.ts';
import { deviceRoutes } from './device-routes.ts';
import { AdminAuditLog } from './admin-audit.ts';
import type { RecordAdminAction, RecordSystemAction } from './admin-audit.ts';
import { DEFAULT_ACCOUNTS_POLICY, throttlePolicy } from './policy.ts';
import { GuessThrottle } from './throttle.ts';
import type { AccountsPolicy, Clock } from './policy.ts';
import { RateLimiter } from './rate-limiter.ts';
import { readSessionToken } from './session-cookie.ts';
import { SessionStore } from './session-store.ts';
import type { ResolvedSession } from './session-store.ts';
import type { SessionUser, UserResolver } from './session-user.ts';
import { MAX_IMPORT_BYTES } from './user-import.ts';
import { UserStore } from './user-store.ts';

export interface AccountsOptions {
  readonly database: Database;
  /** The server's public URL: `account.homePage` of every user's xAPI agent. */
  readonly homePage: string;
  /** SHIXUN_ADMIN_PASSWORD: creates user `admin` when no admin exists; never changes one. */
  readonly adminPassword?: string | undefined;
  readonly policy?: Partial<AccountsPolicy>;
  /** Time source for sessions, codes and limits. Default Date.now. */
  readonly now?: Clock;
}

export interface Accounts {
  /** Who is signed in; an unsafe method with the cookie but without `x-shixun-csrf: 1` is no one. */
  readonly currentUser: UserResolver;
  /** Register under `/api/v1`. */
  readonly plugin: FastifyPluginAsync;
  /**
   * The stores, audit log and hooks, for features that sign people in by other means
   * (server/identity: single sign-on starts the same sessions and keeps accounts up to date).
   */
  readonly context: AccountsContext;
  /** What start-up found: `missing` means nobody can administer this server yet. */
  readonly admin: 'exists' | 'created' | 'missing';
  /** Records an admin action in the audit log (for admin routes outside this feature). */
  readonly recordAdminAction: RecordAdminAction;
  /** Records what the server does by itself (the retention sweep's deletions) in the same log. */
  readonly recordSystemAction: RecordSystemAction;
  /**
   * Guesses at xAPI credentials, throttled like sign-ins (per key and address, growing waits),
   * in their own counts.
   */
  readonly credentialThrottle: GuessThrottle;
  /** Runs when an admin disables a user, e.g. to revoke the API tokens they issued. */
  onUserDisabled(hook: UserDisabledHook): void;
  /** Where the ranks of the policy in force come from (the reports feature keeps the policy). */
  useKnownRanks(source: () => Promise<KnownRanks | undefined>): void;
  /** Who may sign in with a local password (the identity feature keeps the sign-in settings). Default: everyone. */
  useLocalPasswordRule(rule: LocalPasswordRule): void;
  /** Lets the sign-in form check passwords against a directory too (server/identity/ldap). */
  usePasswordDirectory(directory: PasswordDirectory): void;
  /**
   * The user of a session token (a browser's cookie or a headset's device session), for a
   * connection that is not an API request, such as a realtime socket; undefined when there is none.
   */
  userOfSessionToken(token: string | undefined): Promise<SessionUser | undefined>;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_BYTES = 64 * 1024;

export async function createAccounts(options: AccountsOptions): Promise<Accounts> {
  const now = options.now ?? Date.now;
  const policy: AccountsPolicy = { ...DEFAULT_ACCOUNTS_POLICY, ...options.policy };
  const { db } = options.database;
  const users = new UserStore(db);
  const sessions = new SessionStore(db, now, policy);
  const admin = await users.bootstrapAdmin(options.adminPassword);
  const limiter = new RateLimiter(db, now);
  const audit = new AdminAuditLog(db, now);
  const userDisabledHooks: UserDisabledHook[] = [];
  let rankSource: () => Promise<KnownRanks | undefined> = () => Promise.resolve(undefined);
  let localPasswordRule: LocalPasswordRule = () => Promise.resolve(undefined);
  let passwordDirectory: PasswordDirectory | undefined;

  // Several plugins may ask about one request (xAPI auth, then grading): look the session up once.
  const resolved = new WeakMap<FastifyRequest, Promise<ResolvedSession | undefined>>();
  const currentSession = (request: FastifyRequest): Promise<ResolvedSession | undefined> => {
    let found = resolved.get(request);
    if (found === undefined) {
      const token = readSessionToken(request);
      const csrfOk = !UNSAFE_METHODS.has(request.method) || request.headers['x-shixun-csrf'] === '1';
      found = token === undefined || !csrfOk ? Promise.resolve(undefined) : sessions.resolve(token);
      resolved.set(request, found);
    }
    return found;
  };
  // Someone whose password an admin set is signed in only for changing it (the auth routes read
  // currentSession); every other route sees no one until they have.
  const currentUser: UserResolver = async (request) => {
    const session = await currentSession(request);
    return session === undefined || session.mustChangePassword ? undefined : session.user;
  };

  const context: AccountsContext = {
    database: options.database,
    homePage: options.homePage,
    policy,
    users,
    sessions,
    deviceCodes: new DeviceCodeStore(db, now, policy),
    limiter,
    loginThrottle: new GuessThrottle(limiter, throttlePolicy(policy), 'login'),
    audit,
    currentUser,
    currentSession,
    userDisabledHooks,
    knownRanks: () => rankSource(),
    localPasswordRefusal: (user) => localPasswordRule(user),
    passwordDirectory: () => passwordDirectory,
  };

  const plugin: FastifyPluginAsync = async (app) => {
    // JSON for everything, CSV for the import; anything else is answered 415 before a handler runs.
    acceptJsonBodies(app, JSON_BYTES);
    app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) =>
      done(null, body),
    );

    app.setErrorHandler(
      apiErrorHandler({
        area: 'accounts',
        accepts: 'application/json (text/csv for the user import)',
        tooLarge: (request) =>
          (request.headers['content-type'] ?? '').startsWith('text/csv')
            ? `The file is too large: at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB. Split it into smaller files.`
            : `The body is too large: at most ${JSON_BYTES / 1024} KiB of JSON.`,
      }),
    );

    await app.register(authRoutes(context));
    await app.register(deviceRoutes(context));
    await app.register(adminRoutes(context));
  };

  return {
    currentUser,
    plugin,
    context,
    admin,
    recordAdminAction: audit.record,
    recordSystemAction: audit.recordSystem,
    credentialThrottle: new GuessThrottle(limiter, throttlePolicy(policy), 'xapi'),
    onUserDisabled: (hook) => {
      userDisabledHooks.push(hook);
    },
    useKnownRanks: (source) => {
      rankSource = source;
    },
    useLocalPasswordRule: (rule) => {
      localPasswordRule = rule;
    },
    usePasswordDirectory: (directory) => {
      passwordDirectory = directory;
    },
    async userOfSessionToken(token) {
      const session = token === undefined ? undefined : await sessions.resolve(token);
      return session === undefined || session.mustChangePassword ? undefined : session.user;
    },
  };
}
