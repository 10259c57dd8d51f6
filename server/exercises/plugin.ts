// Joint-exercise sessions as a Fastify plugin, mounted at /api/v1: a trainer creates a session of
// an exercise (optionally for a class), assigns roles, resumes and ends it; learners join with its
// code and take a free role; every participant asks here for a seat in the live room, so the
// socket's sign-in is this API's session and a socket without a seat reserved here gets nowhere.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AuthContext } from '@colyseus/core';
import { normalizeClassCode } from '../../src/contracts/class-code.ts';
import {
  assignRoleRequestSchema,
  forkExerciseSessionRequestSchema,
  joinExerciseSessionRequestSchema,
  newExerciseSessionRequestSchema,
  pickRoleRequestSchema,
} from '../../src/contracts/exercise-types.ts';
import type {
  ExerciseReplay,
  ExerciseReplayEntry,
  ExerciseSeat,
  ExerciseSessionView,
} from '../../src/contracts/exercise-types.ts';
import { requireRole, requireUser } from '../accounts/guards.ts';
import type { Clock } from '../accounts/policy.ts';
import { RateLimiter } from '../accounts/rate-limiter.ts';
import type { Limit } from '../accounts/rate-limiter.ts';
import { looksLikeToken } from '../accounts/secrets.ts';
import { sessionTokenOfCookies } from '../accounts/session-cookie.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { acceptJsonBodies, parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import type { ExerciseOutcomeInput, ExerciseRecordResult } from '../exercise-records/record-outcome.ts';
import { finishSession } from './finish-session.ts';
import { forkSession } from './fork-session.ts';
import { ROOMS_PATH, startRealtime } from './realtime.ts';
import type { RealtimeOptions } from './realtime.ts';
import type { ExerciseRegistry } from './registry.ts';
import { DEFAULT_ROOM_LIMITS } from './room.ts';
import type { RoomLimits } from './room.ts';
import { ExerciseSessionStore } from './session-store.ts';
import type { SessionRow } from './session-store.ts';

