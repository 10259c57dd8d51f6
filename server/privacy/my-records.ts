// A person's own records, read for the My records page and the download (GET /api/v1/me/records):
// account, official results with their adjustments, decisions on honours, attempts, sign-ins, acknowledgements and every
// xAPI statement in which they are the actor or the object. Always by the caller's own ids.
import type { Kysely, Selectable } from 'kysely';
import type {
  Acknowledgement,
  MyAccount,
  MyAdjustment,
  MyAttemptInProgress,
  MyAttemptRecord,
  MyExpiredAttempt,
  MyHonourDecision,
  MyResult,
  MySignIn,
} from '../../src/contracts/privacy-types.ts';
import { accountAgent } from '../../src/records/actor.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import type { AttemptsTable } from '../grading/tables.ts';
import { attemptView } from '../grading/attempt-view.ts';
import { agentKey } from '../xapi/statement-prepare.ts';

/** Rows per query while streaming the download: memory stays flat however many a learner has. */
const PAGE = 500;
const ATTEMPT_PAGE = 20;

/** The key under which the statement index lists this person (server/xapi/statement-prepare.ts). */
export function personAgentKey(homePage: string, user: Pick<SessionUser, 'username' | 'name'>): string {
  const key = agentKey(accountAgent(homePage, user));
  if (key === undefined) throw new Error('An account agent always has an identifier.');
  return key;
}

export async function accountOf(db: Kysely<DatabaseSchema>, userId: string): Promise<MyAccount | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['username', 'name', 'role', 'employee_id', 'department', 'rank', 'created'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    username: row.username,
    name: row.name,
    role: row.role as MyAccount['role'],
    employeeId: row.employee_id,
    department: row.department,
    rank: row.rank,
    created: row.created,
  };
}

