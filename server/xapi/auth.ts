// Who is calling the xAPI resource. `Authorize` is the seam: Basic auth for xAPI clients, and
// signed-in people through their session (./session-authorizer.ts), tried after it.
import type { FastifyRequest } from 'fastify';
import type { GuessThrottle } from '../accounts/throttle.ts';
import { waitText } from '../accounts/throttle.ts';
import { ClientError } from '../http/api-errors.ts';
import type { CredentialStore, XapiScope } from './credentials.ts';
import type { Agent } from './types.ts';

export interface XapiPrincipal {
  /** Written into `authority` of every statement this caller stores. */
  readonly authority: Agent;
  readonly scopes: ReadonlySet<XapiScope>;
  /**
   * Set when a signed-in person calls with their session: every statement they write must have
   * `agent` as its actor. Unless `readsAll` (the organisation admin) they read their own, and the
   * statements of the people whose account name `readsOf` accepts (a trainer: the learners of
   * their classes; a department admin: the users of their department).
   */
  readonly person?: {
    readonly agent: Agent;
    readonly readsAll: boolean;
    readonly readsOf?: (accountName: string) => Promise<boolean>;
  };
}

/** Undefined: this authorizer does not recognise the request (the next one may). */
export type Authorize = (request: FastifyRequest) => Promise<XapiPrincipal | undefined>;

/** The first authorizer that recognises the request decides. */
export function firstOf(...authorizers: readonly Authorize[]): Authorize {
  return async (request) => {
    for (const authorize of authorizers) {
      const principal = await authorize(request);
      if (principal !== undefined) return principal;
    }
    return undefined;
  };
}

export function basicCredentials(header: string | undefined): { key: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * HTTP Basic against the credentials table; the authority is an account on `homePage`. With a
 * `throttle`, wrong secrets are throttled per key and source address like sign-ins: past a few,
 * each costs a growing wait, answered 429 with Retry-After before any hashing is done.
 */
export function basicAuthorizer(store: CredentialStore, homePage: string, throttle?: GuessThrottle): Authorize {
  return async (request) => {
    const presented = basicCredentials(request.headers.authorization);
    if (presented === undefined) return undefined;
    if (throttle !== undefined) {
      const wait = await throttle.retryAfter(presented.key, request.ip);
      if (wait > 0)
        throw new ClientError(429, `Too many wrong xAPI credentials from this address. Try again in ${waitText(wait)}.`, {
          'retry-after': String(wait),
        });
    }
    const credential = await store.verify(presented.key, presented.secret);
    if (credential === undefined) {
      await throttle?.failed(presented.key, request.ip);
      return undefined;
    }
    return {
      authority: { objectType: 'Agent', name: credential.label, account: { homePage, name: credential.key } },
      scopes: credential.scopes,
    };
  };
}

/** Whether the caller holds `all` or one of `accepted`. */
export function hasScope(principal: XapiPrincipal, accepted: readonly XapiScope[]): boolean {
  return principal.scopes.has('all') || accepted.some((scope) => principal.scopes.has(scope));
}
