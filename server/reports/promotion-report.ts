// The promotion report (GET /api/v1/reports/promotion): every covered account's standing for one
// period under one policy version, filtered, with the latest ledger checkpoint and the rows the
// ledger does not back marked.
import { periodWindow } from '../../src/policy/period.ts';
import type { PromotionReport, ReportLearner, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import type { Database } from '../db/database.ts';
import { markLedgerRows } from './ledger-rows.ts';
import type { ReportLedger } from './ledger-rows.ts';
import { loadReportData, type ReportData } from './report-data.ts';
import type { ReportCourses } from './report-courses.ts';
import type { ReportFilters, ReportRequest } from './report-query.ts';
import { COLLATOR, coversAccount, evaluateLearners, type EvaluatedLearner } from './standing-rows.ts';
import type { Policy } from '../../src/policy/schema.ts';
import type { HonourView } from '../../src/contracts/honour-types.ts';

/** What the honours feature (server/honours) is given to add a period's proposals and decisions to the report. */
export interface ReportHonoursInput {
  readonly policy: Policy;
  readonly periodId: string;
  readonly data: ReportData;
  readonly evaluated: readonly EvaluatedLearner[];
  /** Only these departments' people (a department admin's report, or the department filter); null: everyone. */
  readonly department: string | null;
}
export type ReportHonours = (input: ReportHonoursInput) => Promise<readonly HonourView[]>;

export interface ReportDeps {
  readonly database: Database;
  readonly courses: ReportCourses;
  /** The ledger's latest stored checkpoint (never signed on request); asked after the results are read. */
  readonly signedHead: () => Promise<SignedLedgerHead>;
  /** The ledger, to mark rows it does not back. Absent (benchmarks): every row is marked unchecked. */
  readonly ledger?: ReportLedger | undefined;
  readonly now: () => number;
  /** The honours of the period (server/honours, passed in by the composition root). Absent: the report lists none. */
  readonly honours?: ReportHonours | undefined;
}

/**
 * A learner belongs to a department's report when the department is theirs for the period (in
 * force at its end, or now), or when they earned a result of the period there (a transfer).
 */
export function inDepartment(learner: ReportLearner, department: string): boolean {
  return learner.department === department || learner.standing.earnedIn.includes(department);
}

export function matchesFilters(learner: ReportLearner, filters: ReportFilters): boolean {
  if (filters.department !== null && !inDepartment(learner, filters.department)) return false;
  if (filters.rank !== null && learner.rank !== filters.rank) return false;
  if (filters.status === 'meets' && !learner.standing.meets) return false;
  if (filters.status === 'short' && learner.standing.meets) return false;
  return true;
}

export async function promotionReport(deps: ReportDeps, request: ReportRequest): Promise<PromotionReport> {
  const { policy, info } = request.stored;
  const { period, filters } = request;
  const data = await loadReportData(deps.database, periodWindow(period, policy.utcOffset));
  const ledgerHead = await deps.signedHead();
  const marks = await markLedgerRows(deps.ledger, data);
  const evaluated = evaluateLearners(policy, period.id, data, deps.courses, deps.now());
  const everyone = evaluated.map(({ userId, learner }) => {
    const issues = marks.byUser.get(userId);
    return issues === undefined ? learner : { ...learner, ledgerIssues: issues };
  });
  const learners = everyone.filter((learner) => matchesFilters(learner, filters));
  const covered = data.accounts.filter(
    (account) =>
      coversAccount(account, data) && (request.scopeDepartment === undefined || account.department === request.scopeDepartment),
  );
  const distinct = (values: readonly (string | null)[]) =>
    [...new Set(values.filter((value): value is string => value !== null))].sort(COLLATOR.compare);
  const meets = learners.filter((learner) => learner.standing.meets).length;
  const honours =
    deps.honours === undefined
      ? []
      : await deps.honours({
          policy,
          periodId: period.id,
          data,
          evaluated,
          department: request.scopeDepartment ?? filters.department,
        });
  return {
    generatedAt: new Date(deps.now()).toISOString(),
    policy: { version: policy.version, adopted: policy.adopted, note: info.note },
    period: { id: period.id, label: period.label, start: period.start, end: period.end },
    filters,
    departments: distinct(covered.map((account) => account.department)),
    ranks: distinct(covered.map((account) => account.rank)),
    summary: { learners: learners.length, meets, short: learners.length - meets },
    ledgerHead,
    ledgerCheck: marks.check,
    learners,
    honours,
  };
}
