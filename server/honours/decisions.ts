// An admin's decision on a proposed honour: checked against the policy and the proposals of now,
// then stored with its `honour-decision` ledger entry in one write transaction. A person gets one
// decision per honour and period, and awards stop at the department's limit.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { HonourDecision, HonourDecisionRequest } from '../../src/contracts/honour-types.ts';
import { describeKnown } from '../../src/course/problems.ts';
import { honourApplies, judgeHonour } from '../../src/policy/honours.ts';
import { periodWindow } from '../../src/policy/period.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { RequestError } from '../http/request-error.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { PolicyStore } from '../reports/policy-store.ts';
import type { ReportCourses } from '../reports/report-courses.ts';
import { loadReportData } from '../reports/report-data.ts';
import { evaluateLearners } from '../reports/standing-rows.ts';
import { decisionOfRow, honourCandidates } from './proposals.ts';

export interface DecisionDeps {
  readonly database: Database;
  readonly ledger: Pick<Ledger, 'appendWithin'>;
  readonly policies: PolicyStore;
  readonly courses: () => ReportCourses;
  readonly now: () => number;
}

export async function decideHonour(
  deps: DecisionDeps,
  admin: SessionUser,
  input: HonourDecisionRequest,
): Promise<HonourDecision> {
  const stored = await deps.policies.get(input.policyVersion);
  if (stored === undefined)
    throw new RequestError(
      400,
      input.policyVersion === undefined
        ? 'No training policy is stored yet.'
        : `policyVersion "${input.policyVersion}" is not a stored policy version (known: ${describeKnown(await deps.policies.names())}).`,
    );
  const { policy } = stored;
  const honour = policy.honours?.find((h) => h.id === input.honourId);
  if (honour === undefined)
    throw new RequestError(
      404,
      `Training policy ${policy.version} has no honour "${input.honourId}" (known: ${describeKnown((policy.honours ?? []).map((h) => h.id))}).`,
    );
  const period = policy.periods.find((p) => p.id === input.periodId);
  if (period === undefined)
    throw new RequestError(
      400,
      `periodId "${input.periodId}" is not a period of training policy ${policy.version} (known: ${describeKnown(policy.periods.map((p) => p.id))}).`,
    );
  if (!honourApplies(honour, period.id))
    throw new RequestError(
      400,
      `The honour "${honour.id}" is not given for period ${period.id} (it is given for ${describeKnown(honour.periods ?? [])}).`,
    );
  const { db } = deps.database;
  const user = await db.selectFrom('users').select(['id']).where('username', '=', input.username).executeTakeFirst();
  if (user === undefined) throw new RequestError(404, `There is no user "${input.username}".`);

  // Judged now, on the same standings the promotion report counts: only a proposed person is decided.
  const data = await loadReportData(deps.database, periodWindow(period, policy.utcOffset), { userId: user.id });
  const evaluated = evaluateLearners(policy, period.id, data, deps.courses(), deps.now());
  const candidate = honourCandidates(data, evaluated)[0];
  const judged = candidate === undefined ? undefined : judgeHonour(honour, candidate);
  if (candidate === undefined || judged === undefined || !judged.eligible)
    throw new RequestError(
      409,
      `${input.username} is not proposed for "${honour.label.en}" in ${period.id}: ${judged && !judged.eligible ? judged.failures.join('; ') : 'the report does not cover this account'}. Only proposed people can be decided.`,
    );
  const { learner } = candidate;

  return writeTransaction(deps.database, async (trx) => {
    if (deps.database.dialect === 'postgres')
      // Decisions on one honour and period take turns, so two awards sent at once cannot both pass the limit.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`shixun.honours:${period.id}:${honour.id}`}, 0))`.execute(trx);
    const earlier = await trx
      .selectFrom('honour_decisions')
      .selectAll()
      .where('period_id', '=', period.id)
      .where('honour_id', '=', honour.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (earlier !== undefined)
      throw new RequestError(
        409,
        `${input.username} was already decided for "${honour.label.en}" in ${period.id}: ${earlier.decision === 'award' ? 'awarded' : 'declined'} by ${earlier.decided_by_username} at ${earlier.decided_at}. A decision is made once.`,
      );
    if (input.decision === 'award') {
      const awarded = await trx
        .selectFrom('honour_decisions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('period_id', '=', period.id)
        .where('honour_id', '=', honour.id)
        .where('decision', '=', 'award')
        .where((eb) => (learner.department === null ? eb('department', 'is', null) : eb('department', '=', learner.department)))
        .executeTakeFirstOrThrow();
      if (Number(awarded.n) >= honour.limit.perDepartment)
        throw new RequestError(
          409,
          `The limit is reached: ${learner.department ?? 'accounts without a department'} already has ${Number(awarded.n)} award(s) of "${honour.label.en}" in ${period.id}, and the policy allows at most ${honour.limit.perDepartment} per department.`,
        );
    }
    const id = randomUUID();
    const decidedAt = new Date(deps.now()).toISOString();
    const reason = input.reason === undefined || input.reason === '' ? null : input.reason;
    const entry = await deps.ledger.appendWithin(trx, 'honour-decision', {
      decisionId: id,
      honourId: honour.id,
      periodId: period.id,
      policyVersion: policy.version,
      userId: user.id,
      username: learner.username,
      decision: input.decision,
      reason,
      reasons: judged.reasons.map(({ text: _text, ...figures }) => figures),
      decidedBy: admin.username,
      decidedAt,
    });
    const row = {
      id,
      period_id: period.id,
      honour_id: honour.id,
      policy_version: policy.version,
      user_id: user.id,
      username: learner.username,
      name: learner.name,
      department: learner.department,
      decision: input.decision,
      reason,
      reasons: JSON.stringify(judged.reasons),
      decided_by: admin.id,
      decided_by_username: admin.username,
      decided_at: decidedAt,
      ledger_seq: entry.seq,
    };
    await trx.insertInto('honour_decisions').values(row).execute();
    return decisionOfRow(row);
  });
}
