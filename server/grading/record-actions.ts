// Accepting a batch of an assessment attempt's actions: the append-only log's rules (idempotent
// retries, no changed responses, no gaps), the policy's limits (starts per period, attempts open at
// once, the longest an attempt may stay open), grading with the engine on the server's clock (from
// the graded state the previous batch left, ./graded-attempts.ts, so a batch costs its own
// actions), the attempt ticket a new attempt of a course with drawn steps must start with
// (./attempt-tickets.ts), and, once the attempt
// ends, the official statements, all in one transaction so the log, the result and the LRS never
// disagree. Nothing graded leaves the server before the attempt ends: not in the answer, not as
// statements the learner could read back.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Course } from '../../src/course/schema.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import type { PutActionsRequest } from '../../src/contracts/attempt-actions.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { onCommit, writeTransaction } from '../db/write-transaction.ts';
import { RequestError } from '../http/request-error.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { canonicalJson } from '../xapi/canonical-json.ts';
import type { StatementStore } from '../xapi/statement-store.ts';
import type { WriteClock } from '../xapi/write-clock.ts';
import { summarizeAttempt } from '../../src/engine/attempt-summary.ts';
import { withExtraTime } from '../../src/engine/extra-time.ts';
import { maxAttemptMs, periodMs, type AssessmentPolicy } from './assessment-policy.ts';
import { drawnFor, gradeBatch, gradeFrom, ungraded, type GradedPoint } from './attempt-grader.ts';
import {
  appendToAttempt,
  expireAttempt,
  insertEmptyAttempt,
  lockAttempt,
  lockLearnerStarts,
  openAttemptsOf,
  overdueAttempts,
  startsSince,
  type ExpiredTotals,
} from './attempt-rows.ts';
import { spendTicket } from './attempt-tickets.ts';
import { attemptView } from './attempt-view.ts';
import type { AttemptRow, AttemptView } from './attempt-view.ts';
import type { CourseCatalog } from './course-catalog.ts';
import type { GradedAttempts } from './graded-attempts.ts';
import { officialStatements } from './official-statements.ts';
import { resultEntryPayload } from './result-payload.ts';

export interface RecordContext {
  readonly database: Database;
  readonly catalog: CourseCatalog;
  readonly statements: StatementStore;
  readonly clock: WriteClock;
  readonly homePage: string;
  /** Most actions one attempt may hold. */
  readonly maxActions: number;
  /** Where official results are appended (server/ledger), in the same transaction as the result. */
  readonly ledger?: Pick<Ledger, 'appendWithin'> | undefined;
  readonly policy: AssessmentPolicy;
  /** The server's clock, ms since the epoch; injected so tests can move time. */
  readonly now: () => number;
  /** Told how long each batch held the write transaction (its commit included), ms, to charge it to its learner. */
  readonly spent?: ((user: SessionUser, ms: number) => void) | undefined;
  /** The graded state of recently active attempts; without it every batch replays the held log. */
  readonly graded?: GradedAttempts | undefined;
}

/** What ending overdue attempts needs: the courses to total them on, the policy's limit and the clock. */
export type ExpiryContext = Pick<RecordContext, 'database' | 'catalog' | 'policy' | 'now'>;

const iso = (ms: number): string => new Date(ms).toISOString();

/** When the server received each held action (unknown for rows from before it kept them). */
function heldArrivals(row: AttemptRow, held: number): (number | undefined)[] {
  const stored = JSON.parse(row.arrivals) as unknown;
  const list = Array.isArray(stored) ? stored : [];
  return Array.from({ length: held }, (_, index) => {
    const value: unknown = list[index];
    return typeof value === 'number' ? value : undefined;
  });
}

/** A new attempt of this course is within the policy's starts per period, or a 403 saying when the next may start. */
async function checkAllowance(
  context: RecordContext,
  trx: Parameters<typeof startsSince>[0],
  user: SessionUser,
  courseId: string,
  nowMs: number,
): Promise<void> {
  const { max, periodDays } = context.policy.assessmentAttempts;
  const starts = await startsSince(trx, user.id, courseId, iso(nowMs - periodMs(context.policy)));
  if (starts.count < max) return;
  const next = starts.earliest === null ? null : iso(Date.parse(starts.earliest) + periodMs(context.policy));
  throw new RequestError(
    403,
    `You have started ${starts.count} assessments of "${courseId}" in the last ${periodDays} days, the most allowed (${max}); every start counts, finished or not.${next === null ? '' : ` The next one can start after ${next}.`} Practice stays open meanwhile.`,
    {},
    { reason: 'attempt-limit', max, periodDays, used: starts.count, nextStartAt: next },
  );
}

