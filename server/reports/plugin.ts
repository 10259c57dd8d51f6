// Reports as a Fastify plugin (mount it at /api/v1): the training policy (GET/PUT /policy), the
// promotion report in JSON, CSV and XLSX, the console's analytics, and the API tokens HR systems
// read them with. createReports imports config/training-policy.yaml before the server listens.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ApiTokenScope, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import type { RecordAdminAction } from '../accounts/admin-audit.ts';
import { requireAdminSession, requireSession, requireUser } from '../accounts/guards.ts';
import type { UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { DEFAULT_ASSESSMENT_POLICY, type AssessmentPolicy } from '../grading/assessment-policy.ts';
import type { CourseCatalog } from '../grading/course-catalog.ts';
import { apiErrorHandler, ClientError } from '../http/api-errors.ts';
import { apiTokenRequestSchema, policyRequestSchema } from '../../src/contracts/report-types.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { readerAuthorizer, scopedRequest, type AuthorizeReader } from './access.ts';
import { reportAnalytics } from './analytics.ts';
import { ApiTokenStore, type TokenCheck } from './api-tokens.ts';
import { PolicyStore, type PolicyProblem } from './policy-store.ts';
import { promotionReport, type ReportDeps, type ReportHonours } from './promotion-report.ts';
import { myRecertification } from './my-recertification.ts';
import type { ReportLedger } from './ledger-rows.ts';
import { ReportCourses } from './report-courses.ts';
import { contentDisposition, reportCsv, reportHeaders, reportXlsx } from './report-files.ts';
import { myStanding } from './my-standing.ts';
import { defaultPeriod, readReportRequest } from './report-query.ts';
import { reportTable } from './report-table.ts';

export interface ReportsOptions {
  readonly database: Database;
  /** Where issuing and revoking API tokens is recorded (the accounts feature's admin audit log). */
  readonly recordAdminAction?: RecordAdminAction;
  /** The accounts plugin's resolver (it applies the CSRF rule to unsafe methods). */
  readonly currentUser: UserResolver;
  /** Courses the server grades (credit hours, titles, dimensions and step titles), loaded once at start by the composition root. */
  readonly catalog: CourseCatalog;
  /** config/training-policy.yaml: every version in it the database lacks is stored at start. */
  readonly policyFile: string;
  /** The ledger's latest stored checkpoint (server/ledger): signed at an append, never on request. */
  readonly signedHead: () => Promise<SignedLedgerHead>;
  /** The ledger, to mark report rows it does not back (server/reports/ledger-rows.ts). */
  readonly ledgerCheck: ReportLedger;
  /** The assessment limits grading applies (starts per window): a learner's page says how many are left. Default DEFAULT_ASSESSMENT_POLICY. */
  readonly assessmentPolicy?: AssessmentPolicy;
  /** Time source. Default Date.now. */
  readonly now?: () => number;
  /** The period's honours for the promotion report (server/honours), given by the composition root. */
  readonly honours?: ReportHonours;
  /** Told when the policy file gives a stored version other rules (the stored ones stay). Default: a process warning. */
  readonly warn?: (message: string) => void;
}

export interface Reports {
  /** Register under `/api/v1`. */
  readonly plugin: FastifyPluginAsync;
  /** Admin session or an API token with the scope (the ledger export uses it with `ledger:read`). */
  readonly authorizeReader: AuthorizeReader;
  /**
   * The bearer token alone, for other plugins' `authorize` option (the ledger's `ledger:read`):
   * true for a token with the scope, false when the request sends none (look for a session), and
   * a RequestError (statusCode 401 unknown or revoked, 403 without the scope) otherwise.
   */
  readonly authorizeToken: (request: FastifyRequest, scope: ApiTokenScope) => Promise<boolean>;
  /** The same check as a value: absent, granted, or refused with the status and why. */
  readonly checkToken: (request: FastifyRequest, scope: ApiTokenScope) => Promise<TokenCheck>;
  readonly policies: PolicyStore;
  /** The courses as reports count them (credit hours, titles), for features that evaluate standings. */
  readonly courses: () => ReportCourses;
  /** Revokes the API tokens an admin issued (when the accounts feature disables them); answers how many. */
  readonly revokeTokensIssuedBy: (username: string) => Promise<number>;
}

/** Policy text that failed validation: answered 422 with every problem. */
class PolicyInvalid extends ClientError {
  constructor(problems: readonly PolicyProblem[]) {
    super(
      422,
      `The policy has ${problems.length} problem${problems.length === 1 ? '' : 's'}; the first: ${problems[0]?.path ?? ''}: ${problems[0]?.message ?? ''}`,
      {},
      { problems },
    );
  }
}

const POLICY_BODY_BYTES = 256 * 1024;

export async function createReports(options: ReportsOptions): Promise<Reports> {
  const now = options.now ?? Date.now;
  const { db } = options.database;
  const policies = new PolicyStore(db, now);
  const fileName = path.relative(process.cwd(), options.policyFile) || options.policyFile;
  const { differing } = await policies.importFile(readFileSync(options.policyFile, 'utf8'), fileName);
  const warn = options.warn ?? ((message: string) => process.emitWarning(message, 'ShixunPolicyWarning'));
  for (const version of differing) {
    warn(
      `${fileName} changes policy version ${version}, which the database already holds with other rules; the stored rules stay in force. Versions are never edited: give the change a new version name.`,
    );
  }
  let loaded: ReportCourses | undefined;
  const courses = (): ReportCourses => (loaded ??= ReportCourses.fromCatalog(options.catalog));
  const tokens = new ApiTokenStore(db, now);
  const authorizeReader = readerAuthorizer(options.currentUser, tokens);
  const deps = (): ReportDeps => ({
    database: options.database,
    courses: courses(),
    signedHead: options.signedHead,
    ledger: options.ledgerCheck,
    now,
    honours: options.honours,
  });

  const plugin: FastifyPluginAsync = async (app) => {
    app.setErrorHandler(
      apiErrorHandler({
        area: 'reports',
        accepts: 'application/json',
        tooLarge: () => `The body is too large: at most ${POLICY_BODY_BYTES / 1024} KiB.`,
      }),
    );

    // A department admin reads the policy (its periods and versions choose their report), never changes it.
    app.get('/policy', async (request, reply) => {
      await requireAdminSession(options.currentUser, request, ['admin', 'department-admin']);
      void reply.header('cache-control', 'no-store');
      return policies.versions();
    });

    app.put('/policy', { bodyLimit: POLICY_BODY_BYTES }, async (request, reply) => {
      const user = await requireAdminSession(options.currentUser, request);
      const { yaml } = parseBody(policyRequestSchema, request.body);
      const result = await policies.add(yaml, user.username, courses().ids);
      if (result.kind === 'invalid') throw new PolicyInvalid(result.problems);
      if (result.kind === 'exists') {
        throw new RequestError(
          409,
          `Policy version "${result.version}" already exists, and versions are never changed: give this one a new version name (e.g. "${result.version}.1").`,
        );
      }
      await options.recordAdminAction?.(request, user, {
        action: 'policy.update',
        target: `policy ${result.info.version}`,
        detail: 'made current',
      });
      void reply.header('cache-control', 'no-store');
      return reply.code(201).send(await policies.versions());
    });

    app.get('/reports/promotion', async (request, reply) => {
      const reader = await authorizeReader(request, 'reports:read');
      const query = scopedRequest(reader, await readReportRequest(request.query, policies, now()));
      const report = await promotionReport(deps(), query);
      void reply.headers(reportHeaders(report));
      if (query.format === 'json') return report;
      const table = reportTable(report, query.lang, courses(), query.stored.policy.utcOffset);
      void reply.header('content-disposition', contentDisposition(report, query.lang, query.format));
      // A file leaving the server by a person's hand is recorded; API tokens' scheduled pulls are not.
      if (reader.kind === 'admin') {
        await options.recordAdminAction?.(request, reader.user, {
          action: 'report.export',
          target: `promotion report (${query.format})`,
          detail: `policy ${query.stored.info.version}, period ${report.period.id}, ${report.learners.length} learners`,
        });
      }
      if (query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(reportCsv(table));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await reportXlsx(table));
    });

    // A learner's own standing under the policy in force, for the period running now: their own only.
    app.get('/me/standing', async (request, reply) => {
      const user = await requireUser(options.currentUser, request, 'Sign in first: your standing belongs to your account.');
      const stored = await policies.get();
      if (stored === undefined)
        throw new RequestError(404, 'No training policy is in force yet, so there is no standing to show.');
      const period = defaultPeriod(stored.policy.periods, stored.policy.utcOffset, now());
      if (period === undefined) throw new RequestError(404, `Training policy ${stored.policy.version} has no period.`);
      void reply.header('cache-control', 'no-store');
      return myStanding(deps(), {
        user,
        stored,
        period,
        assessments: options.assessmentPolicy ?? DEFAULT_ASSESSMENT_POLICY,
      });
    });

    app.get('/reports/analytics', async (request, reply) => {
      const reader = await authorizeReader(request, 'reports:read');
      const query = scopedRequest(
        reader,
        await readReportRequest(request.query, policies, now(), ['period', 'department', 'rank', 'policyVersion']),
      );
      void reply.header('cache-control', 'no-store');
      return reportAnalytics(deps(), query);
    });

    // A learner's own renewals: which passes expire soon or have expired (policy `recertification`).
    app.get('/me/recertification', async (request, reply) => {
      const user = await requireSession(options.currentUser, request);
      const stored = await policies.get();
      if (stored === undefined) throw new RequestError(404, 'No training policy is stored yet.');
      void reply.header('cache-control', 'no-store');
      return myRecertification(options.database, stored.policy, user, courses(), now());
    });

    app.get('/admin/api-tokens', async (request, reply) => {
      await requireAdminSession(options.currentUser, request);
      void reply.header('cache-control', 'no-store');
      return { tokens: await tokens.list() };
    });

    app.post('/admin/api-tokens', async (request, reply) => {
      const user = await requireAdminSession(options.currentUser, request);
      const body = parseBody(apiTokenRequestSchema, request.body);
      const label = body.label.trim();
      const { scopes } = body;
      const created = await tokens.create(label, scopes, user.username);
      await options.recordAdminAction?.(request, user, {
        action: 'api-token.create',
        target: `${created.label} (${created.prefix}…)`,
        detail: `scopes ${created.scopes.join(' ')}`,
      });
      void reply.header('cache-control', 'no-store');
      return reply.code(201).send(created);
    });

    app.delete<{ Params: { id: string } }>('/admin/api-tokens/:id', async (request, reply) => {
      const user = await requireAdminSession(options.currentUser, request);
      const revoked = await tokens.revoke(request.params.id);
      if (revoked === undefined)
        throw new RequestError(404, `There is no API token ${request.params.id}; list them with GET /api/v1/admin/api-tokens.`);
      await options.recordAdminAction?.(request, user, {
        action: 'api-token.revoke',
        target: `${revoked.label} (${revoked.prefix}…)`,
      });
      void reply.header('cache-control', 'no-store');
      return revoked;
    });
  };

  const authorizeToken = async (request: FastifyRequest, scope: ApiTokenScope): Promise<boolean> => {
    const check = await tokens.check(request, scope);
    if (check.kind === 'refused') throw new RequestError(check.statusCode, check.message);
    return check.kind === 'granted';
  };
  return {
    plugin,
    authorizeReader,
    authorizeToken,
    checkToken: (request, scope) => tokens.check(request, scope),
    policies,
    courses,
    revokeTokensIssuedBy: (username) => tokens.revokeIssuedBy(username),
  };
}
