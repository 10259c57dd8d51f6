// Server-side grading as a Fastify plugin (mount it at /api/v1): the course list and public
// views, assessment attempts sent as action logs and graded here, and the official results.
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/guards.ts';
import type { RecordScope } from '../accounts/record-scope.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { RequestError } from '../http/request-error.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { StatementStore } from '../xapi/statement-store.ts';
import { WriteClock } from '../xapi/write-clock.ts';
import { DEFAULT_ASSESSMENT_POLICY, periodMs, type AssessmentPolicy } from './assessment-policy.ts';
import { parsePutActionsBody, requireAttemptId } from './attempt-request.ts';
import { attemptsOf, findAttempt, startsSince } from './attempt-rows.ts';
import { issueTicket } from './attempt-tickets.ts';
import { attemptView } from './attempt-view.ts';
import type { AssessmentAllowance } from '../../src/contracts/attempt-view.ts';
import type { CourseCatalog } from './course-catalog.ts';
import { BatchRate } from './batch-rate.ts';
import { GradedAttempts } from './graded-attempts.ts';
import { expireOverdue, recordActions } from './record-actions.ts';
import type { RecordContext } from './record-actions.ts';
import { hasTimedSteps } from '../../src/course/summary.ts';

export interface GradingPluginOptions {
  readonly database: Database;
  readonly currentUser: UserResolver;
  /** Whose attempts and results a signed-in person may read besides their own (server/accounts/record-scope.ts). */
  readonly recordScope: RecordScope;
  /** The server's public URL: `account.homePage` of learners' agents and of the grader. */
  readonly homePage: string;
  /** The courses the server grades, loaded once at start by the composition root (server/build-server.ts). */
  readonly catalog: CourseCatalog;
  /** Share the xAPI plugin's, so its Consistent-Through header covers grading's writes too. */
  readonly clock?: WriteClock;
  /** Where official statements go; pass the LRS's own store to share its settings (forwarding). */
  readonly statementStore?: StatementStore;
  /** The tamper-evident ledger (server/ledger): each finished attempt's result is appended to it. */
  readonly ledger?: Pick<Ledger, 'appendWithin'>;
  /** Starts per period, the longest an attempt may stay open, the timed steps' tolerance. Default DEFAULT_ASSESSMENT_POLICY. */
  readonly policy?: AssessmentPolicy;
  /** The server's clock, ms since the epoch; injected so tests can move time. Default Date.now. */
  readonly now?: () => number;
  readonly limits?: {
    /** Most actions one attempt may hold. Default 5,000. */
    readonly maxActions?: number;
    /** Largest PUT body. Default 256 KiB. */
    readonly bodyBytes?: number;
    /** Most attempts one GET results answer lists, newest first. Default 200. */
    readonly resultsPage?: number;
    /** Actions of graded state kept between batches, over the most recently active attempts. Default 200,000. */
    readonly gradedActions?: number;
  };
}

const KiB = 1024;
/** How long a batch over the learner's limits waits before its 429. */
const REFUSAL_PAUSE_MS = 250;

/** Whether the client already holds this entity tag (If-None-Match, weak comparison). */
function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

