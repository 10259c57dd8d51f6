// Who may use a route: the guards every feature's routes call with the accounts plugin's
// UserResolver. Each refusal is a 401 or 403 in words that say what to do; the feature names
// what needs a sign-in or a role, so the answer speaks of the page the person is on.
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../http/bearer-token.ts';
import { RequestError } from '../http/request-error.ts';
import type { Role, SessionUser, UserResolver } from './session-user.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * 401 with `message`; but when the session cookie came on an unsafe method without the CSRF
 * header (so the resolver saw no one), the answer says to send that header instead.
 */
export function notSignedIn(request: FastifyRequest, message: string): RequestError {
  const cookieWithoutCsrf = request.headers.cookie?.includes('shixun_session=') === true && !SAFE_METHODS.has(request.method);
  return new RequestError(
    401,
    cookieWithoutCsrf ? 'Not signed in for this request: send the x-shixun-csrf: 1 header with the session cookie.' : message,
  );
}

/** The signed-in user, or 401 with `signIn`, which says what needs signing in. */
export async function requireUser(currentUser: UserResolver, request: FastifyRequest, signIn: string): Promise<SessionUser> {
  const user = await currentUser(request);
  if (user === undefined) throw new RequestError(401, signIn);
  return user;
}

/** `user` when their role is one of `roles`, else 403: "<refusal>; you are signed in as a <role>." */
export function requireRole(user: SessionUser, roles: readonly Role[], refusal: string): SessionUser {
  if (!roles.includes(user.role)) throw new RequestError(403, `${refusal}; you are signed in as a ${user.role}.`);
  return user;
}

/**
 * The signed-in user, with one of `roles` when given: the account and admin routes' guard.
 * 401 (with the CSRF hint) or 403 "Only <roles> accounts may do this".
 */
export async function requireSession(
  currentUser: UserResolver,
  request: FastifyRequest,
  roles?: readonly Role[],
): Promise<SessionUser> {
  const user = await currentUser(request);
  if (user === undefined) throw notSignedIn(request, 'Sign in first (POST /api/v1/auth/login).');
  return roles === undefined ? user : requireRole(user, roles, `Only ${roles.join(' or ')} accounts may do this`);
}

/**
 * An admin session (or a session of one of `roles`); an API token is refused with 401 (it only
 * reads reports and the ledger).
 */
export async function requireAdminSession(
  currentUser: UserResolver,
  request: FastifyRequest,
  roles: readonly Role[] = ['admin'],
): Promise<SessionUser> {
  if (bearerToken(request) !== undefined) {
    throw new RequestError(401, 'API tokens only read reports and the ledger; sign in as an admin (session cookie) to do this.');
  }
  const user = await currentUser(request);
  if (user === undefined) throw notSignedIn(request, 'Sign in as an admin first (POST /api/v1/auth/login).');
  return requireRole(user, roles, 'Only admin accounts may do this');
}
