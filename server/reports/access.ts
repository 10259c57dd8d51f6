// Who may read reports (and, through the same function, the ledger export): an admin session, or
// an API token with the route's scope. Managing policy and tokens takes an admin session only
// (requireAdminSession, server/accounts/guards.ts): a token is never a user session.
import type { FastifyRequest } from 'fastify';
import type { ApiTokenInfo, ApiTokenScope } from '../../src/reports/report-types.ts';
import { notSignedIn, requireRole } from '../accounts/guards.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import { RequestError } from '../http/request-error.ts';
import type { ApiTokenStore } from './api-tokens.ts';

export type Reader =
  { readonly kind: 'admin'; readonly user: SessionUser } | { readonly kind: 'token'; readonly token: ApiTokenInfo };

/** Admin session or API token with `scope`; throws RequestError 401/403 otherwise. */
export type AuthorizeReader = (request: FastifyRequest, scope: ApiTokenScope) => Promise<Reader>;

export function readerAuthorizer(currentUser: UserResolver, tokens: ApiTokenStore): AuthorizeReader {
  return async (request, scope) => {
    const check = await tokens.check(request, scope);
    if (check.kind === 'granted') return { kind: 'token', token: check.token };
    if (check.kind === 'refused') throw new RequestError(check.statusCode, check.message);
    const user = await currentUser(request);
    if (user === undefined)
      throw notSignedIn(
        request,
        `Sign in as an admin, or send "Authorization: Bearer <token>" with an API token that has the ${scope} scope.`,
      );
    return { kind: 'admin', user: requireRole(user, ['admin'], `Only admins (or API tokens with ${scope}) may read this`) };
  };
}
