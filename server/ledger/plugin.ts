// The ledger's API as a Fastify plugin (mount it at /api/v1): result adjustments, the public key,
// the signed head, the export for offline verification, and the audit of tables against the ledger.
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { requireAttemptId } from '../grading/attempt-request.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { LedgerRequestError, attemptAdjustments, createAdjustment, parseAdjustmentBody } from './adjustments.ts';
import { auditLedger } from './audit.ts';
import { exportChunks, exportFileName } from './ledger-export.ts';
import type { Ledger } from './ledger.ts';

export interface LedgerPluginOptions {
  readonly database: Database;
  readonly ledger: Ledger;
  readonly currentUser: UserResolver;
  /**
   * Another way in for machine readers (an admin-issued API token): tried before the session on
   * the routes that take that scope; true lets the request through.
   */
  readonly authorize?: (request: FastifyRequest, scope: 'ledger:read') => Promise<boolean>;
}

export const ledgerPlugin: FastifyPluginAsync<LedgerPluginOptions> = async (app, options) => {
  const { database, ledger } = options;

  async function signedIn(request: FastifyRequest): Promise<SessionUser> {
    const user = await options.currentUser(request);
    if (user === undefined) throw new LedgerRequestError(401, 'Sign in first: the ledger and result adjustments are for signed-in staff.');
    return user;
  }

  async function admin(request: FastifyRequest, what: string): Promise<SessionUser> {
    const user = await signedIn(request);
    if (user.role !== 'admin') throw new LedgerRequestError(403, `Only an admin may ${what}; you are signed in as a ${user.role}.`);
    return user;
  }

  app.setErrorHandler(apiErrorHandler({ area: 'ledger', accepts: 'application/json' }));

  app.post<{ Params: { attemptId: string } }>('/attempts/:attemptId/adjustments', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const user = await admin(request, 'adjust an official result');
    const attemptId = requireAttemptId(request.params.attemptId);
    const adjustment = await createAdjustment(database, ledger, user, attemptId, parseAdjustmentBody(request.body));
    return reply.code(201).header('cache-control', 'no-store').send(adjustment);
  });

  app.get<{ Params: { attemptId: string } }>('/attempts/:attemptId/adjustments', async (request, reply) => {
    const user = await signedIn(request);
    const attemptId = requireAttemptId(request.params.attemptId);
    const found = await attemptAdjustments(database, ledger, attemptId);
    if (found === undefined) throw new LedgerRequestError(404, `The server holds no attempt ${attemptId}.`);
    if (found.row.user_id !== user.id && user.role === 'learner') {
      throw new LedgerRequestError(403, `Attempt ${attemptId} belongs to another user; learners see only their own results and corrections.`);
    }
    return reply.header('cache-control', 'no-store').send(found.body);
  });

  // Public on purpose: anyone checking an export needs the key, and it reveals nothing secret.
  app.get<{ Querystring: { format?: string } }>('/ledger/public-key', async (request, reply) => {
    void reply.header('x-shixun-ledger-key-id', ledger.keyId).header('cache-control', 'no-cache');
    if (request.query.format === 'json') return { keyId: ledger.keyId, publicKey: ledger.publicKeyPem, algorithm: 'Ed25519' };
    if (request.query.format !== undefined && request.query.format !== 'pem') throw new LedgerRequestError(400, `format=${request.query.format} is not offered: use format=json, or leave it out for PEM.`);
    return reply.type('application/x-pem-file').header('content-disposition', 'inline; filename="shixun-ledger-public-key.pem"').send(ledger.publicKeyPem);
  });

  app.get('/ledger/head', async (request, reply) => {
    await admin(request, 'read the ledger head');
    return reply.header('cache-control', 'no-store').send(await ledger.signedHead());
  });

  app.get('/ledger/export', async (request, reply) => {
    const byToken = options.authorize !== undefined && (await options.authorize(request, 'ledger:read'));
    if (!byToken) await admin(request, 'export the ledger');
    const head = await ledger.signedHead();
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(head)}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(exportChunks(database, ledger, head)));
  });

  app.get('/ledger/audit', async (request, reply) => {
    await admin(request, 'audit the ledger');
    return reply.header('cache-control', 'no-store').send(await auditLedger(database));
  });
};