/** A new attempt is within the policy's attempts open at once, or a 409 naming the open ones. */
async function checkOpen(context: RecordContext, trx: Parameters<typeof openAttemptsOf>[0], user: SessionUser): Promise<void> {
  const max = context.policy.maxOpenAttempts;
  const open = await openAttemptsOf(trx, user.id);
  if (open.length < max) return;
  throw new RequestError(
    409,
    `You have ${open.length} assessments in progress (${open.map((attempt) => attempt.courseId).join(', ')}), the most allowed at once (${max}): finish one, or wait until it expires ${context.policy.maxAttemptMinutes} minutes after its start, before starting another.`,
    {},
    { reason: 'open-attempts', max, open: open.map((attempt) => attempt.attemptId) },
  );
}

/** Appends `fresh` to a JSON array text as JSON.stringify would have written the longer array. */
function appendJson(text: string, fresh: readonly unknown[]): string | undefined {
  if (fresh.length === 0) return text;
  const items = fresh.map((item) => JSON.stringify(item)).join(',');
  if (text === '[]') return `[${items}]`;
  return text.startsWith('[') && text.endsWith(']') ? `${text.slice(0, -1)},${items}]` : undefined;
}

/** The totals an expired attempt is recorded with: what its graded steps earned, failed. */
function expiredTotals(context: ExpiryContext, row: AttemptRow): ExpiredTotals | undefined {
  let course;
  try {
    course = playedCourse(context.catalog.courseFor(row.course_id, row.course_version), row);
  } catch {
    return undefined;
  }
  const log = JSON.parse(row.log) as AttemptAction[];
  const graded = gradeBatch(course, log, [], {
    arrivals: heldArrivals(row, log.length),
    toleranceMs: context.policy.timedToleranceMs,
  });
  const summary = summarizeAttempt(drawnFor(course, row.attempt_id), graded.state);
  return {
    score: summary.score,
    max: summary.max,
    scaled: summary.scaled,
    result: JSON.stringify({
      steps: graded.result.steps,
      scenes: summary.scenes.map((scene) => ({ sceneId: scene.sceneId, score: scene.score, max: scene.max })),
      dimensions: summary.dimensions.map((d) => ({ dimensionId: d.dimensionId, score: d.score, max: d.max })),
      ...(graded.result.draws === undefined ? {} : { draws: graded.result.draws }),
      ...extraTimeOf(row),
    }),
  };
}

/** The extra time an attempt's result records, where its learner had some. */
function extraTimeOf(row: AttemptRow): { extraTime?: number } {
  const percent = Number(row.extra_time_percent);
  return percent === 100 ? {} : { extraTime: percent / 100 };
}

/** The course as the attempt is graded: with the extra time its learner had when it started. */
function playedCourse(file: Course, row: AttemptRow): Course {
  return withExtraTime(file, row.extra_time_percent / 100);
}

/**
 * Ends the in-progress attempts (of one user, or one attempt, or all) that were left open past the
 * policy's maximum duration: each becomes `expired`, failed. Returns how many.
 */
export async function expireOverdue(context: ExpiryContext, filter: Parameters<typeof overdueAttempts>[2] = {}): Promise<number> {
  const nowMs = context.now();
  const ids = await overdueAttempts(context.database.db, iso(nowMs - maxAttemptMs(context.policy)), filter);
  let expired = 0;
  for (const attemptId of ids) {
    const done = await writeTransaction(context.database, async (trx) => {
      const row = await lockAttempt(trx, context.database.dialect, attemptId);
      if (row?.status !== 'in-progress') return false;
      return (await expireAttempt(trx, attemptId, expiredTotals(context, row), iso(nowMs))) !== undefined;
    });
    if (done) expired += 1;
  }
  return expired;
}

