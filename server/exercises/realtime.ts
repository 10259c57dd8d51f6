// The realtime side of joint exercises: Colyseus' matchmaker and WebSocket transport inside this
// server process, on its port and origin (sockets under /rooms/). Without REDIS_URL the lobby lives
// in this process; with it, Colyseus' Redis presence and driver let several processes share it,
// and a seat handed out by one process may be in a room another process runs.
// Colyseus keeps its matchmaker in module state, one per process: the first server built sets it
// up, and each server registers its own room type (tests build several servers in one process).
import type { Server as HttpServer } from 'node:http';
import { LocalDriver, LocalPresence, matchMaker } from '@colyseus/core';
import type { AuthContext, Presence } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import type { SessionUser } from '../accounts/session-user.ts';
import { exerciseRoomClass } from './room.ts';
import type { LiveRoom, RoomDependencies, SeatAuth } from './room.ts';

type ISeatReservation = matchMaker.ISeatReservation;

/** Where realtime clients connect: ws(s)://<the app's host>/rooms/<process>/<room>. */
export const ROOMS_PATH = '/rooms';
/** Largest WebSocket frame accepted at all; the room refuses commands past its own, smaller limit with an error. */
const MAX_FRAME_BYTES = 64 * 1024;

export interface RealtimeOptions {
  /** REDIS_URL: share the lobby and rooms with other processes through this Redis. */
  readonly redisUrl?: string | undefined;
  /**
   * SHIXUN_ROOMS_PUBLIC_ADDRESS: how clients reach this very process (`host:port`), when several
   * processes share one Redis and the address in front of them does not route by process.
   */
  readonly publicAddress?: string | undefined;
  /** SHIXUN_PUBLIC_URL: pages of this site may open sockets from there too. */
  readonly publicOrigin?: string | undefined;
}

interface ProcessMatchMaker {
  readonly ready: Promise<void>;
  readonly redisUrl: string | undefined;
  readonly presence: Presence;
  servers: number;
  roomTypes: number;
}

// One per process, as Colyseus' own matchmaker is.
let processMatchMaker: ProcessMatchMaker | undefined;

async function redisPresenceAndDriver(url: string): Promise<{ presence: Presence; driver: matchMaker.MatchMakerDriver }> {
  const [{ RedisPresence }, { RedisDriver }] = await Promise.all([
    import('@colyseus/redis-presence'),
    import('@colyseus/redis-driver'),
  ]);
  return { presence: new RedisPresence(url), driver: new RedisDriver(url) };
}

function startMatchMaker(options: RealtimeOptions): ProcessMatchMaker {
  if (processMatchMaker !== undefined) {
    if (processMatchMaker.redisUrl !== options.redisUrl)
      throw new Error('One process runs one lobby: every server in it must use the same REDIS_URL.');
    return processMatchMaker;
  }
  const presenceHolder: { presence: Presence } = { presence: new LocalPresence() };
  const ready = (async () => {
    const shared = options.redisUrl === undefined ? undefined : await redisPresenceAndDriver(options.redisUrl);
    if (shared) presenceHolder.presence = shared.presence;
    const presence = shared?.presence ?? presenceHolder.presence;
    // Rooms are built on the process that asked for them: the one whose database call claimed the session.
    await matchMaker.setup(presence, shared?.driver ?? new LocalDriver(), options.publicAddress, () =>
      Promise.resolve(matchMaker.processId),
    );
    await matchMaker.accept();
  })();
  const made: ProcessMatchMaker = {
    ready,
    redisUrl: options.redisUrl,
    get presence() {
      return presenceHolder.presence;
    },
    servers: 0,
    roomTypes: 0,
  };
  processMatchMaker = made;
  return made;
}

/**
 * The same-origin check of a socket: its Origin is the host it connected to, or the server's public
 * address (SHIXUN_PUBLIC_URL) when a proxy or another process of the same site stands between.
 */
export function sameOrigin(origin: string | null, host: string | null, publicOrigin?: string): boolean {
  if (origin === null) return false;
  try {
    const parsed = new URL(origin);
    return parsed.host === host || (publicOrigin !== undefined && parsed.origin === new URL(publicOrigin).origin);
  } catch {
    return false;
  }
}

