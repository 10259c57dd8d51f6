// xAPI credentials for external tools (mount at /api/v1): an admin issues one (names the key,
// label and scopes, and sees the generated secret this once; the server keeps only its scrypt
// hash), lists them, rotates a secret (the old one stops working at once) or revokes one. Every
// change goes into the admin audit log.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RecordAdminAction } from '../accounts/admin-audit.ts';
import { requireSession } from '../accounts/guards.ts';
import type { UserResolver } from '../accounts/session-user.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { xapiCredentialRequestSchema } from '../../src/contracts/account-lifecycle.ts';
import { acceptJsonBodies, parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import type { CredentialStore } from './credentials.ts';

export interface CredentialsRoutesOptions {
  readonly credentials: CredentialStore;
  readonly currentUser: UserResolver;
  /** Where admin actions are recorded (the accounts feature's audit log). */
  readonly recordAdminAction?: RecordAdminAction;
}

const JSON_BYTES = 64 * 1024;

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
  const audit = async (request: FastifyRequest, action: string, key: string, detail?: string) => {
    const admin = await requireSession(options.currentUser, request, ['admin']);
    await options.recordAdminAction?.(request, admin, { action, target: key, ...(detail === undefined ? {} : { detail }) });
  };
  const newSecret = () => randomBytes(24).toString('base64url');

  app.get('/admin/xapi-credentials', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { credentials: await options.credentials.list() };
  });

  app.post('/admin/xapi-credentials/:key/rotate', async (request, reply) => {
    const { key } = request.params as { key: string };
    const found = (await options.credentials.list()).find((credential) => credential.key === key);
    if (found === undefined) throw new RequestError(404, `No xAPI credential with key "${key}".`);
    const secret = newSecret();
    await options.credentials.save({ key, secret, scopes: found.scopes, label: found.label });
    await audit(request, 'xapi-credential.rotate', key);
    void reply.header('cache-control', 'no-store');
    return { key, secret, scopes: found.scopes, label: found.label };
  });

  app.delete('/admin/xapi-credentials/:key', async (request, reply) => {
    const { key } = request.params as { key: string };
    if (!(await options.credentials.revoke(key))) throw new RequestError(404, `No xAPI credential with key "${key}".`);
    await audit(request, 'xapi-credential.revoke', key);
    return reply.code(204).send();
  });

  app.post('/admin/xapi-credentials', async (request, reply) => {
    const body = parseBody(xapiCredentialRequestSchema, request.body);
    const scopes = [...new Set(body.scopes)];
    const key = body.key ?? `shixun-${randomBytes(6).toString('hex')}`;
    const label = body.label ?? key;
    if (await options.credentials.has(key))
      throw new RequestError(409, `An xAPI credential with key "${key}" already exists; choose another key.`);
    const secret = newSecret();
    await options.credentials.save({ key, secret, scopes, label });
    await audit(request, 'xapi-credential.create', key, `scopes ${scopes.join(' ')}`);
    void reply.header('cache-control', 'no-store');
    return reply.code(201).send({ key, secret, scopes, label });
  });
};
