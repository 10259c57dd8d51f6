// Single sign-on through OpenID Connect (authorization code with PKCE): the sign-in page's list
// of providers, the start that sends the browser to the provider, the callback that checks the
// answer, keeps the account up to date (./provision.ts) and starts the same session a password
// sign-in starts, signing out at the provider, and the admin's sign-in settings. A refusal sends
// the person back to the sign-in page with a reason (`?sso=`) and never makes an account.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signInSettingsSchema } from '../../src/contracts/identity-types.ts';
import type { SignInOptions, SignInSettings, SsoError, SsoLogoutResponse } from '../../src/contracts/identity-types.ts';
import type { AccountsContext } from '../accounts/accounts-context.ts';
import { requireAdminSession } from '../accounts/guards.ts';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../accounts/session-cookie.ts';
import { tokenHash } from '../accounts/secrets.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { acceptJsonBodies, parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { mapClaims } from './claims.ts';
import type { OidcProvider } from './config.ts';
import { OidcClients } from './oidc-client.ts';
import { provisionExternalUser } from './provision.ts';
import { SignInSettingsStore } from './sign-in-settings.ts';

export interface IdentityOptions {
  /** The accounts feature's stores, audit log and hooks (Accounts.context). */
  readonly accounts: AccountsContext;
  /** The server's public URL (SHIXUN_PUBLIC_URL): the redirect URIs registered at each provider derive from it. */
  readonly homePage: string;
  readonly providers: readonly OidcProvider[];
  /** Time source. Default Date.now. */
  readonly now?: () => number;
}

/** How long a person has at the provider between the start and the callback. */
const STATE_LIFETIME_MS = 10 * 60_000;
/** Sign-ins one address may start per minute: each one is a row until it ends or expires. */
const STARTS_PER_MINUTE = 30;
const BROWSER_COOKIE = 'shixun_oidc';
const COOKIE_PATH = '/api/v1/auth/oidc';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals > 0 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return undefined;
}

/** A path on this site to return to after signing in; anything else becomes the start page. */
export function safeReturnPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next.length > 2000 ? '/' : next;
}

export interface Identity {
  /** Register under `/api/v1`. */
  readonly plugin: (app: FastifyInstance) => Promise<void>;
  readonly settings: SignInSettingsStore;
}

