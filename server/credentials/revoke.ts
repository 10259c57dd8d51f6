// Revoking a credential: its status bit is set (the status list served from now on says so), the
// reason and who revoked it are kept, and a `credential-revocation` ledger entry records it, all
// in one transaction. A revocation is final.
import type { Database } from '../db/database.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { RequestError } from '../http/request-error.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { CredentialRow } from './issue.ts';
import type { Issuer } from './issuer.ts';
import { signDataIntegrity } from './signing.ts';
import { statusListDocument } from './status-list.ts';

export interface RevokeDeps {
  readonly database: Database;
  readonly ledger: Pick<Ledger, 'appendWithin'>;
}

export interface RevokeInput {
  readonly credentialId: string;
  readonly reason: string;
  readonly revokedBy: string;
  readonly now: Date;
}

export async function revokeCredential(deps: RevokeDeps, input: RevokeInput): Promise<CredentialRow> {
  return writeTransaction(deps.database, async (trx) => {
    const row = await trx.selectFrom('credentials').selectAll().where('id', '=', input.credentialId).executeTakeFirst();
    if (row === undefined) throw new RequestError(404, `There is no credential ${input.credentialId}: check the id in the list.`);
    if (row.revoked_at !== null)
      throw new RequestError(
        409,
        `The credential ${input.credentialId} was already revoked on ${row.revoked_at}: a revocation is final.`,
      );
    const revokedAt = input.now.toISOString();
    const entry = await deps.ledger.appendWithin(trx, 'credential-revocation', {
      credentialId: row.id,
      credentialKind: row.kind,
      userId: row.user_id,
      username: row.username,
      achievementId: row.achievement_id,
      statusList: row.status_list,
      statusIndex: row.status_index,
      reason: input.reason,
      revokedBy: input.revokedBy,
      revokedAt,
    });
    const revoked = {
      revoked_at: revokedAt,
      revoked_reason: input.reason,
      revoked_by: input.revokedBy,
      revocation_seq: entry.seq,
    };
    await trx.updateTable('credentials').set(revoked).where('id', '=', row.id).execute();
    return { ...row, ...revoked };
  });
}

/** The revoked indexes of one status list. */
export async function revokedIndexes(database: Database, list: number): Promise<number[]> {
  const rows = await database.db
    .selectFrom('credentials')
    .select('status_index')
    .where('status_list', '=', list)
    .where('revoked_at', 'is not', null)
    .execute();
  return rows.map((row) => Number(row.status_index));
}

/** Status list `list` as served: its credential, signed now, with the revocations so far. */
export async function signedStatusList(
  database: Database,
  issuer: Issuer,
  list: number,
  now: Date,
): Promise<Record<string, unknown>> {
  return signDataIntegrity(issuer, statusListDocument(issuer, list, await revokedIndexes(database, list), now), now);
}
