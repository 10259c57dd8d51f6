// Who may read reports (and, through the same function, the ledger export): an admin session, or
// an API token with the route's scope. Who may manage policy and tokens: an admin session only —
// a token is never a user session, so it is refused there even when valid.
import type { FastifyRequest } from 'fastify';
import type { ApiTokenInfo, ApiTokenScope } from '../../src/reports/report-types.ts';
import { RequestError } from '../accounts/request-error.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import { bearerToken, type ApiTokenStore } from './api-tokens.ts';

export type Reader = { readonly kind: 'admin'; readonly user: SessionUser } | { readonly kind: 'token'; readonly token: ApiTokenInfo };

/** Admin session or API token with `scope`; throws RequestError 401/403 otherwise. */
export type AuthorizeReader = (request: FastifyRequest, scope: ApiTokenScope) => Promise<Reader>;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function notSignedIn(request: FastifyRequest, what: string): RequestError {
  const cookieWithoutCsrf = request.headers.cookie?.includes('shixun_session=') === true && !SAFE.has(request.method);
  return new RequestError(401, cookieWithoutCsrf ? 'Not signed in for this request: send the x-shixun-csrf: 1 header with the session cookie.' : what);
}

export function readerAuthorizer(currentUser: UserResolver, tokens: ApiTokenStore): AuthorizeReader {
  return async (request, scope) => {
    const check = await tokens.check(request, scope);
    if (check.kind === 'granted') return { kind: 'token', token: check.token };
    if (check.kind === 'refused') throw new RequestError(check.statusCode, check.message);
    const user = await currentUser(request);
    if (user === undefined) throw notSignedIn(request, `Sign in as an admin, or send "Authorization: Bearer <token>" with an API token that has the ${scope} scope.`);
    if (user.role !== 'admin') throw new RequestError(403, `Only admins (or API tokens with ${scope}) may read this; you are signed in as a ${user.role}.`);
    return { kind: 'admin', user };
  };
}

/** An admin session; an API token is refused with 401 (it only reads reports or the ledger). */
export async function requireAdminSession(currentUser: UserResolver, request: FastifyRequest): Promise<SessionUser> {
  if (bearerToken(request) !== undefined) {
    throw new RequestError(401, 'API tokens only read reports and the ledger; sign in as an admin (session cookie) to do this.');
  }
  const user = await currentUser(request);
  if (user === undefined) throw notSignedIn(request, 'Sign in as an admin first (POST /api/v1/auth/login).');
  if (user.role !== 'admin') throw new RequestError(403, `Only admin accounts may do this; you are signed in as a ${user.role}.`);
  return user;
}