export function createIdentity(options: IdentityOptions): Identity {
  const { accounts } = options;
  const now = options.now ?? Date.now;
  const { db } = accounts.database;
  const clients = new OidcClients(options.providers);
  const settings = new SignInSettingsStore(db);
  const base = options.homePage.replace(/\/+$/, '');
  const redirectUri = (provider: OidcProvider) => `${base}/api/v1/auth/oidc/${provider.id}/callback`;
  const secure = (request: FastifyRequest) => (request.protocol === 'https' ? '; Secure' : '');

  /** Back to the sign-in page with why single sign-on did not sign the person in. */
  const refuse = (reply: FastifyReply, code: SsoError, returnTo = '/') => {
    const params = new URLSearchParams({ page: 'sign-in', sso: code });
    // The language the person chose comes back with them.
    const lang = new URL(returnTo, base).searchParams.get('lang');
    if (lang === 'en' || lang === 'zh-CN') params.set('lang', lang);
    if (returnTo !== '/') params.set('next', returnTo);
    void reply.header('cache-control', 'no-store');
    return reply.redirect(`/?${params.toString()}`, 302);
  };

  const plugin = async (app: FastifyInstance) => {
    acceptJsonBodies(app, 4 * 1024);
    app.setErrorHandler(apiErrorHandler({ area: 'identity', accepts: 'application/json' }));

    app.get('/auth/providers', async (_request, reply): Promise<SignInOptions> => {
      void reply.header('cache-control', 'no-store');
      return {
        providers: clients.list().map((provider) => ({ id: provider.id, displayName: provider.displayName })),
        learnerPasswords: (await settings.get()).learnerPasswords,
      };
    });

    app.get('/auth/oidc/:provider/start', async (request, reply) => {
      const { provider: id } = request.params as { provider: string };
      const provider = clients.provider(id);
      if (provider === undefined)
        throw new RequestError(
          404,
          `No sign-in provider "${id}" is configured on this server; use a button on the sign-in page.`,
        );
      const returnTo = safeReturnPath((request.query as Record<string, unknown>).next);
      const bucket = `oidc-start:${request.ip}`;
      const wait = await accounts.limiter.retryAfter(bucket, { max: STARTS_PER_MINUTE, windowMs: 60_000 });
      if (wait > 0)
        throw new RequestError(429, `Too many sign-ins started from this address. Try again in ${wait} s.`, {
          'retry-after': String(wait),
        });
      await accounts.limiter.record(bucket);
      let started;
      try {
        started = await clients.start(provider, redirectUri(provider));
      } catch (error) {
        request.log.warn({ err: error, provider: id }, 'OpenID Connect discovery failed');
        return refuse(reply, 'failed', returnTo);
      }
      const browser = randomBytes(32).toString('base64url');
      const at = now();
      await db.deleteFrom('oidc_states').where('expires', '<=', new Date(at).toISOString()).execute();
      await db
        .insertInto('oidc_states')
        .values({
          state_hash: sha256(started.state),
          provider: provider.id,
          browser_hash: sha256(browser),
          nonce: started.nonce,
          code_verifier: started.codeVerifier,
          return_to: returnTo,
          created: new Date(at).toISOString(),
          expires: new Date(at + STATE_LIFETIME_MS).toISOString(),
        })
        .execute();
      // Lax, not Strict: it must come back with the provider's redirect to the callback.
      void reply.header(
        'set-cookie',
        `${BROWSER_COOKIE}=${browser}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax; Max-Age=${STATE_LIFETIME_MS / 1000}${secure(request)}`,
      );
      void reply.header('cache-control', 'no-store');
      return reply.redirect(started.url, 302);
    });

    app.get('/auth/oidc/:provider/callback', async (request, reply) => {
      const { provider: id } = request.params as { provider: string };
      const query = request.query as Record<string, unknown>;
      void reply.header(
        'set-cookie',
        `${BROWSER_COOKIE}=; Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure(request)}`,
      );
      const provider = clients.provider(id);
      if (provider === undefined) return refuse(reply, 'unknown-provider');
      const state = typeof query.state === 'string' ? query.state : '';
      const row =
        state === ''
          ? undefined
          : await db.selectFrom('oidc_states').selectAll().where('state_hash', '=', sha256(state)).executeTakeFirst();
      // Single use: whatever happens next, this state cannot be answered again.
      if (row !== undefined) await db.deleteFrom('oidc_states').where('state_hash', '=', row.state_hash).execute();
      const browser = cookieValue(request, BROWSER_COOKIE);
      if (
        row === undefined ||
        row.provider !== provider.id ||
        row.expires <= new Date(now()).toISOString() ||
        browser === undefined ||
        sha256(browser) !== row.browser_hash
      )
        return refuse(reply, 'expired');
      if (typeof query.error === 'string')
        return refuse(reply, query.error === 'access_denied' ? 'denied' : 'failed', row.return_to);

      let signedIn;
      try {
        const callbackUrl = new URL(redirectUri(provider));
        callbackUrl.search = new URL(request.url, base).search;
        signedIn = await clients.finish(provider, callbackUrl, {
          state,
          nonce: row.nonce,
          codeVerifier: row.code_verifier,
        });
      } catch (error) {
        request.log.warn({ err: error, provider: id }, 'OpenID Connect sign-in failed');
        return refuse(reply, 'failed', row.return_to);
      }
      const mapped = mapClaims(provider, signedIn.claims);
      if (!mapped.ok) {
        request.log.warn({ provider: id, code: mapped.code }, mapped.reason);
        return refuse(reply, mapped.code, row.return_to);
      }
      let result;
      try {
        result = await provisionExternalUser(accounts, mapped.identity, new Date(now()));
      } catch (error) {
        // E.g. two first sign-ins of one person at the same moment: the second finds the link next time.
        request.log.warn({ err: error, provider: id }, 'Single sign-on could not provision the account');
        return refuse(reply, 'failed', row.return_to);
      }
      if (!result.ok) {
        request.log.warn({ provider: id, code: result.code }, result.reason);
        return refuse(reply, result.code as SsoError, row.return_to);
      }
      if (result.disabled) return refuse(reply, 'disabled', row.return_to);

      // The same session a password sign-in starts (server/accounts/auth-routes.ts).
      const previous = readSessionToken(request);
      if (previous !== undefined) await accounts.sessions.delete(previous);
      const token = await accounts.sessions.create(result.userId, 'browser');
      setSessionCookie(request, reply, token);
      await db
        .insertInto('sso_sessions')
        .values({
          session_id: tokenHash(token),
          provider: provider.id,
          id_token: signedIn.idToken,
          created: new Date(now()).toISOString(),
        })
        .execute();
      void reply.header('cache-control', 'no-store');
      return reply.redirect(row.return_to, 302);
    });

    // Ends the session here, and answers where to sign out at the provider for a session that began there.
    app.post('/auth/oidc/logout', async (request, reply): Promise<SsoLogoutResponse> => {
      const token = readSessionToken(request);
      let endSessionUrl: string | null = null;
      if (token !== undefined) {
        if (request.headers['x-shixun-csrf'] !== '1')
          throw new RequestError(403, 'Send the x-shixun-csrf: 1 header to sign out.');
        const sso = await db.selectFrom('sso_sessions').selectAll().where('session_id', '=', tokenHash(token)).executeTakeFirst();
        await accounts.sessions.delete(token);
        const provider = sso === undefined ? undefined : clients.provider(sso.provider);
        if (sso !== undefined && provider !== undefined) {
          try {
            endSessionUrl = (await clients.endSessionUrl(provider, sso.id_token, options.homePage)) ?? null;
          } catch (error) {
            // Signed out here all the same; the provider's own session ends when it expires.
            request.log.warn({ err: error, provider: provider.id }, 'OpenID Connect end-session address unavailable');
          }
        }
      }
      clearSessionCookie(request, reply);
      void reply.header('cache-control', 'no-store');
      return { endSessionUrl };
    });

    app.get('/admin/sign-in-settings', async (request, reply): Promise<SignInSettings> => {
      await requireAdminSession(accounts.currentUser, request);
      void reply.header('cache-control', 'no-store');
      return settings.get();
    });

    app.put('/admin/sign-in-settings', async (request): Promise<SignInSettings> => {
      const admin = await requireAdminSession(accounts.currentUser, request);
      const wanted = parseBody(signInSettingsSchema, request.body);
      const before = await settings.get();
      await settings.put(wanted, admin.username, new Date(now()));
      if (before.learnerPasswords !== wanted.learnerPasswords)
        await accounts.audit.record(request, admin, {
          action: 'sign-in-settings.update',
          target: 'learner-passwords',
          detail: wanted.learnerPasswords
            ? 'learners may sign in with a local password'
            : 'learners sign in through single sign-on only',
        });
      return settings.get();
    });
  };

  return { plugin, settings };
}
