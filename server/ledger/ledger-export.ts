// The ledger export (LedgerExport) as a stream of JSON text: the latest stored checkpoint first
// (signed when its last entry was appended, never for the export), then the entries up to it a
// page at a time, so a log of any length never sits in memory whole.
import type { LedgerExport, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import type { Database } from '../db/database.ts';
import { entryOfRow, storedRotations } from './ledger.ts';
import type { Ledger } from './ledger.ts';

const PAGE = 2000;

export function exportFileName(head: SignedLedgerHead): string {
  return `shixun-ledger-${head.seq}.json`;
}

/**
 * Chunks of the export's JSON for `head` (ledger.latestCheckpoint()). Entries are appended
 * only, and the checkpoint is stored in the same transaction as its entry, so every entry up to
 * head.seq is already there (unless the database was changed, which the verifier then reports).
 */
export async function* exportChunks(database: Database, ledger: Ledger, head: SignedLedgerHead): AsyncGenerator<string> {
  const top: Omit<LedgerExport, 'entries'> = {
    format: 'shixun-ledger-export',
    formatVersion: 2,
    publicKey: ledger.publicKeyPem,
    keyId: ledger.keyId,
    head,
  };
  const rotations = await storedRotations(database.db);
  yield `${JSON.stringify(rotations.length === 0 ? top : { ...top, rotations }).slice(0, -1)},"entries":[`;
  let after = 0;
  let first = true;
  for (;;) {
    const rows = await database.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('seq', '>', after)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    const text = rows.map((row) => JSON.stringify(entryOfRow(row))).join(',');
    yield first ? text : `,${text}`;
    first = false;
    after = Number(rows[rows.length - 1]?.seq);
    if (rows.length < PAGE) break;
  }
  yield ']}';
}
