// Test helper: the accounts and exercises plugins on a fresh database, listening on a loopback
// port so realtime clients (@colyseus/sdk, as the browser uses it) connect over a real socket;
// people created in the user store, their API calls, and a recording client per seat.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client } from '@colyseus/sdk';
import type { Room } from '@colyseus/sdk';
import { createAccounts } from '../../accounts/accounts.ts';
import { addUser, HOME_PAGE, signedIn } from '../../accounts/test-support/accounts-test-app.ts';
import type { Role, SessionUser } from '../../accounts/session-user.ts';
import type { Database } from '../../db/database.ts';
import type { TestDatabase, TestDatabaseVariant } from '../../db/test-databases.ts';
import type { ExerciseSeat, ExerciseSessionView } from '../../../src/contracts/exercise-types.ts';
import { applyViewPatch } from '../../../src/exercise/view-patch.ts';
import type { ViewPatch } from '../../../src/exercise/view-patch.ts';
import { exercisesPlugin } from '../plugin.ts';
import type { ExercisesPluginOptions } from '../plugin.ts';
import { exerciseRegistryOf } from '../registry.ts';
import { toyRules } from './toy-rules.ts';

export interface Person {
  readonly user: SessionUser;
  /** Cookie and CSRF header of a signed-in browser. */
  readonly headers: Record<string, string>;
}

/** One message a realtime client received, in order (and after each view patch, the view it made). */
export interface Received {
  readonly type: string | number;
  readonly payload: unknown;
}

export interface Participant {
  readonly room: Room;
  readonly received: Received[];
  /** Resolves with the next message of `type` that matches (already received ones count). */
  next(type: string, match?: (payload: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The last view received. */
  lastView(): Record<string, unknown> | undefined;
  leave(): Promise<void>;
}

export interface RoomsTestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly origin: string;
  person(username: string, role: Role): Promise<Person>;
  call(person: Person | undefined, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Creates a session of the toy exercise as `trainer`. */
  session(trainer: Person, body?: Record<string, unknown>): Promise<ExerciseSessionView>;
  seat(person: Person, sessionId: string): Promise<ExerciseSeat>;
  connect(person: Person, seat: ExerciseSeat, origin?: string): Promise<Participant>;
  close(): Promise<void>;
}

export type RoomsSettings = Partial<
  Pick<ExercisesPluginOptions, 'limits' | 'now' | 'redisUrl' | 'publicAddress' | 'publicOrigin' | 'registry'>
>;

/** The two plugins on `database`, listening on 127.0.0.1 (the toy exercise unless `settings` give a registry). */
export async function listeningServer(database: Database, settings: RoomsSettings = {}, port = 0): Promise<FastifyInstance> {
  const accounts = await createAccounts({ database, homePage: HOME_PAGE });
  const app = Fastify({ logger: false });
  await app.register(accounts.plugin, { prefix: '/api/v1' });
  await app.register(exercisesPlugin, {
    prefix: '/api/v1',
    database,
    currentUser: accounts.currentUser,
    userOfSessionToken: accounts.userOfSessionToken,
    registry: exerciseRegistryOf([toyRules]),
    ...settings,
  });
  await app.listen({ port, host: '127.0.0.1' });
  return app;
}

/** A realtime client of `person` that records every message it receives. */
export async function connectClient(
  origin: string,
  person: Person,
  seat: ExerciseSeat,
  originHeader = origin,
): Promise<Participant> {
  const client = new Client(`${origin}${seat.path}`, { headers: { cookie: person.headers.cookie ?? '', origin: originHeader } });
  const room = await client.consumeSeatReservation(seat.seat);
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  let held: Record<string, unknown> = {};
  room.onMessage('*', (type, payload) => {
    received.push({ type, payload });
    // The view the client holds: whole views as they come, patches applied to the one before,
    // recorded as the view they make (after the patch itself).
    if (type === 'view') held = (payload as { view: Record<string, unknown> }).view;
    if (type === 'view-patch') {
      const { seq, role, ...patch } = payload as ViewPatch & { seq: number; role: string };
      held = applyViewPatch(held, patch);
      received.push({ type: 'view', payload: { seq, role, view: held } });
    }
    for (const wake of [...waiters]) wake();
  });
  const find = (type: string, match: (payload: Record<string, unknown>) => boolean) =>
    received.find((item) => item.type === type && match(item.payload as Record<string, unknown>))?.payload as
      Record<string, unknown> | undefined;
  return {
    room,
    received,
    next(type, match = () => true, timeoutMs = 10_000) {
      const found = find(type, match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`No ${type} message within ${timeoutMs} ms; received ${JSON.stringify(received).slice(0, 2000)}`));
        }, timeoutMs);
        const wake = () => {
          const hit = find(type, match);
          if (hit === undefined) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(hit);
        };
        waiters.add(wake);
      });
    },
    lastView() {
      const views = received.filter((item) => item.type === 'view');
      return (views.at(-1)?.payload as { view: Record<string, unknown> } | undefined)?.view;
    },
    async leave() {
      if (room.connection.isOpen) await room.leave(true);
    },
  };
}

export async function startRoomsApp(variant: TestDatabaseVariant, settings: RoomsSettings = {}): Promise<RoomsTestApp> {
  const database = await variant.open();
  const app = await listeningServer(database, settings);
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const participants: Participant[] = [];
  const call: RoomsTestApp['call'] = (person, method, url, body) =>
    app.inject({
      method,
      url,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...person?.headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  return {
    app,
    database,
    origin,
    async person(username, role) {
      const password = `pass-${username}-0123`;
      const user = await addUser(database, username, password, role);
      return { user, headers: await signedIn(app, username, password) };
    },
    call,
    async session(trainer, body = {}) {
      const response = await call(trainer, 'POST', '/api/v1/exercise-sessions', { exerciseId: toyRules.id, ...body });
      if (response.statusCode !== 201) throw new Error(`Creating a session failed: ${response.statusCode} ${response.body}`);
      return (response.json() as { session: ExerciseSessionView }).session;
    },
    async seat(person, sessionId) {
      const response = await call(person, 'POST', `/api/v1/exercise-sessions/${sessionId}/seat`);
      if (response.statusCode !== 200) throw new Error(`No seat: ${response.statusCode} ${response.body}`);
      return response.json() as ExerciseSeat;
    },
    async connect(person, seat, originHeader = origin) {
      const participant = await connectClient(origin, person, seat, originHeader);
      participants.push(participant);
      return participant;
    },
    async close() {
      for (const participant of participants) await participant.leave().catch(() => undefined);
      await app.close();
      await database.dispose();
    },
  };
}
