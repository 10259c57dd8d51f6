// Official results after grading, as a Fastify plugin (mount it at /api/v1): an admin's
// corrections of a result (each also a ledger entry), inclusion proofs of results for the people
// who may read them, and the audit of the results tables against what the ledger recorded. The
// ledger itself (server/ledger) only keeps the chain.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
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

  /**
   * Whether `user` may read the ledger entry about `attemptId` (null: an entry about no attempt):
   * admins every entry, others the entries about attempts of people in their record scope.
   */
  async function requireEntryReader(user: SessionUser, attemptId: string | null, what: string): Promise<void> {
    if (user.role === 'admin') return;
    const owner =
      attemptId === null
        ? undefined
        : await database.db.selectFrom('attempts').select('user_id').where('attempt_id', '=', attemptId).executeTakeFirst();
    if (owner !== undefined && (await options.recordScope.mayRead(user, { id: owner.user_id }))) return;
    throw new RequestError(
      403,
      user.role === 'learner'
        ? `${what} is about another user's result; learners get proofs of their own results only.`
        : `${what} is about a result outside your scope: trainers get proofs of the results of their own classes' learners, department admins of their department's users.`,
    );
  }

  async function sendProof(reply: FastifyReply, seq: number) {
    const proof = await ledger.inclusionProof(seq);
    if (proof === undefined)
      throw new RequestError(404, `Ledger entry ${seq} is not covered by a signed checkpoint yet: ask again in a moment.`);
    return reply.header('cache-control', 'no-store').send(proof);
  }

  // An entry's inclusion proof up to the latest signed checkpoint (docs/ledger.md, "Inclusion proofs").
  app.get<{ Params: { seq: string } }>('/ledger/entries/:seq/proof', async (request, reply) => {
    const user = await signedIn(request);
    if (!/^[1-9][0-9]{0,14}$/.test(request.params.seq))
      throw new RequestError(400, `"${request.params.seq.slice(0, 40)}" is not a ledger seq: give a whole number from 1.`);
    const seq = Number(request.params.seq);
    const found = await ledger.entryAt(seq);
    if (found === undefined) throw new RequestError(404, `The ledger holds no entry ${seq}.`);
    await requireEntryReader(user, found.attemptId, `Ledger entry ${seq}`);
    return sendProof(reply, seq);
  });

  // The proof of an attempt's effective result: its latest entry (the grading, or its last correction).
  app.get<{ Params: { attemptId: string } }>('/attempts/:attemptId/ledger-proof', async (request, reply) => {
    const user = await signedIn(request);
    const attemptId = requireAttemptId(request.params.attemptId);
    const attempt = await database.db
      .selectFrom('attempts')
      .select(['user_id', 'status'])
      .where('attempt_id', '=', attemptId)
      .executeTakeFirst();
    if (attempt === undefined) throw new RequestError(404, `The server holds no attempt ${attemptId}.`);
    await requireEntryReader(user, attemptId, `Attempt ${attemptId}`);
    const entries = await ledger.entriesForAttempt(database.db, attemptId);
    const latest = entries[entries.length - 1];
    if (latest === undefined)
      throw new RequestError(
        409,
        `Attempt ${attemptId} is ${attempt.status}: only a finished attempt's result is in the ledger.`,
      );
    return sendProof(reply, latest.seq);
  });

  app.get('/ledger/audit', async (request, reply) => {
    await admin(request, 'audit the ledger');
    return reply.header('cache-control', 'no-store').send(await auditLedger(database));
  });
};
