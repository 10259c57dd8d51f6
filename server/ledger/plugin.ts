// The ledger's API as a Fastify plugin (mount it at /api/v1): the public key, the latest stored
// checkpoint and the export for offline verification. Nothing here signs anything. Result adjustments and the audit of the results tables
// against the ledger are grading's (server/grading/results-routes.ts).
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireRole, requireUser } from '../accounts/guards.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { RequestError } from '../http/request-error.ts';
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

  async function admin(request: FastifyRequest, what: string): Promise<SessionUser> {
    const user = await requireUser(
      options.currentUser,
      request,
      'Sign in first: the ledger and result adjustments are for signed-in staff.',
    );
    return requireRole(user, ['admin'], `Only an admin may ${what}`);
  }

  app.setErrorHandler(apiErrorHandler({ area: 'ledger', accepts: 'application/json' }));

  // Public on purpose: anyone checking an export needs the key, and it reveals nothing secret.
  app.get<{ Querystring: { format?: string } }>('/ledger/public-key', async (request, reply) => {
    void reply.header('x-shixun-ledger-key-id', ledger.keyId).header('cache-control', 'no-cache');
    if (request.query.format === 'json') return { keyId: ledger.keyId, publicKey: ledger.publicKeyPem, algorithm: 'Ed25519' };
    if (request.query.format !== undefined && request.query.format !== 'pem')
      throw new RequestError(400, `format=${request.query.format} is not offered: use format=json, or leave it out for PEM.`);
    return reply
      .type('application/x-pem-file')
      .header('content-disposition', 'inline; filename="shixun-ledger-public-key.pem"')
      .send(ledger.publicKeyPem);
  });

  // The latest checkpoint as stored (signed at its append): JSON, or ?format=note for the signed note.
  app.get<{ Querystring: { format?: string } }>('/ledger/head', async (request, reply) => {
    await admin(request, 'read the ledger checkpoint');
    if (request.query.format !== undefined && request.query.format !== 'note' && request.query.format !== 'json')
      throw new RequestError(400, `format=${request.query.format} is not offered: use format=note, or leave it out for JSON.`);
    const checkpoint = await ledger.latestCheckpoint();
    void reply.header('cache-control', 'no-store');
    if (request.query.format === 'note') return reply.type('text/plain; charset=utf-8').send(checkpoint.note);
    return reply.send(checkpoint);
  });

  app.get('/ledger/export', async (request, reply) => {
    const byToken = options.authorize !== undefined && (await options.authorize(request, 'ledger:read'));
    if (!byToken) await admin(request, 'export the ledger');
    const head = await ledger.latestCheckpoint();
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(head)}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(exportChunks(database, ledger, head)));
  });
};
