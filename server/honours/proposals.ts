// The honours of a period as the console and the promotion report show them: who the policy's
// rules propose now (src/policy/honours.ts, from the same ledger-backed standings the report
// counts), merged with every decision admins have made.
import type { Kysely, Selectable } from 'kysely';
import type { HonourDecision, HonourView } from '../../src/contracts/honour-types.ts';
import { proposeHonours, type HonourCandidate, type HonourReason } from '../../src/policy/honours.ts';
import type { Policy } from '../../src/policy/schema.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import type { ReportData } from '../reports/report-data.ts';
import type { EvaluatedLearner } from '../reports/standing-rows.ts';
import type { HonourDecisionsTable } from './tables.ts';

/** Each evaluated learner with what the honours' conditions read beyond the standing. */
export function honourCandidates(data: ReportData, evaluated: readonly EvaluatedLearner[]): HonourCandidate[] {
  return evaluated.map(({ userId, learner, attempts }) => ({
    learner: {
      username: learner.username,
      name: learner.name,
      department: learner.department,
      rank: learner.rank,
      role: learner.role === 'department-admin' ? 'admin' : learner.role,
    },
    standing: learner.standing,
    teamResults: (data.exercisesByUser.get(userId) ?? []).map((r) => ({
      resultId: r.resultId,
      exerciseId: r.exerciseId,
      teamScore: r.teamScore,
      teamMax: r.teamMax,
      finishedAt: r.finishedAt,
    })),
    correctedResults: attempts.filter((attempt) => attempt.adjusted).map((attempt) => attempt.attemptId),
  }));
}

export function decisionOfRow(row: Selectable<HonourDecisionsTable>): HonourDecision {
  let reasons: HonourReason[];
  try {
    reasons = JSON.parse(row.reasons) as HonourReason[];
  } catch {
    // Written by this feature as JSON; an unreadable value shows no reasons rather than failing the page.
    reasons = [];
  }
  return {
    id: row.id,
    honourId: row.honour_id,
    periodId: row.period_id,
    policyVersion: row.policy_version,
    username: row.username,
    name: row.name,
    department: row.department,
    decision: row.decision === 'award' ? 'award' : 'decline',
    reason: row.reason,
    reasons,
    decidedBy: row.decided_by_username,
    decidedAt: row.decided_at,
    ledgerSeq: Number(row.ledger_seq),
  };
}

/** Every decision of the period, newest first. */
export async function periodDecisions(db: Kysely<DatabaseSchema>, periodId: string): Promise<HonourDecision[]> {
  const rows = await db
    .selectFrom('honour_decisions')
    .selectAll()
    .where('period_id', '=', periodId)
    .orderBy('ledger_seq', 'desc')
    .execute();
  return rows.map(decisionOfRow);
}

/** The query the honours feature offers others: every award of the period (e.g. to issue a credential for each). */
export async function awardedHonours(db: Kysely<DatabaseSchema>, periodId: string): Promise<HonourDecision[]> {
  return (await periodDecisions(db, periodId)).filter((decision) => decision.decision === 'award');
}

/** Proposals with their decisions, per honour of the policy given for the period; `department` limits both to one department. */
export async function honourViews(
  db: Kysely<DatabaseSchema>,
  policy: Policy,
  periodId: string,
  data: ReportData,
  evaluated: readonly EvaluatedLearner[],
  department: string | null = null,
): Promise<HonourView[]> {
  const honours = proposeHonours(policy, periodId, honourCandidates(data, evaluated));
  if (honours.length === 0) return [];
  const decisions = (await periodDecisions(db, periodId)).filter((d) => department === null || d.department === department);
  return honours.map((honour) => {
    const mine = decisions.filter((d) => d.honourId === honour.honourId);
    const byUser = new Map(mine.map((d) => [d.username, d]));
    return {
      honourId: honour.honourId,
      label: honour.label,
      perDepartment: honour.perDepartment,
      proposals: honour.proposals
        .filter((p) => department === null || p.department === department)
        .map((p) => ({ ...p, decision: byUser.get(p.username) ?? null })),
      decisions: mine,
    };
  });
}
