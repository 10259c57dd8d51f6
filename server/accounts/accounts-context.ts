// What the accounts routes share: the stores, the policy, the resolver of the signed-in user,
// and the two answers every sign-in path gives (the `{ user, agent }` body and the cookie).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountAgent } from '../../src/records/actor.ts';
import type { MeResponse } from '../../src/contracts/user-types.ts';
import type { Database } from '../db/database.ts';
import type { DeviceCodeStore } from './device-codes.ts';
import { requireSession } from './guards.ts';
import type { AccountsPolicy } from './policy.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { setSessionCookie } from './session-cookie.ts';
import type { SessionKind, SessionStore } from './session-store.ts';
import type { Role, SessionUser, UserResolver } from './session-user.ts';
import type { UserStore } from './user-store.ts';

export interface AccountsContext {
  readonly database: Database;
  readonly homePage: string;
  readonly policy: AccountsPolicy;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly deviceCodes: DeviceCodeStore;
  readonly limiter: RateLimiter;
  readonly currentUser: UserResolver;
}

export function meBody(context: AccountsContext, user: SessionUser): MeResponse {
  return { user, agent: accountAgent(context.homePage, user) };
}

/** Starts a session for `user` and sets its cookie; answers `{ user, agent }`. */
export async function signIn(
  context: AccountsContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: SessionUser,
  kind: SessionKind,
): Promise<MeResponse> {
  const token = await context.sessions.create(user.id, kind);
  setSessionCookie(request, reply, token, kind === 'device' ? context.sessions.lifetimeMs(kind) : undefined);
  void reply.header('cache-control', 'no-store');
  return meBody(context, user);
}

/** The signed-in user, or 401; with `roles`, 403 for anyone else. */
export async function requireUser(
  context: AccountsContext,
  request: FastifyRequest,
  roles?: readonly Role[],
): Promise<SessionUser> {
  return requireSession(context.currentUser, request, roles);
}
