// Sign-in with username and password, sign-out, who am I, and changing one's own password.
// Wrong passwords are throttled per account and source address with growing waits, in the
// database, so every server process counts them (./throttle.ts); an account is never locked.
// With a directory configured, a username the local accounts do not know, or one linked to the
// directory, is checked there instead (server/identity/ldap), with the same answers and throttle.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changePasswordRequestSchema } from '../../src/contracts/account-lifecycle.ts';
import { signInRequestSchema } from '../../src/contracts/sign-in-types.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { meBody, signIn } from './accounts-context.ts';
import type { AccountsContext, PasswordDirectory } from './accounts-context.ts';
import { notSignedIn } from './guards.ts';
import { usernameKey } from './migration.ts';
import { passwordProblem } from './passwords.ts';
import { hashSecret, needsRehash, verifyAgainstDummy, verifyAtStandardCost } from './secrets.ts';
import { clearSessionCookie, readSessionToken } from './session-cookie.ts';
import type { ResolvedSession } from './session-store.ts';
import { waitText } from './throttle.ts';
import { toSessionUser } from './user-store.ts';

const WRONG = 'The username or password is wrong.';
const DISABLED = 'This account is disabled. Ask an administrator to enable it.';
const DIRECTORY_DOWN =
  'The directory that checks passwords cannot be reached right now. Try again in a few minutes; if it goes on, tell an administrator.';

async function throttled(context: AccountsContext, account: string, request: FastifyRequest): Promise<void> {
  const wait = await context.loginThrottle.retryAfter(account, request.ip);
  if (wait > 0) {
    throw new RequestError(
      429,
      `Too many wrong passwords from this device. Try again in ${waitText(wait)}, or ask an administrator to check the account.`,
      { 'retry-after': String(wait) },
    );
  }
}

/** A sign-in whose password the directory checks; `account` is the throttle's key, already checked. */
async function directorySignIn(
  context: AccountsContext,
  directory: PasswordDirectory,
  request: FastifyRequest,
  reply: FastifyReply,
  credentials: { readonly account: string; readonly username: string; readonly password: string },
) {
  const answer = await directory.signIn(credentials.username, credentials.password);
  switch (answer.outcome) {
    case 'wrong':
      await context.loginThrottle.failed(credentials.account, request.ip);
      throw new RequestError(401, WRONG);
    case 'unavailable':
      throw new RequestError(503, DIRECTORY_DOWN, { 'retry-after': '60' });
    case 'disabled':
      throw new RequestError(403, DISABLED);
    case 'refused':
      throw new RequestError(403, `This account cannot sign in yet: ${answer.reason}`);
    case 'signed-in': {
      await context.loginThrottle.succeeded(credentials.account, request.ip);
      const previous = readSessionToken(request);
      if (previous !== undefined) await context.sessions.delete(previous);
      return signIn(context, request, reply, answer.user, 'browser');
    }
  }
}

/** The session, including one that must change its password first; 401 without one. */
async function requireSession(context: AccountsContext, request: FastifyRequest): Promise<ResolvedSession> {
  const session = await context.currentSession(request);
  if (session === undefined) throw notSignedIn(request, 'Sign in first (POST /api/v1/auth/login).');
  return session;
}

export function authRoutes(context: AccountsContext) {
  return async (app: FastifyInstance) => {
    app.post('/auth/login', async (request, reply) => {
      const { username, password } = parseBody(signInRequestSchema, request.body);
      const account = usernameKey(username);
      await throttled(context, account, request);

      const row = await context.users.findByUsername(username);
      const directory = context.passwordDirectory();
      if (directory !== undefined && (row === undefined || (await directory.handles(row.id))))
        return directorySignIn(context, directory, request, reply, { account, username, password });
      // The same cost whether the user exists, and whatever their hash's cost (secrets.ts).
      const correct =
        row === undefined ? await verifyAgainstDummy(password) : await verifyAtStandardCost(password, row.password_hash);
      if (row === undefined || !correct) {
        await context.loginThrottle.failed(account, request.ip);
        throw new RequestError(401, WRONG);
      }
      if (row.disabled === 1) throw new RequestError(403, DISABLED);
      const refusal = await context.localPasswordRefusal(toSessionUser(row));
      if (refusal !== undefined) throw new RequestError(403, refusal);
      await context.loginThrottle.succeeded(account, request.ip);
      // Imported users start with a cheaply hashed random password; raise it to the full cost now.
      if (needsRehash(row.password_hash)) await context.users.setPasswordHash(row.id, await hashSecret(password));
      const previous = readSessionToken(request);
      if (previous !== undefined) await context.sessions.delete(previous);
      return signIn(context, request, reply, toSessionUser(row), 'browser', row.must_change_password === 1);
    });

    app.post('/auth/logout', async (request, reply) => {
      const token = readSessionToken(request);
      if (token !== undefined) {
        // Signing out is an unsafe request too: without the CSRF header a cross-site form could do it.
        if (request.headers['x-shixun-csrf'] !== '1')
          throw new RequestError(403, 'Send the x-shixun-csrf: 1 header to sign out.');
        await context.sessions.delete(token);
      }
      clearSessionCookie(request, reply);
      return reply.code(204).send();
    });

    app.get('/auth/me', async (request, reply) => {
      const session = await requireSession(context, request);
      void reply.header('cache-control', 'no-store');
      return meBody(context, session.user, session.mustChangePassword);
    });

    // The current password is required (ASVS 2.1.6), and wrong ones are throttled like sign-ins.
    // Every other session of the user ends; this one stays signed in.
    app.post('/auth/password', async (request, reply) => {
      const session = await requireSession(context, request);
      const { currentPassword, newPassword } = parseBody(changePasswordRequestSchema, request.body);
      if (await context.passwordDirectory()?.handles(session.user.id))
        throw new RequestError(409, "Your password is kept by the organisation's directory: change it there, not here.");
      const account = usernameKey(session.user.username);
      await throttled(context, account, request);
      const row = await context.users.findById(session.user.id);
      if (row === undefined || !(await verifyAtStandardCost(currentPassword, row.password_hash))) {
        await context.loginThrottle.failed(account, request.ip);
        throw new RequestError(400, 'The current password is wrong.');
      }
      await context.loginThrottle.succeeded(account, request.ip);
      const problem = passwordProblem(newPassword, session.user.role);
      if (problem !== undefined) throw new RequestError(400, problem);
      if (newPassword === currentPassword) throw new RequestError(400, 'Choose a new password, not the current one.');
      await context.users.setPasswordHash(row.id, await hashSecret(newPassword), false);
      await context.sessions.endAllFor(row.id, readSessionToken(request));
      void reply.header('cache-control', 'no-store');
      return reply.code(204).send();
    });
  };
}
