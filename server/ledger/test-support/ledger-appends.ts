// Small steps the ledger tests share: append result entry `n` (and wait for its witness line), and
// read the whole export as the API streams it.
import type { LedgerExport } from '../../../src/contracts/report-types.ts';
import type { Database } from '../../db/database.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { exportChunks } from '../ledger-export.ts';
import type { Ledger } from '../ledger.ts';

export async function append(database: Database, ledger: Ledger, n: number): Promise<number> {
  const seq = await writeTransaction(
    database,
    async (trx) => (await ledger.appendWithin(trx, 'result', { attemptId: `attempt-${n}`, scaled: n / 100, passed: true })).seq,
  );
  await ledger.witnessed();
  return seq;
}

export async function exportOf(database: Database, ledger: Ledger): Promise<LedgerExport> {
  let text = '';
  for await (const chunk of exportChunks(database, ledger, await ledger.latestCheckpoint())) text += chunk;
  return JSON.parse(text) as LedgerExport;
}
