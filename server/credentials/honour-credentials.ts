// The credential of an awarded honour: issued when an admin's award is committed, from the
// decision's ledger entry (so it is issued once, and its evidence names that entry). The
// achievement is the honour as the policy version the proposal was made under names it; the
// criteria are the proposal's reasons, as the decision recorded them.
import type { HonourDecision } from '../../src/contracts/honour-types.ts';
import type { PolicyStore } from '../reports/policy-store.ts';
import { issueCredential, type CredentialDeps, type CredentialRow } from './issue.ts';

export interface HonourCredentialDeps extends CredentialDeps {
  readonly policies: Pick<PolicyStore, 'get'>;
}

/** Issues the award's credential (undefined for a decline or a person no longer known). */
export async function issueHonourCredential(
  deps: HonourCredentialDeps,
  decision: HonourDecision,
): Promise<CredentialRow | undefined> {
  if (decision.decision !== 'award') return undefined;
  const user = await deps.database.db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', '=', decision.username)
    .executeTakeFirst();
  if (user === undefined) return undefined;
  const stored = await deps.policies.get(decision.policyVersion);
  const honour = stored?.policy.honours?.find((h) => h.id === decision.honourId);
  const name = honour?.label ?? { 'zh-CN': decision.honourId, en: decision.honourId };
  const criteria = {
    'zh-CN': [`${decision.periodId}：`, ...decision.reasons.map((reason) => reason.text['zh-CN'])].join(''),
    en: [`${decision.periodId}: `, decision.reasons.map((reason) => reason.text.en).join('; ')].join(''),
  };
  return issueCredential(deps, {
    kind: 'honour',
    subject: { userId: user.id, username: user.username, displayName: decision.name },
    achievement: { id: `${decision.honourId}/${decision.periodId}`, name, criteria },
    ledgerSeq: decision.ledgerSeq,
    issuedAt: new Date(decision.decidedAt),
  });
}
