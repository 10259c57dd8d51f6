// The cost of one ledger append at 50,000 entries (SQLite in a temp file): a log of 50,000
// entries is written straight into the tables, the ledger starts on it (its full check), then
// appends one entry per transaction, first checking the whole log before each (as every append
// did before the stored frontier: SHIXUN_LEDGER_FULL_CHECK_EVERY=1), then incrementally (the
// default). Part of `npm run bench`, or alone: `npx tsx bench/ledger-append.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_DATABASES } from '../server/db/test-databases.ts';
import type { Database } from '../server/db/database.ts';
import { writeTransaction } from '../server/db/write-transaction.ts';
import { Ledger } from '../server/ledger/ledger.ts';
import { buildEntries } from '../server/ledger/test-support/chain-builder.ts';
import { median } from './stats.ts';

export interface LedgerAppendResult {
  readonly entries: number;
  /** Median ms of one append (its check, insert, signature and commit) checking the whole log first. */
  readonly fullMs: number;
  /** Median ms of one append with the incremental check. */
  readonly incrementalMs: number;
  readonly appends: number;
}

const ENTRIES = 50_000;

async function fill(database: Database, count: number): Promise<void> {
  const entries = buildEntries(count);
  for (let start = 0; start < entries.length; start += 1000) {
    await database.db
      .insertInto('ledger_entries')
      .values(
        entries.slice(start, start + 1000).map((entry) => ({
          seq: entry.seq,
          kind: entry.kind,
          recorded_at: entry.recordedAt,
          payload: JSON.stringify(entry.payload),
          prev: entry.prev,
          hash: entry.hash,
          attempt_id: String(entry.payload.attemptId),
        })),
      )
      .execute();
  }
  await database.db
    .updateTable('ledger_head')
    .set({ seq: count, hash: entries[entries.length - 1]?.hash ?? '' })
    .where('id', '=', 1)
    .execute();
}

async function timeAppends(database: Database, ledger: Ledger, count: number, from: number): Promise<number[]> {
  const times: number[] = [];
  for (let n = 0; n < count; n += 1) {
    const started = performance.now();
    await writeTransaction(database, (trx) => ledger.appendWithin(trx, 'result', { attemptId: `bench-${from + n}`, scaled: 1 }));
    times.push(performance.now() - started);
  }
  return times;
}

export async function measureLedgerAppend(appends = 10): Promise<LedgerAppendResult> {
  const database = await TEST_DATABASES[0]!.open();
  const keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-bench-ledger-'));
  try {
    await fill(database, ENTRIES);
    const quiet = { keyDir, alarm: () => undefined };
    const full = await Ledger.open(database, { ...quiet, fullCheckEvery: 1 });
    const fullTimes = await timeAppends(database, full, appends, 0);
    await full.witnessed();
    const incremental = await Ledger.open(database, quiet);
    const incrementalTimes = await timeAppends(database, incremental, appends, appends);
    await incremental.witnessed();
    return { entries: ENTRIES, fullMs: median(fullTimes), incrementalMs: median(incrementalTimes), appends };
  } finally {
    await database.dispose();
    await rm(keyDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  measureLedgerAppend()
    .then((result) => {
      process.stdout.write(
        `ledger append at ${result.entries} entries (median of ${result.appends}): whole-log check ${result.fullMs.toFixed(1)} ms, incremental ${result.incrementalMs.toFixed(2)} ms\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
