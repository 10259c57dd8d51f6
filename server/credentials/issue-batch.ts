// Issuing many credentials at once (a learner's passes, a period's sweep, the bench): per batch,
// the status indexes are taken in one short transaction, the credentials are signed outside any
// transaction, and the rows go in with one transaction. Still one credential per kind and ledger
// entry: an entry that already has one keeps it (an index taken for it stays unused: a clear bit
// no credential points at).
import { randomUUID } from 'node:crypto';
import { writeTransaction } from '../db/write-transaction.ts';
import { credentialDocument } from './credential-document.ts';
import type { CredentialDeps, CredentialRow, IssueCredentialInput } from './issue.ts';
import { signDataIntegrity, signJose } from './signing.ts';
import { statusPosition } from './status-list.ts';

/** Credentials signed and inserted per transaction. */
export const ISSUE_BATCH_SIZE = 500;
/** Rows per INSERT statement (19 values each: well within SQLite's and PostgreSQL's parameter limits). */
const ROWS_PER_INSERT = 200;

const keyOf = (kind: string, seq: number) => `${kind}/${seq}`;

async function existingRows(deps: CredentialDeps, inputs: readonly IssueCredentialInput[]): Promise<Map<string, CredentialRow>> {
  const found = new Map<string, CredentialRow>();
  for (const kind of new Set(inputs.map((input) => input.kind))) {
    const seqs = inputs.filter((input) => input.kind === kind).map((input) => input.ledgerSeq);
    const rows = await deps.database.db
      .selectFrom('credentials')
      .selectAll()
      .where('kind', '=', kind)
      .where('ledger_seq', 'in', seqs)
      .execute();
    for (const row of rows) found.set(keyOf(row.kind, Number(row.ledger_seq)), row);
  }
  return found;
}

async function issueBatch(deps: CredentialDeps, inputs: readonly IssueCredentialInput[]): Promise<CredentialRow[]> {
  const existing = await existingRows(deps, inputs);
  const fresh: IssueCredentialInput[] = [];
  const wanted = new Set<string>();
  for (const input of inputs) {
    const key = keyOf(input.kind, input.ledgerSeq);
    if (!existing.has(key) && !wanted.has(key)) fresh.push(input);
    wanted.add(key);
  }
  if (fresh.length > 0) {
    const seqs = [...new Set(fresh.map((input) => input.ledgerSeq))];
    const hashes = new Map(
      (await deps.database.db.selectFrom('ledger_entries').select(['seq', 'hash']).where('seq', 'in', seqs).execute()).map(
        (row) => [Number(row.seq), row.hash],
      ),
    );
    const missing = seqs.find((seq) => !hashes.has(seq));
    if (missing !== undefined)
      throw new Error(`ledger entry ${missing} does not exist: a credential must stand on a recorded entry`);
    // The batch's status indexes, in one short transaction: the update locks the head row.
    const head = await writeTransaction(deps.database, (trx) =>
      trx
        .updateTable('credential_status_head')
        .set((eb) => ({ next_index: eb('next_index', '+', fresh.length) }))
        .where('id', '=', 1)
        .returning('next_index')
        .executeTakeFirstOrThrow(),
    );
    const first = Number(head.next_index) - fresh.length;
    const rows: CredentialRow[] = [];
    for (const [offset, input] of fresh.entries()) {
      const { list, index } = statusPosition(first + offset);
      const id = randomUUID();
      const document = credentialDocument(deps.issuer, {
        id: `urn:uuid:${id}`,
        kind: input.kind,
        subject: input.subject,
        achievement: input.achievement,
        score: input.score,
        ledgerSeq: input.ledgerSeq,
        ledgerHash: hashes.get(input.ledgerSeq)!,
        statusList: list,
        statusIndex: index,
        issuedAt: input.issuedAt,
        validUntil: input.validUntil,
      });
      const signed = await signDataIntegrity(deps.issuer, document, input.issuedAt);
      rows.push({
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
      });
    }
    // One transaction for the batch's rows; one issued meanwhile by another request wins.
    await writeTransaction(deps.database, async (trx) => {
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        await trx
          .insertInto('credentials')
          .values(rows.slice(start, start + ROWS_PER_INSERT))
          .onConflict((conflict) => conflict.columns(['kind', 'ledger_seq']).doNothing())
          .execute();
      }
    });
  }
  const stored = await existingRows(deps, inputs);
  return inputs.map((input) => stored.get(keyOf(input.kind, input.ledgerSeq))!);
}

/**
 * Issues a credential for each input that has none yet, in batches of `batchSize`; returns each
 * input's credential (the one it already had, or the new one), in input order.
 */
export async function issueCredentials(
  deps: CredentialDeps,
  inputs: readonly IssueCredentialInput[],
  batchSize = ISSUE_BATCH_SIZE,
): Promise<CredentialRow[]> {
  const rows: CredentialRow[] = [];
  for (let start = 0; start < inputs.length; start += batchSize)
    rows.push(...(await issueBatch(deps, inputs.slice(start, start + batchSize))));
  return rows;
}
