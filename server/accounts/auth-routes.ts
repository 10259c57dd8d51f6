// Sign-in with username and password, sign-out, and who am I. Failed sign-ins are limited per
// username and per address in the database (RateLimiter), so every server process counts them.
import type { FastifyInstance } from 'fastify';
import { signInRequestSchema } from '../../src/contracts/sign-in-types.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { meBody, requireUser, signIn } from './accounts-context.ts';
import type { AccountsContext } from './accounts-context.ts';
import { hashSecret, needsRehash, verifyAgainstDummy, verifySecret } from './secrets.ts';
import { clearSessionCookie, readSessionToken } from './session-cookie.ts';
import { toSessionUser } from './user-store.ts';

const WRONG = 'The username or password is wrong.';

export function authRoutes(context: AccountsContext) {
  return async (app: FastifyInstance) => {
    app.post('/auth/login', async (request, reply) => {
      const { username, password } = parseBody(signInRequestSchema, request.body);
      const userBucket = `login-user:${username}`;
      const ipBucket = `login-ip:${request.ip}`;
      const { policy, limiter } = context;
      const wait = Math.max(
        await limiter.retryAfter(userBucket, { max: policy.loginFailuresPerUser, windowMs: policy.loginWindowMs }),
        await limiter.retryAfter(ipBucket, { max: policy.loginFailuresPerIp, windowMs: policy.loginWindowMs }),
      );
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        throw new RequestError(
          429,
          `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to check the account.`,
          { 'retry-after': String(wait) },
        );
      }

      const row = await context.users.findByUsername(username);
      const correct = row === undefined ? await verifyAgainstDummy(password) : await verifySecret(password, row.password_hash);
      if (row === undefined || !correct) {
        await limiter.record(userBucket);
        await limiter.record(ipBucket);
        throw new RequestError(401, WRONG);
      }
      if (row.disabled === 1) throw new RequestError(403, 'This account is disabled. Ask an administrator to enable it.');
      await limiter.reset(userBucket);
      // Imported users start with a cheaply hashed random password; raise it to the full cost now.
      if (needsRehash(row.password_hash)) await context.users.setPasswordHash(row.id, await hashSecret(password));
      const previous = readSessionToken(request);
      if (previous !== undefined) await context.sessions.delete(previous);
      return signIn(context, request, reply, toSessionUser(row), 'browser');
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
      const user = await requireUser(context, request);
      void reply.header('cache-control', 'no-store');
      return meBody(context, user);
    });
  };
}
