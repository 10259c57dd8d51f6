// Device-code sign-in over HTTP: the headset asks for a code and polls for its session; a
// signed-in person (any role) approves the user code, and the headset becomes signed in as them.
import type { FastifyInstance } from 'fastify';
import { normalizeUserCode } from '../../src/contracts/device-code.ts';
import type { DeviceApproveResponse } from '../../src/contracts/sign-in-types.ts';
import { deviceApproveRequestSchema, deviceTokenRequestSchema } from '../../src/contracts/sign-in-types.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { requireUser, signIn } from './accounts-context.ts';
import type { AccountsContext } from './accounts-context.ts';
import { toSessionUser } from './user-store.ts';

export function deviceRoutes(context: AccountsContext) {
  return async (app: FastifyInstance) => {
    app.post('/device/code', async (request, reply) => {
      const bucket = `device-code-ip:${request.ip}`;
      const wait = await context.limiter.retryAfter(bucket, {
        max: context.policy.deviceCodesPerIp,
        windowMs: context.policy.deviceCodeWindowMs,
      });
      if (wait > 0)
        throw new RequestError(429, `Too many sign-in codes requested from this device; wait ${wait} seconds and try again.`, {
          'retry-after': String(wait),
        });
      await context.limiter.record(bucket);
      void reply.header('cache-control', 'no-store');
      return context.deviceCodes.issue();
    });

    app.post('/device/token', async (request, reply) => {
      const { deviceCode } = parseBody(deviceTokenRequestSchema, request.body);
      const outcome = await context.deviceCodes.poll(deviceCode);
      if (outcome.kind !== 'approved') {
        // RFC 8628 §3.5: the error code in `error`, so the device can tell waiting from giving up.
        return reply
          .code(400)
          .header('cache-control', 'no-store')
          .send({ statusCode: 400, error: outcome.kind, message: outcome.message });
      }
      const row = await context.users.findById(outcome.userId);
      if (row === undefined)
        throw new RequestError(400, 'The account that approved this code no longer exists: ask for a new code.');
      return signIn(context, request, reply, toSessionUser(row), 'device');
    });

    app.post('/device/approve', async (request): Promise<DeviceApproveResponse> => {
      const user = await requireUser(context, request);
      const { userCode: typed } = parseBody(deviceApproveRequestSchema, request.body);
      const userCode = normalizeUserCode(typed);
      if (userCode === null)
        throw new RequestError(
          404,
          `"${typed}" is not a sign-in code: codes look like BCDF-2345. Check the code the headset shows.`,
        );
      const outcome = await context.deviceCodes.approve(userCode, user.id);
      if (outcome === 'not-found')
        throw new RequestError(
          404,
          `No waiting sign-in has the code ${userCode}, or it has expired: check the headset, or ask it for a new code.`,
        );
      if (outcome === 'already-used') throw new RequestError(409, `The code ${userCode} has already been approved.`);
      return { approved: true };
    });
  };
}