/** Statements held with this person as actor or object (the xAPI `agent` filter). */
export async function statementCount(db: Kysely<DatabaseSchema>, key: string): Promise<number> {
  const row = await db
    .selectFrom('xapi_statement_agents')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('agent_key', '=', key)
    .where('relation', '=', 'direct')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Decisions on honours the person was proposed for (the honours feature's table), oldest first. */
export async function honourDecisionsOf(db: Kysely<DatabaseSchema>, userId: string): Promise<MyHonourDecision[]> {
  const rows = await db
    .selectFrom('honour_decisions')
    .select(['honour_id', 'period_id', 'decision', 'reason', 'decided_by_username', 'decided_at'])
    .where('user_id', '=', userId)
    .orderBy('ledger_seq')
    .execute();
  return rows.map((row) => ({
    honourId: row.honour_id,
    periodId: row.period_id,
    decision: row.decision === 'award' ? 'award' : 'decline',
    reason: row.reason,
    decidedBy: row.decided_by_username,
    decidedAt: row.decided_at,
  }));
}

/** Adjustments of the person's attempts, oldest first. */
export async function adjustmentsOf(db: Kysely<DatabaseSchema>, userId: string): Promise<MyAdjustment[]> {
  const rows = await db
    .selectFrom('result_adjustments as r')
    .innerJoin('attempts as a', 'a.attempt_id', 'r.attempt_id')
    .select(['r.id', 'r.attempt_id', 'r.scaled', 'r.passed', 'r.reason', 'r.adjusted_by_username', 'r.adjusted_at'])
    .where('a.user_id', '=', userId)
    .orderBy('r.adjusted_at')
    .orderBy('r.id')
    .execute();
  return rows.map((row) => ({
    attemptId: row.attempt_id,
    scaled: Number(row.scaled),
    passed: Number(row.passed) === 1,
    reason: row.reason,
    adjustedBy: row.adjusted_by_username,
    adjustedAt: row.adjusted_at,
  }));
}

type AttemptSummaryRow = Pick<
  Selectable<AttemptsTable>,
  | 'attempt_id'
  | 'course_id'
  | 'course_version'
  | 'status'
  | 'received'
  | 'score'
  | 'max'
  | 'scaled'
  | 'passed'
  | 'started'
  | 'updated'
  | 'finished'
>;

export interface ResultsAndProgress {
  /** Newest first. */
  readonly results: MyResult[];
  readonly inProgress: MyAttemptInProgress[];
  /** Abandoned past the time limit: failed. Newest first. */
  readonly expired: MyExpiredAttempt[];
}

/** Official results (with adjustments), unfinished and expired attempts, without the action logs. */
export async function resultsOf(
  db: Kysely<DatabaseSchema>,
  userId: string,
  adjustments: readonly MyAdjustment[],
): Promise<ResultsAndProgress> {
  const rows: AttemptSummaryRow[] = await db
    .selectFrom('attempts')
    .select([
      'attempt_id',
      'course_id',
      'course_version',
      'status',
      'received',
      'score',
      'max',
      'scaled',
      'passed',
      'started',
      'updated',
      'finished',
    ])
    .where('user_id', '=', userId)
    .orderBy('started', 'desc')
    .orderBy('attempt_id')
    .execute();
  const results: MyResult[] = [];
  const inProgress: MyAttemptInProgress[] = [];
  const expired: MyExpiredAttempt[] = [];
  for (const row of rows) {
    if (row.status === 'finished' && row.score !== null && row.max !== null && row.scaled !== null && row.finished !== null) {
      results.push({
        attemptId: row.attempt_id,
        courseId: row.course_id,
        courseVersion: row.course_version,
        started: row.started,
        finishedAt: row.finished,
        score: Number(row.score),
        max: Number(row.max),
        scaled: Number(row.scaled),
        passed: Number(row.passed) === 1,
        adjustments: adjustments.filter((adjustment) => adjustment.attemptId === row.attempt_id),
      });
    } else if (row.status === 'in-progress') {
      inProgress.push({
        attemptId: row.attempt_id,
        courseId: row.course_id,
        courseVersion: row.course_version,
        started: row.started,
        updated: row.updated,
        actions: Number(row.received),
      });
    } else if (row.status === 'expired') {
      expired.push({
        attemptId: row.attempt_id,
        courseId: row.course_id,
        courseVersion: row.course_version,
        started: row.started,
        expiredAt: row.finished ?? row.updated,
        actions: Number(row.received),
        score: row.score === null ? null : Number(row.score),
        max: row.max === null ? null : Number(row.max),
      });
    }
  }
  return { results, inProgress, expired };
}

export async function signInsOf(db: Kysely<DatabaseSchema>, userId: string): Promise<MySignIn[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['kind', 'created', 'expires', 'last_seen'])
    .where('user_id', '=', userId)
    .orderBy('created')
    .execute();
  return rows.map((row) => ({ kind: row.kind, created: row.created, expires: row.expires, lastSeen: row.last_seen }));
}

/** Every attempt with its action log, oldest first, a page of rows at a time. */
export async function* attemptRecords(db: Kysely<DatabaseSchema>, userId: string): AsyncGenerator<MyAttemptRecord> {
  let after: { started: string; id: string } | undefined;
  for (;;) {
    let query = db.selectFrom('attempts').selectAll().where('user_id', '=', userId);
    if (after !== undefined) {
      const { started, id } = after;
      query = query.where((eb) =>
        eb.or([eb('started', '>', started), eb.and([eb('started', '=', started), eb('attempt_id', '>', id)])]),
      );
    }
    const rows = await query.orderBy('started').orderBy('attempt_id').limit(ATTEMPT_PAGE).execute();
    for (const row of rows) {
      yield {
        ...attemptView(row),
        started: row.started,
        updated: row.updated,
        finished: row.finished,
        actions: JSON.parse(row.log) as unknown[],
      };
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < ATTEMPT_PAGE) return;
    after = { started: last.started, id: last.attempt_id };
  }
}

/** The stored JSON text of every statement listing `key` as actor or object, oldest first, a page at a time. */
export async function* statementTexts(db: Kysely<DatabaseSchema>, key: string): AsyncGenerator<string> {
  let afterSeq = -1;
  for (;;) {
    const rows = await db
      .selectFrom('xapi_statement_agents as a')
      .innerJoin('xapi_statements as s', 's.id', 'a.statement_id')
      .select(['s.seq', 's.statement'])
      .where('a.agent_key', '=', key)
      .where('a.relation', '=', 'direct')
      .where('s.seq', '>', afterSeq)
      .orderBy('s.seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) yield row.statement;
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return;
    afterSeq = Number(last.seq);
  }
}

export interface ExportHead {
  readonly exportedAt: string;
  readonly account: MyAccount;
  readonly acknowledgements: readonly Acknowledgement[];
  readonly signIns: readonly MySignIn[];
  readonly adjustments: readonly MyAdjustment[];
  readonly honours: readonly MyHonourDecision[];
}

/**
 * The download as JSON text in pieces (a MyRecordsExport): the small parts first, then attempts
 * and statements streamed from the database, and the statement count at the end.
 */
export async function* exportJson(
  db: Kysely<DatabaseSchema>,
  userId: string,
  key: string,
  head: ExportHead,
): AsyncGenerator<string> {
  const { exportedAt, account, acknowledgements, signIns, adjustments, honours } = head;
  yield `{"format":"shixun-my-records","formatVersion":1,"exportedAt":${JSON.stringify(exportedAt)},"account":${JSON.stringify(account)},`;
  yield `"acknowledgements":${JSON.stringify(acknowledgements)},"signIns":${JSON.stringify(signIns)},"adjustments":${JSON.stringify(adjustments)},"honours":${JSON.stringify(honours)},"attempts":[`;
  let first = true;
  for await (const attempt of attemptRecords(db, userId)) {
    yield `${first ? '' : ','}${JSON.stringify(attempt)}`;
    first = false;
  }
  yield '],"statements":[';
  let count = 0;
  let batch: string[] = [];
  for await (const text of statementTexts(db, key)) {
    batch.push(text);
    count += 1;
    if (batch.length === PAGE) {
      yield `${count === PAGE ? '' : ','}${batch.join(',')}`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${count <= batch.length ? '' : ','}${batch.join(',')}`;
  yield `],"statementCount":${count}}\n`;
}