export interface Realtime {
  /** The room type this server's rooms are registered under. */
  readonly roomName: string;
  /** A seat in the room, or a new room built from the session's log when it has none that answers. */
  seat(sessionId: string, currentRoomId: string | null, auth: SeatAuth): Promise<ISeatReservation>;
  /** Builds a room for the session if none answers; answers its id. */
  ensureRoom(sessionId: string, currentRoomId: string | null): Promise<string>;
  /** Closes the room of an ended session, wherever it runs. */
  closeRoom(roomId: string | null): Promise<void>;
  close(): Promise<void>;
}

export interface RealtimeSetup extends RealtimeOptions {
  readonly server: HttpServer;
  readonly room: Omit<RoomDependencies, 'identify'>;
  readonly identify: (context: AuthContext) => Promise<SessionUser | undefined>;
}

export function startRealtime(setup: RealtimeSetup): Realtime {
  const shared = startMatchMaker(setup);
  shared.servers += 1;
  shared.roomTypes += 1;
  const roomName = shared.roomTypes === 1 ? 'exercise' : `exercise-${shared.roomTypes}`;
  let registered = false;
  const live = new Set<LiveRoom>();
  const ready = shared.ready.then(() => {
    matchMaker.defineRoomType(roomName, exerciseRoomClass({ ...setup.room, identify: setup.identify, live }));
    registered = true;
  });

  const transport = new WebSocketTransport({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    beforeUpgrade: async (_request, context) => {
      if (!sameOrigin(context.headers.get('origin'), context.headers.get('host'), setup.publicOrigin))
        return new Response('Realtime connections are accepted from this server’s own pages only (same origin).', {
          status: 403,
        });
      if ((await setup.identify(context)) === undefined)
        return new Response('Sign in first: joint exercises belong to signed-in participants.', { status: 401 });
      return undefined;
    },
  });
  transport.attachToServer(setup.server, { filter: (request) => request.url?.startsWith(`${ROOMS_PATH}/`) === true });

  // Several seat requests for a session with no room at once (one process) build one room.
  const building = new Map<string, Promise<string>>();

  async function answers(roomId: string): Promise<boolean> {
    const cache = await matchMaker.getRoomById(roomId);
    if (cache === undefined) return false;
    try {
      await matchMaker.remoteRoomCall(roomId, 'roomId', undefined, 2000);
      return true;
    } catch {
      return false;
    }
  }

  async function ensureRoom(sessionId: string, currentRoomId: string | null): Promise<string> {
    await ready;
    if (currentRoomId !== null && (await answers(currentRoomId))) return currentRoomId;
    const pending = building.get(sessionId);
    if (pending) return pending;
    const build = matchMaker
      .createRoom(roomName, { sessionId })
      .then((cache) => cache.roomId)
      .finally(() => building.delete(sessionId));
    building.set(sessionId, build);
    return build;
  }

  return {
    roomName,
    ensureRoom,
    async seat(sessionId, currentRoomId, auth) {
      const roomId = await ensureRoom(sessionId, currentRoomId);
      const cache = await matchMaker.getRoomById(roomId);
      if (cache === undefined) throw new Error(`The room ${roomId} went away while a seat was reserved.`);
      return matchMaker.reserveSeatFor(cache, {}, auth);
    },
    async closeRoom(roomId) {
      await ready;
      if (roomId === null || !(await answers(roomId))) return;
      await matchMaker.remoteRoomCall(roomId, 'disconnect', [], 2000).catch(() => undefined);
    },
    async close() {
      await ready.catch(() => undefined);
      // The room type stays registered: a room still disposing (seats reserved but never taken
      // expire on their own timer) looks its type up when it finally goes.
      if (registered)
        for (const room of [...live]) {
          room.halt();
          await room.disconnect().catch(() => undefined);
        }
      transport.shutdown();
      shared.servers -= 1;
      if (shared.servers === 0 && shared.redisUrl !== undefined) {
        // The last server of a process sharing Redis: take its listings out of the shared lobby.
        await matchMaker.gracefullyShutdown().catch(() => undefined);
        shared.presence.shutdown();
        processMatchMaker = undefined;
      }
    },
  };
}
