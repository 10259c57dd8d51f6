// Honours as a Fastify plugin (mount it at /api/v1): the period's proposals with their reasons and
// decisions (GET /admin/honours), and an admin's decision on one (POST /admin/honours/decisions),
// recorded in the ledger and the admin audit log. Organisation admins only.
import type { FastifyPluginAsync } from 'fastify';
import { honourDecisionRequestSchema, type HonourDecision, type HonoursResponse } from '../../src/contracts/honour-types.ts';
import { periodWindow } from '../../src/policy/period.ts';
import type { RecordAdminAction } from '../accounts/admin-audit.ts';
import { requireAdminSession } from '../accounts/guards.ts';
import type { UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { parseBody } from '../http/request-body.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { PolicyStore } from '../reports/policy-store.ts';
import type { ReportHonours } from '../reports/promotion-report.ts';
import type { ReportCourses } from '../reports/report-courses.ts';
import { loadReportData } from '../reports/report-data.ts';
import { readReportRequest } from '../reports/report-query.ts';
import { evaluateLearners } from '../reports/standing-rows.ts';
import { decideHonour } from './decisions.ts';
import { awardedHonours, honourViews } from './proposals.ts';

export interface HonoursOptions {
  readonly database: Database;
  readonly ledger: Pick<Ledger, 'appendWithin'>;
  readonly currentUser: UserResolver;
  readonly recordAdminAction?: RecordAdminAction;
  /** The reports feature's policy versions (server/reports). */
  readonly policies: PolicyStore;
  /** Credit hours and titles of the courses, as the reports count them. */
  readonly courses: () => ReportCourses;
  /**
   * Told of every award once it is committed (after the ledger entry and the audit record): where
   * issuing a credential for the honour can hook in. A failure here does not undo the award.
   */
  readonly onHonourAwarded?: (decision: HonourDecision) => Promise<void> | void;
  readonly now?: () => number;
}

export interface Honours {
  /** Register under `/api/v1`. */
  readonly plugin: FastifyPluginAsync;
  /** For the promotion report (server/reports ReportsOptions.honours). */
  readonly forReport: ReportHonours;
  /** Every award of a period, newest first. */
  readonly awardedHonours: (periodId: string) => Promise<HonourDecision[]>;
}

const DECISION_BODY_BYTES = 16 * 1024;

export function createHonours(options: HonoursOptions): Honours {
  const now = options.now ?? Date.now;
  const { db } = options.database;

  const plugin: FastifyPluginAsync = async (app) => {
    app.setErrorHandler(
      apiErrorHandler({
        area: 'honours',
        accepts: 'application/json',
        tooLarge: () => `The body is too large: at most ${DECISION_BODY_BYTES / 1024} KiB.`,
      }),
    );

    app.get('/admin/honours', async (request, reply): Promise<HonoursResponse> => {
      await requireAdminSession(options.currentUser, request);
      const query = await readReportRequest(request.query, options.policies, now(), ['period', 'policyVersion']);
      const { policy } = query.stored;
      const data = await loadReportData(options.database, periodWindow(query.period, policy.utcOffset));
      const evaluated = evaluateLearners(policy, query.period.id, data, options.courses(), now());
      void reply.header('cache-control', 'no-store');
      return {
        policyVersion: policy.version,
        period: { id: query.period.id, label: query.period.label },
        honours: await honourViews(db, policy, query.period.id, data, evaluated),
      };
    });

    app.post('/admin/honours/decisions', { bodyLimit: DECISION_BODY_BYTES }, async (request, reply) => {
      const admin = await requireAdminSession(options.currentUser, request);
      const input = parseBody(honourDecisionRequestSchema, request.body);
      const decision = await decideHonour({ ...options, now }, admin, input);
      await options.recordAdminAction?.(request, admin, {
        action: decision.decision === 'award' ? 'honour.award' : 'honour.decline',
        target: `${decision.honourId} ${decision.periodId}: ${decision.username} (${decision.name})`,
        detail: `${decision.reason ?? ''} (ledger entry ${decision.ledgerSeq})`.trim(),
      });
      if (decision.decision === 'award' && options.onHonourAwarded !== undefined) {
        try {
          await options.onHonourAwarded(decision);
        } catch (error) {
          request.log.error({ err: error }, `after the award ${decision.id}, onHonourAwarded failed`);
        }
      }
      void reply.header('cache-control', 'no-store');
      return reply.code(201).send(decision);
    });
  };

  return {
    plugin,
    forReport: (input) => honourViews(db, input.policy, input.periodId, input.data, input.evaluated, input.department),
    awardedHonours: (periodId) => awardedHonours(db, periodId),
  };
}
