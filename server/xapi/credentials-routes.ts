// Issuing xAPI credentials for external tools (mount at /api/v1): an admin names the key, label
// and scopes, and sees the generated secret this once; the server keeps only its scrypt hash.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { requireSession } from '../accounts/guards.ts';
import type { UserResolver } from '../accounts/session-user.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { acceptJsonBodies, bodyObject, optionalText } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { XAPI_SCOPES } from './credentials.ts';
import type { CredentialStore, XapiScope } from './credentials.ts';

export interface CredentialsRoutesOptions {
  readonly credentials: CredentialStore;
  readonly currentUser: UserResolver;
}

const CREDENTIAL_FIELDS = ['key', 'label', 'scopes'];
const JSON_BYTES = 64 * 1024;

function scopesOf(value: unknown): XapiScope[] {
  const known: readonly string[] = XAPI_SCOPES;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((scope): scope is XapiScope => typeof scope === 'string' && known.includes(scope))
  ) {
    throw new RequestError(400, `scopes must be a non-empty list drawn from ${XAPI_SCOPES.join(', ')}.`);
  }
  return [...new Set(value)];
}

export const credentialsRoutes: FastifyPluginAsync<CredentialsRoutesOptions> = async (app, options) => {
  // JSON only, read like the other admin routes; anything else is answered 415.
  acceptJsonBodies(app, JSON_BYTES);
  app.setErrorHandler(
    apiErrorHandler({
      area: 'xAPI credentials',
      accepts: 'application/json',
      tooLarge: () => `The body is too large: at most ${JSON_BYTES / 1024} KiB of JSON.`,
    }),
  );

  app.addHook('preHandler', async (request) => {
    await requireSession(options.currentUser, request, ['admin']);
  });

  app.post('/admin/xapi-credentials', async (request, reply) => {
    const body = bodyObject(request.body, CREDENTIAL_FIELDS);
    const scopes = scopesOf(body.scopes);
    const key = optionalText(body, 'key', { max: 64 }) ?? `shixun-${randomBytes(6).toString('hex')}`;
    if (key.includes(':') || /\s/.test(key))
      throw new RequestError(400, 'key must not contain ":" or spaces (it is the Basic-auth user name).');
    const label = optionalText(body, 'label', { max: 100 }) ?? key;
    if (await options.credentials.has(key))
      throw new RequestError(409, `An xAPI credential with key "${key}" already exists; choose another key.`);
    const secret = randomBytes(24).toString('base64url');
    await options.credentials.save({ key, secret, scopes, label });
    void reply.header('cache-control', 'no-store');
    return reply.code(201).send({ key, secret, scopes, label });
  });
};
