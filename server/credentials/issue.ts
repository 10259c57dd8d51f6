// Issuing one credential: a status index, the OpenBadgeCredential for the achievement, both signed
// forms, one row. The one way in for every kind (a course pass here, an awarded honour from the
// honours feature): one credential per kind and ledger entry, so asking twice returns the first.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { credentialDocument } from './credential-document.ts';
import type { AchievementInput, CredentialKind, CredentialSubjectInput } from './credential-document.ts';
import type { Issuer } from './issuer.ts';
import { signDataIntegrity, signJose } from './signing.ts';
import { statusPosition } from './status-list.ts';
import type { CredentialsTable } from './tables.ts';

export interface CredentialDeps {
  readonly database: Database;
  readonly issuer: Issuer;
}

export interface IssueCredentialInput {
  readonly kind: CredentialKind;
  readonly subject: CredentialSubjectInput;
  readonly achievement: AchievementInput;
  /** Percent, 0–100; leave it out where the policy does not allow showing the score. */
  readonly score?: number | undefined;
  /** The ledger entry that records what the credential attests (a result, an honour decision). */
  readonly ledgerSeq: number;
  /** When the credential stops being valid (recertification); none: it does not expire. */
  readonly validUntil?: Date | undefined;
  readonly issuedAt: Date;
}

export type CredentialRow = Selectable<CredentialsTable>;

async function ledgerHash(trx: Kysely<DatabaseSchema>, seq: number): Promise<string> {
  const row = await trx.selectFrom('ledger_entries').select('hash').where('seq', '=', seq).executeTakeFirst();
  if (row === undefined) throw new Error(`ledger entry ${seq} does not exist: a credential must stand on a recorded entry`);
  return row.hash;
}

export async function issueCredential(deps: CredentialDeps, input: IssueCredentialInput): Promise<CredentialRow> {
  return writeTransaction(deps.database, async (trx) => {
    // Taken first: the update locks the one head row, so concurrent issuers take turns.
    const head = await trx
      .updateTable('credential_status_head')
      .set((eb) => ({ next_index: eb('next_index', '+', 1) }))
      .where('id', '=', 1)
      .returning('next_index')
      .executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom('credentials')
      .selectAll()
      .where('kind', '=', input.kind)
      .where('ledger_seq', '=', input.ledgerSeq)
      .executeTakeFirst();
    if (existing !== undefined) {
      await trx
        .updateTable('credential_status_head')
        .set({ next_index: Number(head.next_index) - 1 })
        .where('id', '=', 1)
        .execute();
      return existing;
    }
    const { list, index } = statusPosition(Number(head.next_index) - 1);
    const id = randomUUID();
    const document = credentialDocument(deps.issuer, {
      id: `urn:uuid:${id}`,
      kind: input.kind,
      subject: input.subject,
      achievement: input.achievement,
      score: input.score,
      ledgerSeq: input.ledgerSeq,
      ledgerHash: await ledgerHash(trx, input.ledgerSeq),
      statusList: list,
      statusIndex: index,
      issuedAt: input.issuedAt,
      validUntil: input.validUntil,
    });
    const signed = await signDataIntegrity(deps.issuer, document, input.issuedAt);
    const row: CredentialRow = {
      id,
      kind: input.kind,
      user_id: input.subject.userId,
      username: input.subject.username,
      achievement_id: input.achievement.id,
      achievement_name: JSON.stringify(input.achievement.name),
      ledger_seq: input.ledgerSeq,
      status_list: list,
      status_index: index,
      issued_at: input.issuedAt.toISOString(),
      valid_until: input.validUntil?.toISOString() ?? null,
      credential: JSON.stringify(signed),
      jwt: await signJose(deps.issuer, signed),
      revoked_at: null,
      revoked_reason: null,
      revoked_by: null,
      revocation_seq: null,
    };
    await trx.insertInto('credentials').values(row).execute();
    return row;
  });
}
