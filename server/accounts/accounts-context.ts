// What the accounts routes share: the stores, the policy, the resolver of the signed-in user,
// and the two answers every sign-in path gives (the `{ user, agent }` body and the cookie).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountAgent } from '../../src/records/actor.ts';
import type { SignedInResponse } from '../../src/contracts/account-lifecycle.ts';
import type { Database } from '../db/database.ts';
import type { AdminAuditLog } from './admin-audit.ts';
import type { DeviceCodeStore } from './device-codes.ts';
import { requireSession } from './guards.ts';
import type { AccountsPolicy } from './policy.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { setSessionCookie } from './session-cookie.ts';
import type { ResolvedSession, SessionKind, SessionStore } from './session-store.ts';
import type { GuessThrottle } from './throttle.ts';
import type { Role, SessionUser, UserResolver } from './session-user.ts';
import type { UserStore } from './user-store.ts';

/** What a directory answers to a sign-in with a password it keeps (server/identity/ldap). */
export type PasswordDirectoryOutcome =
  | { readonly outcome: 'signed-in'; readonly user: SessionUser }
  /** No such person, or the wrong password: the same answer as a wrong local password. */
  | { readonly outcome: 'wrong' }
  | { readonly outcome: 'disabled' }
  /** The directory was asked but the account cannot be used (a rank the policy lacks, say). */
  | { readonly outcome: 'refused'; readonly reason: string }
  /** The directory could not be asked: down, unreachable, or its certificate refused. */
  | { readonly outcome: 'unavailable' };

/**
 * A directory that checks the passwords of people who have no local password: those the local
 * accounts do not know, and those linked to it. The root hands it over when one is configured.
 */
export interface PasswordDirectory {
  /** Whether the account `userId` signs in through the directory rather than with a local password. */
  handles(userId: string): Promise<boolean>;
  signIn(username: string, password: string): Promise<PasswordDirectoryOutcome>;
}

/** Something to end when a user is disabled (their API tokens, say); answers how many it ended. */
export type UserDisabledHook = (user: SessionUser) => Promise<number>;

export interface AccountsContext {
  readonly database: Database;
  readonly homePage: string;
  readonly policy: AccountsPolicy;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly deviceCodes: DeviceCodeStore;
  readonly limiter: RateLimiter;
  readonly loginThrottle: GuessThrottle;
  readonly audit: AdminAuditLog;
  readonly currentUser: UserResolver;
  /** The session with its must-change-password mark; currentUser sees no one while it is set. */
  readonly currentSession: (request: FastifyRequest) => Promise<ResolvedSession | undefined>;
  readonly userDisabledHooks: readonly UserDisabledHook[];
  /** The ranks the training policy in force declares (undefined: no policy known, any rank goes). */
  readonly knownRanks: () => Promise<KnownRanks | undefined>;
  /** Why `user` may not sign in with a local password (sign-in settings), or undefined when they may. */
  readonly localPasswordRefusal: (user: SessionUser) => Promise<string | undefined>;
  /** The directory that checks passwords too, when one is configured (undefined: local passwords only). */
  readonly passwordDirectory: () => PasswordDirectory | undefined;
}

/** Decides whether a user may sign in with a local password: a refusal to show them, or undefined. */
export type LocalPasswordRule = (user: SessionUser) => Promise<string | undefined>;

/** The ranks a user may hold: those the current training policy names, with its version for messages. */
export interface KnownRanks {
  readonly policyVersion: string;
  readonly names: readonly string[];
}

export function meBody(context: AccountsContext, user: SessionUser, mustChangePassword = false): SignedInResponse {
  return {
    user,
    agent: accountAgent(context.homePage, user),
    ...(mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

/** Starts a session for `user` and sets its cookie; answers `{ user, agent }`. */
export async function signIn(
  context: AccountsContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: SessionUser,
  kind: SessionKind,
  mustChangePassword = false,
): Promise<SignedInResponse> {
  const token = await context.sessions.create(user.id, kind);
  setSessionCookie(request, reply, token, kind === 'device' ? context.sessions.lifetimeMs(kind) : undefined);
  void reply.header('cache-control', 'no-store');
  return meBody(context, user, mustChangePassword);
}

/** The signed-in user, or 401; with `roles`, 403 for anyone else. */
export async function requireUser(
  context: AccountsContext,
  request: FastifyRequest,
  roles?: readonly Role[],
): Promise<SessionUser> {
  return requireSession(context.currentUser, request, roles);
}
