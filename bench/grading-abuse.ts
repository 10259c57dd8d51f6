// Everyone else's latency while learners abuse the attempts API: the real server (API only,
// SQLite in a temp file) listening on loopback; six learners, each with an assessment attempt
// 2,000 actions long, send batches of 10 answers as fast as the server answers, never waiting out
// a 429; meanwhile one client measures GET /healthz and an xAPI statement POST, one after the
// other, first on the idle server and then under the abuse. Part of `npm run bench`, or alone:
// `npx tsx bench/grading-abuse.ts`.
import path from 'node:path';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_DATABASES } from '../server/db/test-databases.ts';
import { CourseCatalog } from '../server/grading/course-catalog.ts';
import {
  measureAbuse,
  startAbuseServer,
  type AbuseOptions,
  type AbuseResult,
} from '../server/grading/test-support/abusive-learners.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const ABUSE: AbuseOptions = { loops: 6, prefill: 2_000, batchActions: 10, probeMs: 5_000 };

export async function measureGradingAbuse(options: AbuseOptions = ABUSE): Promise<AbuseResult> {
  const database = await TEST_DATABASES[0]!.open();
  try {
    const server = await startAbuseServer(database);
    try {
      return await measureAbuse(server, database, CourseCatalog.load(path.join(ROOT, 'courses')), options);
    } finally {
      await server.close();
    }
  } finally {
    await database.dispose();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  measureGradingAbuse()
    .then((result) => {
      const show = (name: string, probe: AbuseResult['idle']) =>
        `${name.padEnd(7)} /healthz p50 ${probe.healthz.p50.toFixed(2)} ms (${probe.healthz.count}), xAPI POST p50 ${probe.xapiPost.p50.toFixed(2)} ms (${probe.xapiPost.count})`;
      process.stdout.write(
        `${show('idle', result.idle)}\n${show('abused', result.abused)}\nabusive batches answered: ${JSON.stringify(result.statuses)}\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