/** What a new attempt's first batch must open with. */
function checkStart(attemptId: string, body: PutActionsRequest): void {
  const start = body.actions[0];
  if (start?.kind !== 'start')
    throw new RequestError(
      400,
      `Attempt ${attemptId} is new: its first action must be "start", not "${start?.kind ?? 'nothing'}".`,
    );
  if (start.attemptId !== attemptId)
    throw new RequestError(
      400,
      `The start action's attemptId ${start.attemptId} differs from the attempt ${attemptId} in the URL: send each attempt's actions to its own URL.`,
    );
  if (start.mode !== 'assessment') {
    throw new RequestError(
      400,
      'Practice attempts are not graded by the server: they are graded in the browser and never counted. Send only assessment attempts here.',
    );
  }
  if (start.courseId !== body.courseId || start.courseVersion !== body.courseVersion) {
    throw new RequestError(
      400,
      `The start action is for ${start.courseId}@${start.courseVersion} but the request says ${body.courseId}@${body.courseVersion}: they must agree.`,
    );
  }
}

/** The held attempt is this user's, on this course and version. */
function checkOwner(row: AttemptRow, user: SessionUser, body: PutActionsRequest): void {
  if (row.user_id !== user.id)
    throw new RequestError(403, `Attempt ${row.attempt_id} belongs to another user; start your own attempt.`);
  if (row.course_id !== body.courseId)
    throw new RequestError(400, `Attempt ${row.attempt_id} is on course "${row.course_id}", not "${body.courseId}".`);
  if (row.course_version !== body.courseVersion) {
    throw new RequestError(
      409,
      `Attempt ${row.attempt_id} was made on version ${row.course_version} of "${row.course_id}", not ${body.courseVersion}: an attempt cannot move to another version.`,
    );
  }
}

/** The actions of the batch the server does not hold yet; the ones it holds must be sent unchanged. */
function freshActions(row: AttemptRow, held: readonly AttemptAction[], body: PutActionsRequest): readonly AttemptAction[] {
  if (body.from > held.length) {
    throw new RequestError(
      409,
      `The server holds ${held.length} actions of attempt ${row.attempt_id}, so a batch cannot start at ${body.from}: resend from action ${held.length}.`,
      {},
      { received: held.length },
    );
  }
  const overlap = Math.min(body.actions.length, held.length - body.from);
  for (let offset = 0; offset < overlap; offset += 1) {
    const index = body.from + offset;
    if (canonicalJson(body.actions[offset]) !== canonicalJson(held[index])) {
      throw new RequestError(
        409,
        `Action ${index} of attempt ${row.attempt_id} is already recorded with different content; responses cannot change after they are sent.`,
        {},
        { received: held.length },
      );
    }
  }
  return body.actions.slice(overlap);
}

/** What a batch's transaction leaves: the answer, and the graded state to keep for the next batch. */
interface Recorded {
  readonly view: AttemptView;
  readonly point?: GradedPoint | undefined;
}

