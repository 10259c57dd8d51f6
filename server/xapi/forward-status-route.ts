// GET /api/v1/admin/forwarding (admin session): whether statements are forwarded to another LRS
// and how that is going: where to, statements waiting, the oldest waiting, the latest failure
// being retried, statements the remote refused for good (dead letters, newest first), and any
// pause (backoff or the remote's Retry-After). Without XAPI_FORWARD_URL: `{ configured: false }`.
import type { FastifyPluginAsync } from 'fastify';
import type { UserResolver } from '../accounts/session-user.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { requireAdminSession } from '../accounts/guards.ts';
import type { Forwarder, ForwarderStatus } from './forwarder.ts';

export type ForwardingReport = { readonly configured: false } | ({ readonly configured: true } & ForwarderStatus);

export interface ForwardStatusOptions {
  readonly forwarder: Forwarder | undefined;
  readonly currentUser: UserResolver;
}

export const forwardStatusRoute: FastifyPluginAsync<ForwardStatusOptions> = async (app, options) => {
  app.setErrorHandler(apiErrorHandler({ area: 'forwarding status', accepts: 'application/json' }));
  app.get('/admin/forwarding', async (request, reply): Promise<ForwardingReport> => {
    await requireAdminSession(options.currentUser, request);
    void reply.header('cache-control', 'no-store');
    if (options.forwarder === undefined) return { configured: false };
    return { configured: true, ...(await options.forwarder.status()) };
  });
};
