// The retention sweep: deletes what is older than the retention settings and nothing else
// (practice statements, unfinished attempts, training classes with their progress, sign-in records).
// Never touched: finished attempts (official results), result adjustments, the ledger, statements
// the grader wrote (the official record in xAPI), users and notice acknowledgements. Every delete
// is a plain "older than" condition in small batches, so running it twice, or on several servers
// at once, deletes each row once and holds no lock for long.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { graderAgent } from '../grading/official-statements.ts';
import type { RetentionSettings } from './retention-config.ts';

const DAY_MS = 24 * 60 * 60_000;
const BATCH = 500;

export interface SweepCounts {
  /** xAPI statements (their agent and activity index rows and forward-queue rows go with them, ON DELETE CASCADE). */
  readonly statements: number;
  /** Unfinished assessment attempts. */
  readonly attempts: number;
  /**
   * Training classes (their members' progress and help requests go with them, ON DELETE CASCADE):
   * ended before the statements' cutoff, or open but created before it with nobody seen since.
   */
  readonly classes: number;
  readonly sessions: number;
  readonly deviceCodes: number;
  readonly rateLimitEvents: number;
  /** Rows old enough to go that another table still references; kept, and tried again next time. */
  readonly kept: number;
}

export interface SweepRun {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Rows older than these times were deleted. */
  readonly cutoffs: { readonly statements: string; readonly attempts: string; readonly sessions: string };
  readonly counts: SweepCounts;
}

export interface SweepOptions {
  /** Rows per delete. Default 500. */
  readonly batch?: number;
  /** Asked between batches: true stops early (the server is closing). */
  readonly stopped?: () => boolean;
}

/**
 * Official statements carry the grader as authority; learners cannot set the authority (the LRS
 * writes it). Matched by the grader's account name on any home page, so a changed public URL
 * never makes older official statements look unofficial.
 */
function officialAuthorityPattern(): string {
  const name = graderAgent('').account?.name;
  if (name === undefined) throw new Error('The grader agent has no account name.');
  return `Agent|account|[%,${JSON.stringify(name)}]`;
}

const cutoff = (now: number, days: number): string => new Date(now - days * DAY_MS).toISOString();

function deletedRows(result: { numDeletedRows: bigint } | undefined): number {
  return result === undefined ? 0 : Number(result.numDeletedRows);
}

/**
 * Deletes the rows with these ids from `table`, a chunk at a time. A chunk that a foreign key
 * refuses is retried row by row, and the refused rows are counted as kept rather than failing the sweep.
 */
async function deleteIds(
  db: Kysely<DatabaseSchema>,
  table: 'xapi_statements' | 'attempts',
  ids: readonly string[],
): Promise<{ deleted: number; kept: number }> {
  const column = table === 'attempts' ? 'attempt_id' : 'id';
  const run = (some: readonly string[]) =>
    db
      .deleteFrom(table)
      .where(column, 'in', [...some])
      .executeTakeFirst();
  try {
    return { deleted: deletedRows(await run(ids)), kept: 0 };
  } catch {
    let deleted = 0;
    let kept = 0;
    for (const id of ids) {
      try {
        deleted += deletedRows(await run([id]));
      } catch {
        kept += 1;
      }
    }
    return { deleted, kept };
  }
}

async function sweepStatements(
  db: Kysely<DatabaseSchema>,
  before: string,
  batch: number,
  stopped: () => boolean,
): Promise<{ deleted: number; kept: number }> {
  const pattern = officialAuthorityPattern();
  let deleted = 0;
  let kept = 0;
  // Walk forward by seq so rows kept (official, refused) are never scanned twice.
  let afterSeq = -1;
  while (!stopped()) {
    const rows = await db
      .selectFrom('xapi_statements as s')
      .select(['s.seq', 's.id'])
      .where('s.seq', '>', afterSeq)
      .where('s.stored', '<', before)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('xapi_statement_agents as a')
              .select('a.statement_id')
              .whereRef('a.statement_id', '=', 's.id')
              .where('a.relation', '=', 'related')
              .where('a.agent_key', 'like', pattern),
          ),
        ),
      )
      .orderBy('s.seq')
      .limit(batch)
      .execute();
    const last = rows.at(-1);
    if (last === undefined) break;
    const outcome = await deleteIds(
      db,
      'xapi_statements',
      rows.map((row) => row.id),
    );
    deleted += outcome.deleted;
    kept += outcome.kept;
    if (rows.length < batch) break;
    afterSeq = Number(last.seq);
  }
  return { deleted, kept };
}

