// Issuing a period's credentials and verifying one (SQLite in a temp file): 10,000 ledger entries
// are written straight into the table, then one credential is issued on each by the batched issue
// (per batch of 500: the status indexes in one transaction, both signed forms outside it, the rows in
// one transaction), and one credential is verified repeatedly with its status list (the median is
// reported). Part of `npm run bench`, or alone: `npx tsx bench/credentials.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ISSUE_BATCH_SIZE, issueCredentials } from '../server/credentials/issue-batch.ts';
import type { IssueCredentialInput } from '../server/credentials/issue.ts';
import { createIssuer } from '../server/credentials/issuer.ts';
import { loadIssuerKey } from '../server/credentials/issuer-key.ts';
import { signedStatusList } from '../server/credentials/revoke.ts';
import { verifyCredential } from '../server/credentials/verify.ts';
import { TEST_DATABASES } from '../server/db/test-databases.ts';
import type { Database } from '../server/db/database.ts';
import { buildEntries } from '../server/ledger/test-support/chain-builder.ts';
import { median } from './stats.ts';

export interface CredentialsResult {
  readonly issued: number;
  /** Wall-clock seconds to issue them all, batch after batch. */
  readonly issueTotalS: number;
  /** Median ms per credential within a batch (a batch's time over its size). */
  readonly issueMedianMs: number;
  readonly batchSize: number;
  /** Median ms of one verification (proof, dates, signed status list), over `verifications`. */
  readonly verifyMedianMs: number;
  readonly verifications: number;
}

async function fillLedger(database: Database, count: number): Promise<void> {
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
}

export async function measureCredentials(count = 10_000, verifications = 30): Promise<CredentialsResult> {
  const database = await TEST_DATABASES[0]!.open();
  const keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-bench-credentials-'));
  try {
    await fillLedger(database, count);
    const issuer = await createIssuer(await loadIssuerKey(keyDir), 'https://shixun.bench/', {
      'zh-CN': '基准培训中心',
      en: 'Bench Training Centre',
    });
    const inputs: IssueCredentialInput[] = [];
    for (let seq = 1; seq <= count; seq += 1) {
      inputs.push({
        kind: seq % 10 === 0 ? 'honour' : 'course-pass',
        subject: { userId: `user-${seq % 2000}`, username: `learner-${seq % 2000}`, displayName: `学员 ${seq % 2000}` },
        achievement: {
          id: `course-${seq % 7}`,
          name: { 'zh-CN': `课程 ${seq % 7}`, en: `Course ${seq % 7}` },
          criteria: { 'zh-CN': '通过正式考核', en: 'Passed the official assessment' },
        },
        score: 60 + (seq % 41),
        ledgerSeq: seq,
        issuedAt: new Date(),
      });
    }
    const times: number[] = [];
    const started = performance.now();
    let last = '';
    for (let start = 0; start < inputs.length; start += ISSUE_BATCH_SIZE) {
      const batch = inputs.slice(start, start + ISSUE_BATCH_SIZE);
      const before = performance.now();
      const rows = await issueCredentials({ database, issuer }, batch);
      times.push((performance.now() - before) / batch.length);
      last = rows.at(-1)!.credential;
    }
    const issueTotalS = (performance.now() - started) / 1000;
    const credential = JSON.parse(last) as Record<string, unknown>;
    const statusList = await signedStatusList(database, issuer, 1, new Date());
    const verifyTimes: number[] = [];
    for (let n = 0; n < verifications; n += 1) {
      const before = performance.now();
      const report = await verifyCredential(credential, { didDocument: issuer.didDocument, statusList });
      verifyTimes.push(performance.now() - before);
      if (report.status !== 'valid') throw new Error(`the bench credential did not verify: ${JSON.stringify(report.reasons)}`);
    }
    return {
      issued: count,
      issueTotalS,
      issueMedianMs: median(times),
      batchSize: ISSUE_BATCH_SIZE,
      verifyMedianMs: median(verifyTimes),
      verifications,
    };
  } finally {
    await database.dispose();
    await rm(keyDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  measureCredentials()
    .then((result) => {
      process.stdout.write(
        `issued ${result.issued} credentials in ${result.issueTotalS.toFixed(1)} s (median ${result.issueMedianMs.toFixed(2)} ms each); ` +
          `verifying one: median ${result.verifyMedianMs.toFixed(1)} ms over ${result.verifications}\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
