// Classes (training sessions on headsets) as a Fastify plugin, mounted at /api/v1: a trainer opens
// a class and watches it live (server-sent events); learners join it with its code and their apps
// report progress, heartbeats and requests for help. Only the class's trainer and admins see a
// class; a learner sees only their own membership.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RecordAdminAction } from '../accounts/admin-audit.ts';
import { requireRole, requireUser } from '../accounts/guards.ts';
import type { Clock } from '../accounts/policy.ts';
import { RateLimiter } from '../accounts/rate-limiter.ts';
import type { Limit } from '../accounts/rate-limiter.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { CourseCatalog } from '../grading/course-catalog.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { acceptJsonBodies } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { sendClassEvents } from './class-events.ts';
import type { OpenStreams } from './class-events.ts';
import { parseHeartbeat, parseJoin, parseNewClass } from './class-requests.ts';
import { ClassStore } from './class-store.ts';
import { checkedAgainstCourse } from './progress-check.ts';
import type { ClassRow } from './class-store.ts';

export interface ClassesPluginOptions {
  readonly database: Database;
  readonly currentUser: UserResolver;
  /** The courses progress reports are checked against. */
  readonly catalog: CourseCatalog;
  /** Time source for heartbeats and "connected". Default Date.now. */
  readonly now?: Clock;
  /** How often each event stream polls the database. Default 1000 ms. */
  readonly eventPollMs?: number;
  /** Wrong codes one user may type before 429. Default 10 in 10 minutes. */
  readonly joinLimit?: Limit;
  /** Where class changes are recorded (the accounts feature's audit log): create, end, join, leave. */
  readonly recordAdminAction?: RecordAdminAction;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_BYTES = 16 * 1024;

type IdParams = { Params: { id: string } };

export const classesPlugin: FastifyPluginAsync<ClassesPluginOptions> = async (app, options) => {
  const now = options.now ?? Date.now;
  const store = new ClassStore(options.database, now);
  const limiter = new RateLimiter(options.database.db, now);
  const joinLimit = options.joinLimit ?? { max: 10, windowMs: 10 * 60_000 };
  const open: OpenStreams = new Set();

  // Event streams never end by themselves: end them so the server can close.
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });

  acceptJsonBodies(app, JSON_BYTES);

  app.setErrorHandler(
    apiErrorHandler({
      area: 'classes',
      accepts: 'application/json',
      tooLarge: () => `The body is too large: at most ${JSON_BYTES / 1024} KiB of JSON.`,
    }),
  );

  const signedIn = (request: FastifyRequest): Promise<SessionUser> =>
    requireUser(options.currentUser, request, 'Sign in first: classes belong to signed-in trainers and learners.');

  async function trainer(request: FastifyRequest): Promise<SessionUser> {
    return requireRole(await signedIn(request), ['trainer', 'admin'], 'Only trainer or admin accounts run classes');
  }

  /** The class, for its own trainer or an admin: 401, 403 or 404 otherwise. */
  async function watchedClass(request: FastifyRequest<IdParams>): Promise<{ user: SessionUser; row: ClassRow }> {
    const user = await trainer(request);
    const id = request.params.id;
    const row = UUID.test(id) ? await store.find(id) : undefined;
    if (row === undefined) throw new RequestError(404, `There is no class ${id}. Open the list of your classes to find it.`);
    if (row.trainer_id !== user.id && user.role !== 'admin')
      throw new RequestError(403, 'This class belongs to another trainer: only its trainer and admins can see it.');
    return { user, row };
  }

  function classIdOf(request: FastifyRequest<IdParams>): string {
    const id = request.params.id;
    if (!UUID.test(id)) throw new RequestError(404, `There is no class ${id}.`);
    return id;
  }

  const audit = options.recordAdminAction ?? (async () => undefined);
  const classTarget = (title: string, id: string): string => `${title} (${id})`;

  const notAMember = (): RequestError =>
    new RequestError(404, 'You are not in this class (or have left it): join it again with its code.');

  app.post('/classes', async (request, reply) => {
    const user = await trainer(request);
    const created = await store.create(user, parseNewClass(request.body));
    await audit(request, user, {
      action: 'class.create',
      target: classTarget(created.title, created.id),
      detail: created.courseId === null ? 'any course' : `course ${created.courseId}`,
    });
    return reply.code(201).header('cache-control', 'no-store').send({ class: created });
  });

  app.get('/classes', async (request, reply) => {
    const user = await trainer(request);
    void reply.header('cache-control', 'no-store');
    return { classes: await store.list(user) };
  });

  app.get('/classes/joined', async (request, reply) => {
    const user = await signedIn(request);
    void reply.header('cache-control', 'no-store');
    return { membership: await store.joined(user) };
  });

  app.post('/classes/join', async (request, reply) => {
    const user = await signedIn(request);
    const { typed, code } = parseJoin(request.body);
    const bucket = `class-join-user:${user.id}`;
    const wait = await limiter.retryAfter(bucket, joinLimit);
    if (wait > 0)
      throw new RequestError(429, `Too many wrong class codes; wait ${wait} seconds and try again.`, {
        'retry-after': String(wait),
      });
    if (code === undefined) {
      await limiter.record(bucket);
      throw new RequestError(
        404,
        `"${typed}" is not a class code: a class code is 6 digits, like 482 913. Check the code your trainer shows.`,
      );
    }
    const outcome = await store.join(user, code);
    void reply.header('cache-control', 'no-store');
    switch (outcome.kind) {
      case 'no-such-code':
        await limiter.record(bucket);
        throw new RequestError(
          404,
          `No open class has the code ${code}: check the code your trainer shows, or ask whether the class has ended.`,
        );
      case 'in-another-class':
        throw new RequestError(
          409,
          `You are already in ${outcome.title === '' ? 'another class' : `the class "${outcome.title}"`}: leave it first, then join this one.`,
        );
      case 'joined':
        await audit(request, user, {
          action: 'class.join',
          target: classTarget(outcome.membership.title, outcome.membership.classId),
          detail: `member ${user.username}`,
        });
        return { membership: outcome.membership };
    }
  });

  app.get<IdParams>('/classes/:id', async (request, reply) => {
    const { row } = await watchedClass(request);
    void reply.header('cache-control', 'no-store');
    return store.snapshot(row.id);
  });

  app.get<IdParams>('/classes/:id/events', async (request, reply) => {
    const { row } = await watchedClass(request);
    sendClassEvents(store, row.id, request, reply, { pollMs: options.eventPollMs ?? 1000, keepAliveMs: 15_000, now }, open);
  });

  app.post<IdParams>('/classes/:id/end', async (request, reply) => {
    const { user, row } = await watchedClass(request);
    await store.end(row.id);
    await audit(request, user, { action: 'class.end', target: classTarget(row.title, row.id) });
    void reply.header('cache-control', 'no-store');
    return store.snapshot(row.id);
  });

  app.post<{ Params: { id: string; userId: string } }>('/classes/:id/members/:userId/help-handled', async (request, reply) => {
    const { row } = await watchedClass(request);
    if (!(await store.markHelpHandled(row.id, request.params.userId)))
      throw new RequestError(404, `No learner ${request.params.userId} is in this class.`);
    void reply.header('cache-control', 'no-store');
    return { handled: true };
  });

  app.post<IdParams>('/classes/:id/progress', async (request, reply) => {
    const user = await signedIn(request);
    const classId = classIdOf(request);
    const beat = parseHeartbeat(request.body);
    const progress = beat.progress === null ? null : checkedAgainstCourse(beat.progress, options.catalog);
    const membership = await store.heartbeat(classId, user, { ...beat, progress });
    if (membership === undefined) throw notAMember();
    void reply.header('cache-control', 'no-store');
    return { membership };
  });

  app.post<IdParams>('/classes/:id/help', async (request, reply) => {
    const user = await signedIn(request);
    const membership = await store.requestHelp(classIdOf(request), user);
    if (membership === undefined) throw notAMember();
    void reply.header('cache-control', 'no-store');
    return { membership };
  });

  app.post<IdParams>('/classes/:id/leave', async (request, reply) => {
    const user = await signedIn(request);
    const classId = classIdOf(request);
    if (!(await store.leave(classId, user))) throw notAMember();
    const left = await store.find(classId);
    await audit(request, user, {
      action: 'class.leave',
      target: classTarget(left?.title ?? '', classId),
      detail: `member ${user.username}`,
    });
    void reply.header('cache-control', 'no-store');
    return { membership: null };
  });
};