export const gradingPlugin: FastifyPluginAsync<GradingPluginOptions> = async (app, options) => {
  const { catalog } = options;
  const bodyBytes = options.limits?.bodyBytes ?? 256 * KiB;
  const resultsPage = options.limits?.resultsPage ?? 200;
  const policy = options.policy ?? DEFAULT_ASSESSMENT_POLICY;
  const now = options.now ?? Date.now;
  const batchRate = new BatchRate(policy, now);
  const context: RecordContext = {
    database: options.database,
    catalog,
    statements: options.statementStore ?? new StatementStore(options.database),
    clock: options.clock ?? new WriteClock(),
    homePage: options.homePage,
    maxActions: options.limits?.maxActions ?? 5000,
    ledger: options.ledger,
    policy,
    now,
    graded: new GradedAttempts(options.limits?.gradedActions ?? 200_000),
    spent: (user, ms) => batchRate.charge(user.id, ms),
  };

  const signedIn = (request: FastifyRequest): Promise<SessionUser> =>
    requireUser(options.currentUser, request, 'Sign in first: assessment attempts and results belong to a signed-in user.');

  app.setErrorHandler(
    apiErrorHandler({
      area: 'grading',
      accepts: 'application/json',
      tooLarge: () => `The body is too large: at most ${bodyBytes} bytes. Send the actions in smaller batches.`,
    }),
  );

  // Courses are public: the views hold no answer keys, and the app's own catalog is public too.
  app.get('/courses', async () => ({ courses: catalog.summaries() }));

  app.get<{ Params: { id: string } }>('/courses/:id/public', async (request, reply) => {
    const body = catalog.publicBody(request.params.id);
    // Revalidate every time: a course update must reach the next assessment at once.
    void reply.header('etag', body.etag).header('cache-control', 'no-cache');
    if (notModified(request, body.etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body.json);
  });

  // What a learner may still start of a course's assessment, asked before starting one.
  app.get<{ Params: { id: string } }>('/courses/:id/assessment-allowance', async (request, reply) => {
    const user = await signedIn(request);
    const course = catalog.courses.find((candidate) => candidate.id === request.params.id);
    if (course === undefined)
      throw new RequestError(404, `No course "${request.params.id}" on this server (known: ${catalog.ids.join(', ')}).`);
    await expireOverdue(context, { userId: user.id });
    const nowMs = context.now();
    const { max, periodDays } = policy.assessmentAttempts;
    const starts = await startsSince(options.database.db, user.id, course.id, new Date(nowMs - periodMs(policy)).toISOString());
    const nextStartAt =
      starts.count >= max && starts.earliest !== null
        ? new Date(Date.parse(starts.earliest) + periodMs(policy)).toISOString()
        : null;
    const body: AssessmentAllowance = {
      courseId: course.id,
      max,
      periodDays,
      used: starts.count,
      remaining: Math.max(0, max - starts.count),
      nextStartAt,
      maxAttemptMinutes: policy.maxAttemptMinutes,
      timedSteps: hasTimedSteps(course),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  // The id of the learner's next assessment attempt of the course: the same until an attempt starts with it.
  app.post<{ Params: { id: string } }>('/courses/:id/attempt-ticket', async (request, reply) => {
    const user = await signedIn(request);
    const course = catalog.courses.find((candidate) => candidate.id === request.params.id);
    if (course === undefined)
      throw new RequestError(404, `No course "${request.params.id}" on this server (known: ${catalog.ids.join(', ')}).`);
    const ticket = await issueTicket(options.database, user, course, new Date(now()).toISOString());
    return reply.header('cache-control', 'no-store').send(ticket);
  });

  // The learner and their batch allowance are checked as the request arrives, before its body is
  // read: a learner over the rate costs the server no parsing and no database work.
  const batchSenders = new WeakMap<FastifyRequest, SessionUser>();
  app.put<{ Params: { attemptId: string } }>(
    '/attempts/:attemptId/actions',
    {
      bodyLimit: bodyBytes,
      onRequest: async (request) => {
        const user = await signedIn(request);
        try {
          batchRate.take(user.id);
        } catch (error) {
          // Refusals are answered after a pause: a client that ignores Retry-After cannot keep the
          // server answering them at full speed. The browser's outbox waits longer anyway.
          await delay(REFUSAL_PAUSE_MS);
          throw error;
        }
        batchSenders.set(request, user);
      },
    },
    async (request) => {
      const user = batchSenders.get(request) ?? (await signedIn(request));
      const attemptId = requireAttemptId(request.params.attemptId);
      return recordActions(context, user, attemptId, parsePutActionsBody(request.body));
    },
  );

  app.get<{ Params: { attemptId: string } }>('/attempts/:attemptId', async (request) => {
    const user = await signedIn(request);
    const attemptId = requireAttemptId(request.params.attemptId);
    await expireOverdue(context, { attemptId });
    const row = await findAttempt(options.database.db, attemptId);
    if (row === undefined) throw new RequestError(404, `The server holds no attempt ${attemptId}.`);
    if (!(await options.recordScope.mayRead(user, { id: row.user_id })))
      throw new RequestError(
        403,
        `Attempt ${attemptId} belongs to another user; learners read only their own attempts, trainers those of learners in their classes, department admins those of their department.`,
      );
    return attemptView(row);
  });

  app.get<{ Querystring: { user?: string } }>('/results', async (request) => {
    const user = await signedIn(request);
    const username = typeof request.query.user === 'string' && request.query.user !== '' ? request.query.user : user.username;
    if (!(await options.recordScope.mayRead(user, { username }))) {
      throw new RequestError(
        403,
        user.role === 'learner'
          ? "Learners see only their own results; trainers and admins can see others'."
          : `You may not read the results of "${username}": trainers see the learners of their own classes, department admins the users of their department.`,
      );
    }
    await expireOverdue(context, { username });
    const rows = await attemptsOf(options.database.db, username, resultsPage);
    return { results: rows.map(attemptView) };
  });
};