async function sweepAttempts(
  db: Kysely<DatabaseSchema>,
  before: string,
  batch: number,
  stopped: () => boolean,
): Promise<{ deleted: number; kept: number }> {
  let deleted = 0;
  let kept = 0;
  let afterId = '';
  while (!stopped()) {
    const rows = await db
      .selectFrom('attempts as t')
      .select('t.attempt_id')
      .where('t.attempt_id', '>', afterId)
      .where('t.status', '=', 'in-progress')
      .where('t.updated', '<', before)
      // An adjustment belongs to an official result; an unfinished attempt should never have one, but keep it if it does.
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('result_adjustments as r').select('r.id').whereRef('r.attempt_id', '=', 't.attempt_id'))),
      )
      .orderBy('t.attempt_id')
      .limit(batch)
      .execute();
    const last = rows.at(-1);
    if (last === undefined) break;
    const outcome = await deleteIds(
      db,
      'attempts',
      rows.map((row) => row.attempt_id),
    );
    deleted += outcome.deleted;
    kept += outcome.kept;
    if (rows.length < batch) break;
    afterId = last.attempt_id;
  }
  return { deleted, kept };
}

/**
 * A class is a practice trace like a statement: it goes with the statements' cutoff. Ended
 * before it, or never ended but opened before it and no member seen since (a class the trainer
 * forgot to end). Few rows (one per class), so one delete.
 */
async function sweepClasses(db: Kysely<DatabaseSchema>, before: string): Promise<number> {
  const result = await db
    .deleteFrom('classes')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'ended'), eb('ended', '<', before)]),
        eb.and([
          eb('status', '=', 'open'),
          eb('created', '<', before),
          eb.not(
            eb.exists(
              eb
                .selectFrom('class_members as m')
                .select('m.user_id')
                .whereRef('m.class_id', '=', 'classes.id')
                .where('m.last_seen', '>=', before),
            ),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return deletedRows(result);
}

/** One sweep at time `now` (milliseconds). */
export async function sweepRetention(
  database: Database,
  settings: RetentionSettings,
  now: number,
  options: SweepOptions = {},
): Promise<SweepRun> {
  const { db } = database;
  const batch = options.batch ?? BATCH;
  const stopped = options.stopped ?? (() => false);
  const startedAt = new Date().toISOString();
  const cutoffs = {
    statements: cutoff(now, settings.statementDays),
    attempts: cutoff(now, settings.attemptDays),
    sessions: cutoff(now, settings.sessionDays),
  };
  const statements = await sweepStatements(db, cutoffs.statements, batch, stopped);
  const attempts = await sweepAttempts(db, cutoffs.attempts, batch, stopped);
  const classes = stopped() ? 0 : await sweepClasses(db, cutoffs.statements);
  const sessions = deletedRows(await db.deleteFrom('sessions').where('expires', '<', cutoffs.sessions).executeTakeFirst());
  const deviceCodes = deletedRows(await db.deleteFrom('device_codes').where('expires', '<', cutoffs.sessions).executeTakeFirst());
  const rateLimitEvents = deletedRows(
    await db.deleteFrom('rate_limit_events').where('occurred', '<', cutoffs.sessions).executeTakeFirst(),
  );
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    cutoffs,
    counts: {
      statements: statements.deleted,
      attempts: attempts.deleted,
      classes,
      sessions,
      deviceCodes,
      rateLimitEvents,
      kept: statements.kept + attempts.kept,
    },
  };
}
