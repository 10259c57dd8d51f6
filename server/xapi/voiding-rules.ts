// Who may void what. Official statements (the grader's) are never voided: an administrator
// corrects a result through a grading adjustment. A credential with scope `all` may void any
// other statement; everyone else (signed-in people, write-only credentials) only what they stored.
import type { XapiPrincipal } from './auth.ts';
import { XapiError } from './errors.ts';
import type { PreparedStatement } from './statement-prepare.ts';
import { sameAccount } from './statement-store.ts';
import type { StatementStore } from './statement-store.ts';

function refuse(where: string, reason: string): XapiError {
  return new XapiError(403, `${where} may not be stored: ${reason}`);
}

/** Throws 403 with the reason when a voiding statement of the batch names a statement its caller may not void. */
export async function assertMayVoid(
  store: StatementStore,
  principal: XapiPrincipal,
  batch: readonly PreparedStatement[],
): Promise<void> {
  const voiding = batch.filter((item) => item.isVoiding && item.targetId !== null);
  if (voiding.length === 0) return;
  const stored = await store.findAll(voiding.map((item) => item.targetId ?? ''));
  const inBatch = new Set(batch.filter((item) => !item.isVoiding).map((item) => item.id));
  const administers = principal.person === undefined && principal.scopes.has('all');
  for (const item of voiding) {
    const targetId = item.targetId ?? '';
    const where = batch.length > 1 ? `statements[${batch.indexOf(item)}] (voiding ${targetId})` : `The voiding of ${targetId}`;
    const target = stored.get(targetId);
    if (target !== undefined && store.isOfficial(target))
      throw refuse(
        where,
        'it is an official statement recorded by the grader. Official results are corrected by an administrator through a grading adjustment, never voided.',
      );
    // Stored in this same request: the caller is its authority.
    if (administers || inBatch.has(targetId)) continue;
    if (target === undefined)
      throw refuse(where, 'no statement with that id is stored, and you may void only statements you stored yourself.');
    if (!sameAccount(target.authority, principal.authority))
      throw refuse(where, 'that statement was stored by someone else, and you may void only statements you stored yourself.');
  }
}