export async function recordActions(
  context: RecordContext,
  user: SessionUser,
  attemptId: string,
  body: PutActionsRequest,
): Promise<AttemptView> {
  // Refused before any write: unknown course (404) or another version than the one loaded (409).
  const file = context.catalog.courseFor(body.courseId, body.courseVersion);
  const { database } = context;
  // This learner's attempts left open too long end first: a new start then counts them, and a
  // batch for one of them is refused below.
  await expireOverdue(context, { userId: user.id });
  const write = context.clock.begin();
  // The kept graded state this batch started from: put back if the batch is refused, as the stored
  // row is then unchanged.
  let taken: GradedPoint | undefined;
  const record = async (trx: Kysely<DatabaseSchema>): Promise<Recorded> => {
    const nowMs = context.now();
    const now = iso(nowMs);
    let row = await lockAttempt(trx, database.dialect, attemptId);
    if (row === undefined) {
      if (body.from > 0) {
        throw new RequestError(
          409,
          `The server holds no actions of attempt ${attemptId} yet: send the batch from action 0, starting with "start".`,
          {},
          { received: 0 },
        );
      }
      checkStart(attemptId, body);
      // One start of this learner at a time from here to the commit: the caps count committed rows.
      await lockLearnerStarts(trx, database.dialect, user.id);
      row = await lockAttempt(trx, database.dialect, attemptId);
    }
    if (row === undefined) {
      // The id must be the learner's attempt ticket where the course draws steps (./attempt-tickets.ts).
      await spendTicket(trx, user, file, attemptId);
      await checkAllowance(context, trx, user, file.id, nowMs);
      await checkOpen(context, trx, user);
      await insertEmptyAttempt(trx, {
        attemptId,
        userId: user.id,
        username: user.username,
        courseId: file.id,
        courseVersion: file.version,
        seed: randomUUID(),
        now,
        extraTimePercent: Math.round((user.extraTime ?? 1) * 100),
      });
      row = await lockAttempt(trx, database.dialect, attemptId);
      if (row === undefined) throw new Error(`attempt ${attemptId} vanished after it was created`);
    }
    checkOwner(row, user, body);
    const course = playedCourse(file, row);
    // The graded state the previous batch left, if this process graded it: then the stored log
    // need not be read back.
    const kept = context.graded?.take(attemptId, Number(row.received));
    taken = kept;
    const held = kept?.state.log ?? (JSON.parse(row.log) as AttemptAction[]);
    const fresh = freshActions(row, held, body);
    if (fresh.length === 0) return { view: attemptView(row), point: kept };
    if (row.status === 'expired') {
      throw new RequestError(
        410,
        `Attempt ${attemptId} expired: it stayed open longer than the ${context.policy.maxAttemptMinutes} minutes an assessment may take (started ${row.started}), so it counts as failed and takes no more answers. Start a new attempt.`,
      );
    }
    if (held.length + fresh.length > context.maxActions) {
      throw new RequestError(
        422,
        `An attempt holds at most ${context.maxActions} actions; this batch would bring attempt ${attemptId} to ${held.length + fresh.length}. Start a new attempt.`,
      );
    }

    const toleranceMs = context.policy.timedToleranceMs;
    const base: GradedPoint = kept ?? gradeFrom(course, ungraded(toleranceMs), held, heldArrivals(row, held.length)).point;
    const next = gradeFrom(
      course,
      base,
      fresh,
      fresh.map(() => nowMs),
    );
    const graded = next.batch;
    const arrivals = next.point.arrivals ?? [];
    // The statements carry each step's result: written all at once, when the attempt finishes.
    if (graded.state.status === 'finished') {
      const prepared = officialStatements(
        {
          course: drawnFor(course, attemptId),
          user,
          homePage: context.homePage,
          seed: row.statement_seed,
          stored: write.stored,
          draws: graded.result.draws ?? [],
          ...extraTimeOf(row),
        },
        graded.events,
      );
      await context.statements.storeWithin(trx, prepared);
    }
    const updated = await appendToAttempt(trx, attemptId, held.length, {
      log: appendJson(row.log, fresh) ?? JSON.stringify(graded.state.log),
      arrivals: JSON.stringify(arrivals.map((arrival) => arrival ?? null)),
      received: graded.state.log.length,
      status: graded.state.status === 'finished' ? 'finished' : 'in-progress',
      result: JSON.stringify({ ...graded.result, ...extraTimeOf(row) }),
      ...(graded.totals === undefined ? {} : { totals: graded.totals }),
      now,
    });
    // The row is locked, so this is a guard against a broken lock rather than an expected path.
    if (updated === undefined)
      throw new RequestError(409, `Attempt ${attemptId} changed while this batch was graded; resend it.`);
    // Once: only the batch that moves the locked row from in-progress to finished appends.
    if (context.ledger !== undefined && row.status !== 'finished' && updated.status === 'finished')
      await context.ledger.appendWithin(trx, 'result', resultEntryPayload(updated));
    return { view: attemptView(updated), point: next.point };
  };
  try {
    const recorded = await writeTransaction(database, async (trx) => {
      // Charged to the learner: from holding the write lock to the end of the commit (its flush to
      // disk included), or to the refusal.
      const began = performance.now();
      onCommit(trx, () => context.spent?.(user, performance.now() - began));
      try {
        return await record(trx);
      } catch (error) {
        context.spent?.(user, performance.now() - began);
        throw error;
      }
    });
    if (recorded.point !== undefined) context.graded?.keep(attemptId, recorded.point);
    return recorded.view;
  } catch (error) {
    if (taken !== undefined) context.graded?.keep(attemptId, taken);
    throw error;
  } finally {
    write.end();
  }
}
