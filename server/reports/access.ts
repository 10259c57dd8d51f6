// Who may read reports: an admin or department admin session, or an API token with the route's
// scope. A department admin reads their own department only (scopedRequest). Managing policy and
// tokens takes an admin session only (requireAdminSession, server/accounts/guards.ts): a token is
// never a user session.
import type { FastifyRequest } from 'fastify';
import type { ApiTokenInfo, ApiTokenScope } from '../../src/contracts/report-types.ts';
import { notSignedIn, requireRole } from '../accounts/guards.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import { RequestError } from '../http/request-error.ts';
import type { ApiTokenStore } from './api-tokens.ts';
import type { ReportRequest } from './report-query.ts';

export type Reader =
  { readonly kind: 'admin'; readonly user: SessionUser } | { readonly kind: 'token'; readonly token: ApiTokenInfo };

/** Admin or department admin session, or API token with `scope`; throws RequestError 401/403 otherwise. */
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
    return {
      kind: 'admin',
      user: requireRole(user, ['admin', 'department-admin'], `Only admins (or API tokens with ${scope}) may read this`),
    };
  };
}

/**
 * The report `request` as `reader` may have it: a department admin's covers their own department
 * only; asking for another department is a 403 (the organisation admin reads those).
 */
export function scopedRequest(reader: Reader, request: ReportRequest): ReportRequest {
  if (reader.kind !== 'admin' || reader.user.role !== 'department-admin') return request;
  const own = reader.user.department;
  if (own === null)
    throw new RequestError(403, 'Your department admin account has no department; ask the organisation admin to set one.');
  const asked = request.filters.department;
  if (asked !== null && asked !== own)
    throw new RequestError(
      403,
      `You administer the department "${own}": the report of "${asked}" is for the organisation admin. Leave department out, or set it to "${own}".`,
    );
  return { ...request, filters: { ...request.filters, department: own }, scopeDepartment: own };
}
