// Official results after grading, as a Fastify plugin (mount it at /api/v1): an admin's
// corrections of a result (each also a ledger entry) and the audit of the results tables
// against what the ledger recorded. The ledger itself (server/ledger) only keeps the chain.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RecordAdminAction } from '../accounts/admin-audit.ts';
import { requireRole, requireUser } from '../accounts/guards.ts';
import type { RecordScope } from '../accounts/record-scope.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { RequestError } from '../http/request-error.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { attemptAdjustments, createAdjustment, parseAdjustmentBody } from './adjustments.ts';
import { requireAttemptId } from './attempt-request.ts';
import { auditLedger } from './result-audit.ts';

export interface ResultsRoutesOptions {
  readonly database: Database;
  readonly ledger: Ledger;
  readonly currentUser: UserResolver;
  /** Whose corrections a signed-in person may read besides their own (server/accounts/record-scope.ts). */
  readonly recordScope: RecordScope;
  /** Where corrections are recorded besides the ledger (the accounts feature's admin audit log). */
  readonly recordAdminAction?: RecordAdminAction;
}

export const resultsRoutes: FastifyPluginAsync<ResultsRoutesOptions> = async (app, options) => {
  const { database, ledger } = options;

  const signedIn = (request: FastifyRequest): Promise<SessionUser> =>
    requireUser(options.currentUser, request, 'Sign in first: the ledger and result adjustments are for signed-in staff.');

  async function admin(request: FastifyRequest, what: string): Promise<SessionUser> {
    return requireRole(await signedIn(request), ['admin'], `Only an admin may ${what}`);
  }

  app.setErrorHandler(apiErrorHandler({ area: 'results', accepts: 'application/json' }));

  app.post<{ Params: { attemptId: string } }>(
    '/attempts/:attemptId/adjustments',
    { bodyLimit: 16 * 1024 },
    async (request, reply) => {
      const user = await admin(request, 'adjust an official result');
      const attemptId = requireAttemptId(request.params.attemptId);
      const adjustment = await createAdjustment(database, ledger, user, attemptId, parseAdjustmentBody(request.body));
      await options.recordAdminAction?.(request, user, {
        action: 'result.adjust',
        target: `attempt ${attemptId}`,
        detail: `scaled ${adjustment.scaled}, ${adjustment.passed ? 'passed' : 'failed'}, ledger #${adjustment.ledgerSeq}: ${adjustment.reason}`,
      });
      return reply.code(201).header('cache-control', 'no-store').send(adjustment);
    },
  );

  app.get<{ Params: { attemptId: string } }>('/attempts/:attemptId/adjustments', async (request, reply) => {
    const user = await signedIn(request);
    const attemptId = requireAttemptId(request.params.attemptId);
    const found = await attemptAdjustments(database, ledger, attemptId);
    if (found === undefined) throw new RequestError(404, `The server holds no attempt ${attemptId}.`);
    if (!(await options.recordScope.mayRead(user, { id: found.row.user_id }))) {
      throw new RequestError(
        403,
        user.role === 'learner'
          ? `Attempt ${attemptId} belongs to another user; learners see only their own results and corrections.`
          : `Attempt ${attemptId} belongs to someone outside your scope: trainers see the learners of their own classes, department admins the users of their department.`,
      );
    }
    return reply.header('cache-control', 'no-store').send(found.body);
  });

  app.get('/ledger/audit', async (request, reply) => {
    await admin(request, 'audit the ledger');
    return reply.header('cache-control', 'no-store').send(await auditLedger(database));
  });
};