export interface ExercisesPluginOptions extends RealtimeOptions {
  readonly database: Database;
  readonly currentUser: UserResolver;
  /** The user of a session token, for sockets (accounts' userOfSessionToken). */
  readonly userOfSessionToken: (token: string | undefined) => Promise<SessionUser | undefined>;
  readonly registry: ExerciseRegistry;
  readonly limits?: Partial<RoomLimits>;
  /** Time source for the sessions and the rooms. Default Date.now. */
  readonly now?: Clock;
  /** Wrong codes one user may type before 429. Default 10 in 10 minutes. */
  readonly joinLimit?: Limit;
  /** Records an ended session's outcome as official results (server/exercise-records); absent: none. */
  readonly recordOutcome?: (input: ExerciseOutcomeInput) => Promise<ExerciseRecordResult>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_BYTES = 16 * 1024;

type IdParams = { Params: { sessionId: string } };

export const exercisesPlugin: FastifyPluginAsync<ExercisesPluginOptions> = async (app, options) => {
  const now = options.now ?? Date.now;
  const store = new ExerciseSessionStore(options.database, now);
  const { registry } = options;
  const limiter = new RateLimiter(options.database.db, now);
  const joinLimit = options.joinLimit ?? { max: 10, windowMs: 10 * 60_000 };

  const identify = (context: AuthContext): Promise<SessionUser | undefined> => {
    const fromCookie = sessionTokenOfCookies(context.headers.get('cookie'));
    const token = fromCookie ?? (context.token !== undefined && looksLikeToken(context.token) ? context.token : undefined);
    return options.userOfSessionToken(token);
  };
  const realtime = startRealtime({
    server: app.server,
    redisUrl: options.redisUrl,
    publicAddress: options.publicAddress,
    publicOrigin: options.publicOrigin,
    identify,
    room: { store, registry, limits: { ...DEFAULT_ROOM_LIMITS, ...options.limits }, now },
  });
  app.addHook('onClose', () => realtime.close());

  acceptJsonBodies(app, JSON_BYTES);
  app.setErrorHandler(
    apiErrorHandler({
      area: 'exercise sessions',
      accepts: 'application/json',
      tooLarge: () => `The body is too large: at most ${JSON_BYTES / 1024} KiB of JSON.`,
    }),
  );

  const signedIn = (request: FastifyRequest): Promise<SessionUser> =>
    requireUser(options.currentUser, request, 'Sign in first: joint exercises belong to signed-in trainers and learners.');

  async function trainer(request: FastifyRequest): Promise<SessionUser> {
    return requireRole(await signedIn(request), ['trainer', 'admin'], 'Only trainer or admin accounts run joint exercises');
  }

  const roleIdsOf = (row: SessionRow): readonly string[] => registry.get(row.exercise_id)?.roleIds ?? [];
  const view = (row: SessionRow): Promise<ExerciseSessionView> => store.view(row, roleIdsOf(row));

  async function sessionOf(request: FastifyRequest<IdParams>): Promise<SessionRow> {
    const id = request.params.sessionId;
    const row = UUID.test(id) ? await store.find(id) : undefined;
    if (row === undefined)
      throw new RequestError(404, `There is no exercise session ${id}. Open the list of sessions to find it.`);
    return row;
  }

  const runs = (user: SessionUser, row: SessionRow): boolean => row.trainer_id === user.id || user.role === 'admin';

  /** The session, for its own trainer or an admin: 401, 403 or 404 otherwise. */
  async function runSession(request: FastifyRequest<IdParams>): Promise<{ user: SessionUser; row: SessionRow }> {
    const user = await trainer(request);
    const row = await sessionOf(request);
    if (!runs(user, row))
      throw new RequestError(403, 'This exercise session belongs to another trainer: only its trainer and admins run it.');
    return { user, row };
  }

  function open(row: SessionRow): SessionRow {
    if (row.status !== 'open') throw new RequestError(409, 'This exercise session has ended: open its debrief instead.');
    return row;
  }

  app.post('/exercise-sessions', async (request, reply) => {
    const user = await trainer(request);
    const body = parseBody(newExerciseSessionRequestSchema, request.body);
    const exerciseId = body.exerciseId.trim();
    const rules = registry.get(exerciseId);
    if (rules === undefined)
      throw new RequestError(404, `There is no exercise "${exerciseId}": use the id of an exercise scene of a course.`);
    const classId = body.classId === null || body.classId === undefined || body.classId === '' ? null : body.classId.trim();
    if (classId !== null) {
      const owned = UUID.test(classId)
        ? await options.database.db
            .selectFrom('classes')
            .select(['trainer_id', 'status'])
            .where('id', '=', classId)
            .executeTakeFirst()
        : undefined;
      if (owned === undefined)
        throw new RequestError(
          404,
          `There is no class ${classId}: leave classId out for a session anyone with the code may join.`,
        );
      if (owned.trainer_id !== user.id && user.role !== 'admin')
        throw new RequestError(403, 'That class belongs to another trainer: run sessions for your own classes.');
    }
    const title = body.title === null || body.title === undefined || body.title === '' ? exerciseId : body.title.trim();
    const row = await store.create(user, { exerciseId, title, classId });
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ session: await view(row) });
  });

  app.get('/exercise-sessions', async (request, reply) => {
    const user = await trainer(request);
    const rows = await store.list(user);
    void reply.header('cache-control', 'no-store');
    return { sessions: await Promise.all(rows.map(view)) };
  });

  app.post('/exercise-sessions/join', async (request, reply) => {
    const user = await signedIn(request);
    const { code: typed } = parseBody(joinExerciseSessionRequestSchema, request.body);
    const bucket = `exercise-join-user:${user.id}`;
    const wait = await limiter.retryAfter(bucket, joinLimit);
    if (wait > 0)
      throw new RequestError(429, `Too many wrong session codes; wait ${wait} seconds and try again.`, {
        'retry-after': String(wait),
      });
    const code = normalizeClassCode(typed);
    const row = code === undefined ? undefined : await store.findOpenByCode(code);
    if (row === undefined) {
      await limiter.record(bucket);
      throw new RequestError(404, `No open exercise session has the code ${typed.trim()}: check the code your trainer shows.`);
    }
    if (row.class_id !== null && !runs(user, row) && (await store.participant(row.id, user.id)) === undefined) {
      if (!(await store.inClass(row.class_id, user.id)))
        throw new RequestError(
          403,
          'This exercise session is for the learners of one class: join that class first, or ask the trainer.',
        );
    }
    await store.addParticipant(row.id, user);
    void reply.header('cache-control', 'no-store');
    return { session: await view(row) };
  });

  app.get<IdParams>('/exercise-sessions/:sessionId', async (request, reply) => {
    const user = await signedIn(request);
    const row = await sessionOf(request);
    if (!runs(user, row) && (await store.participant(row.id, user.id)) === undefined)
      throw new RequestError(403, 'You are not in this exercise session: join it with its code first.');
    void reply.header('cache-control', 'no-store');
    return { session: await view(row) };
  });

  app.post<IdParams>('/exercise-sessions/:sessionId/assignments', async (request, reply) => {
    const { row } = await runSession(request);
    open(row);
    const { userId, role } = parseBody(assignRoleRequestSchema, request.body);
    if (role !== null && !roleIdsOf(row).includes(role))
      throw new RequestError(400, `role "${role}" is not a role of this exercise: use one of ${roleIdsOf(row).join(', ')}.`);
    const person = await options.database.db
      .selectFrom('users')
      .select(['id', 'username', 'name', 'role'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (person === undefined) throw new RequestError(404, `There is no user ${userId}.`);
    if (row.class_id !== null && !(await store.inClass(row.class_id, person.id)))
      throw new RequestError(403, `${person.name} is not in this session's class: add them to the class first.`);
    await store.addParticipant(row.id, person);
    await store.setRole(row.id, person.id, role);
    void reply.header('cache-control', 'no-store');
    return { session: await view(row) };
  });

  app.post<IdParams>('/exercise-sessions/:sessionId/role', async (request, reply) => {
    const user = await signedIn(request);
    const row = open(await sessionOf(request));
    const { role } = parseBody(pickRoleRequestSchema, request.body);
    const me = await store.participant(row.id, user.id);
    if (me === undefined) throw new RequestError(403, 'You are not in this exercise session: join it with its code first.');
    if (!roleIdsOf(row).includes(role))
      throw new RequestError(400, `role "${role}" is not a role of this exercise: use one of ${roleIdsOf(row).join(', ')}.`);
    if (me.role !== null && me.role !== role)
      throw new RequestError(403, `The trainer gave you the role ${me.role}: ask the trainer to change it.`);
    const picked = await store.pickRole(row.id, user.id, role);
    if (!picked.ok) throw new RequestError(403, `The role ${role} is assigned to ${picked.heldBy}: pick a free role.`);
    void reply.header('cache-control', 'no-store');
    return { session: await view(row) };
  });

  app.post<IdParams>('/exercise-sessions/:sessionId/seat', async (request, reply) => {
    const user = await signedIn(request);
    const row = open(await sessionOf(request));
    let role: string;
    if (runs(user, row)) {
      role = 'trainer';
    } else {
      const me = await store.participant(row.id, user.id);
      if (me === undefined) throw new RequestError(403, 'You are not in this exercise session: join it with its code first.');
      if (me.role === null)
        throw new RequestError(409, 'Take a role first (or wait for the trainer to give you one), then join the room.');
      role = me.role;
    }
    const seat = await realtime.seat(row.id, row.room_id, { userId: user.id, name: user.name, role });
    void reply.header('cache-control', 'no-store');
    const answer: ExerciseSeat = {
      seat: {
        name: seat.name,
        roomId: seat.roomId,
        sessionId: seat.sessionId,
        ...(seat.processId === undefined ? {} : { processId: seat.processId }),
        ...(seat.publicAddress === undefined ? {} : { publicAddress: seat.publicAddress }),
      },
      role,
      path: ROOMS_PATH,
    };
    return answer;
  });

  app.post<IdParams>('/exercise-sessions/:sessionId/resume', async (request, reply) => {
    const { row } = await runSession(request);
    open(row);
    await realtime.ensureRoom(row.id, row.room_id);
    void reply.header('cache-control', 'no-store');
    return { session: await view((await store.find(row.id)) ?? row) };
  });

  // Ending finishes the log on the server's clock and records every role holder's official result
  // (./finish-session.ts); ending an ended session again records nothing twice.
  app.post<IdParams>('/exercise-sessions/:sessionId/end', async (request, reply) => {
    const { row, user } = await runSession(request);
    await finishSession({ database: options.database, store, registry, now, record: options.recordOutcome }, row, user.id);
    await realtime.closeRoom(row.room_id);
    void reply.header('cache-control', 'no-store');
    return { session: await view((await store.find(row.id)) ?? row) };
  });

  // The after-action review: the log with who sent each entry, and the exercise itself, so the
  // replay page plays the session with the same rules the room ran (src/exercise).
  app.get<IdParams>('/exercise-sessions/:sessionId/replay', async (request, reply) => {
    const { row } = await runSession(request);
    const exercise = registry.definition?.(row.exercise_id);
    if (exercise === undefined)
      throw new RequestError(409, `The exercise "${row.exercise_id}" is no longer installed: its sessions cannot be replayed.`);
    const log = await store.log(row.id);
    const actorIds = [...new Set(log.flatMap((entry) => (entry.actor_user_id === null ? [] : [entry.actor_user_id])))];
    const names = new Map(
      actorIds.length === 0
        ? []
        : (await options.database.db.selectFrom('users').select(['id', 'name']).where('id', 'in', actorIds).execute()).map(
            (user) => [user.id, user.name] as const,
          ),
    );
    const entries: ExerciseReplayEntry[] = log.map((entry) => ({
      seq: entry.seq,
      at: entry.at,
      kind: entry.kind === 'clock' ? 'clock' : 'command',
      actor:
        entry.actor_user_id === null
          ? null
          : { userId: entry.actor_user_id, name: names.get(entry.actor_user_id) ?? '?', role: entry.actor_role ?? '' },
      command: entry.command === null ? null : (JSON.parse(entry.command) as unknown),
      accepted: entry.accepted === 1,
      code: entry.code,
      reason: entry.reason,
    }));
    void reply.header('cache-control', 'no-store');
    const answer: ExerciseReplay = {
      session: await view(row),
      exercise,
      seed: row.seed,
      startedAt: row.started_at,
      log: entries,
    };
    return answer;
  });

  app.post<IdParams>('/exercise-sessions/:sessionId/fork', async (request, reply) => {
    const { row, user } = await runSession(request);
    const body = parseBody(forkExerciseSessionRequestSchema, request.body);
    const title = body.title === null || body.title === undefined || body.title === '' ? null : body.title.trim();
    const forked = await forkSession({ store, registry }, row, body.seq, user, title);
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ session: await view(forked) });
  });
};
