// The live room of one exercise session (a Colyseus room). It holds the exercise state, runs every
// command through the exercise's rules for the sender's role, writes each command (accepted or
// refused) and each clock advance to the session's log before anyone hears of it, and sends each
// client only its role's view, as a per-client message (no shared synchronised state: what a
// client holds is exactly rules.viewFor(state, itsRole), and nothing else about the exercise: the
// whole view first, then patches from the view it holds).
// It also relays what push-to-talk voice needs: WebRTC signals from one participant to another of
// this room only, and each participant's voice state in the `peers` list it sends everyone.
import { Room, ServerError } from '@colyseus/core';
import type { AuthContext, Client } from '@colyseus/core';
import type { SessionUser } from '../accounts/session-user.ts';
import { replayLog } from './replay.ts';
import type { ExerciseRegistry } from './registry.ts';
import type { ExerciseRules } from './rules-port.ts';
import { StaleRoomError } from './session-store.ts';
import type { ExerciseSessionStore, NewLogEntry } from './session-store.ts';
import { TokenBucket } from './token-bucket.ts';
import { parsePose } from './pose.ts';
import { diffView, keyedJson } from '../../src/exercise/view-patch.ts';
import type { KeyedJson, ViewPatch } from '../../src/exercise/view-patch.ts';
import { MAX_VOICE_PEERS, parseSignal, parseVoice, peerEntry } from './voice.ts';
import type { PeerEntry, VoiceState } from './voice.ts';

/** What the HTTP API put into a seat: who may take it and as which role. */
export interface SeatAuth {
  readonly userId: string;
  readonly name: string;
  /** A role id of the exercise, or 'trainer'. */
  readonly role: string;
}

export interface RoomLimits {
  /** Largest command or pose, in bytes of JSON; larger ones are refused unread. @default 8192 */
  readonly maxMessageBytes: number;
  /** Commands per second per client, on average; past the burst they are dropped with an error. @default 5 */
  readonly commandsPerSecond: number;
  /** @default 20 */
  readonly commandBurst: number;
  /** Poses per second per client (avatars and pointers). @default 30 */
  readonly posesPerSecond: number;
  /** Voice signals and voice-state changes per second per client. @default 20 */
  readonly signalsPerSecond: number;
  /** @default 60 (a participant joining the mesh offers to every peer at once) */
  readonly signalBurst: number;
  /** How often the room advances the exercise clock, in ms. @default 1000 */
  readonly clockMs: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxMessageBytes: 8192,
  commandsPerSecond: 5,
  commandBurst: 20,
  posesPerSecond: 30,
  signalsPerSecond: 20,
  signalBurst: 60,
  clockMs: 1000,
};

export interface RoomDependencies {
  readonly store: ExerciseSessionStore;
  readonly registry: ExerciseRegistry;
  /** The signed-in user of a socket (its session cookie or device session token), or undefined. */
  readonly identify: (context: AuthContext) => Promise<SessionUser | undefined>;
  readonly limits: RoomLimits;
  readonly now: () => number;
  /** The rooms of this server now in this process, so it can close them when it closes. */
  readonly live?: Set<LiveRoom>;
}

/** What the server that owns a room may do to it when it closes. */
export interface LiveRoom {
  /** Stops handling commands and the clock: nothing more is written. */
  halt(): void;
  disconnect(): Promise<unknown>;
}

/** The messages a client may send. */
export const CLIENT_MESSAGES = ['command', 'act-as', 'pose', 'signal', 'voice'] as const;
type ClientMessage = (typeof CLIENT_MESSAGES)[number];

type SeatClient = Client<{ auth: SeatAuth; userData: ClientTraffic }>;

interface ClientTraffic {
  readonly commands: TokenBucket;
  readonly poses: TokenBucket;
  readonly signals: TokenBucket;
  voice: VoiceState;
  /** When this client was last told it is sending too fast (told at most once a second). */
  floodToldAt: number;
  /** The JSON of the last view it was sent, so an unchanged view is not sent again. */
  lastView: string;
  /** That view's fields as JSON, which the next patch is made from. */
  lastKeys: KeyedJson | null;
  /** The last pose it sent, rounded, so an unchanged pose is not relayed again. */
  lastPose: string;
}

/** A role's view as it is now, computed once per broadcast. */
interface RoleViewNow {
  readonly json: string;
  readonly view: unknown;
  readonly keys: KeyedJson | null;
  /** The patch to it from each view a client held before, by that view's JSON. */
  readonly patches: Map<string, ViewPatch>;
}

interface CreateOptions {
  readonly sessionId: string;
}

/** How long a dropped client's seat is kept for it. */
export const RECONNECT_SECONDS = 120;

/** Close code for a room another one replaced: the client asks the API for a new seat. */
export const ROOM_REPLACED_CODE = 4410;
/** Close code for the room of a session that ended. */
export const ROOM_ENDED_CODE = 4411;

function byteSize(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The room class for one server: its dependencies are closed over, not global. */
export function exerciseRoomClass(deps: RoomDependencies) {
  const { limits } = deps;

  return class ExerciseRoom extends Room<{ client: SeatClient }> implements LiveRoom {
    #sessionId = '';
    #rules!: ExerciseRules;
    #state: unknown;
    #nextSeq = 0;
    #epoch = 0;
    #hash = '';
    /** Commands and clock ticks run one at a time, in arrival order. */
    #queue: Promise<void> = Promise.resolve();
    #stale = false;

    override async onCreate(options: CreateOptions): Promise<void> {
      const session = await deps.store.find(options.sessionId);
      if (session === undefined || session.status !== 'open') throw new ServerError(404, 'This exercise session is not open.');
      const rules = deps.registry.get(session.exercise_id);
      if (rules === undefined) throw new ServerError(404, `The exercise ${session.exercise_id} is not on this server.`);
      this.#sessionId = session.id;
      this.#rules = rules;
      deps.live?.add(this);
      // Claim first, then read: anything the room before this one wrote is in the log we replay,
      // and nothing it tries to write from now on gets in.
      this.#epoch = await deps.store.claimRoom(session.id, this.roomId);
      const replayed = replayLog(rules, session, await deps.store.log(session.id));
      this.#state = replayed.state;
      this.#nextSeq = replayed.nextSeq;
      this.#hash = rules.stateHash(this.#state);
      this.maxMessagesPerSecond = Math.max(100, (limits.commandBurst + limits.posesPerSecond) * 2);
      this.onMessage('*', (client: SeatClient, type: string | number, message: unknown) =>
        this.#onMessage(client, type, message),
      );
      this.clock.setInterval(() => this.#enqueue(() => this.#tick()), limits.clockMs);
      // The first tick at once: injects that fell due while no room ran fire now.
      this.#enqueue(() => this.#tick());
    }

    override async onAuth(client: SeatClient, _options: unknown, context: AuthContext): Promise<boolean> {
      const user = await deps.identify(context);
      if (user === undefined || client.auth?.userId !== user.id)
        throw new ServerError(4403, 'This seat was given to another signed-in user: ask for your own seat.');
      return true;
    }

    override onJoin(client: SeatClient): void {
      client.userData = {
        commands: new TokenBucket(limits.commandsPerSecond, limits.commandBurst, deps.now),
        poses: new TokenBucket(limits.posesPerSecond, limits.posesPerSecond, deps.now),
        signals: new TokenBucket(limits.signalsPerSecond, limits.signalBurst, deps.now),
        voice: 'off',
        floodToldAt: 0,
        lastView: '',
        lastKeys: null,
        lastPose: '',
      };
      this.#sendView(client, new Map());
      this.#broadcastPeers();
      this.#resendPoses();
    }

    override onLeave(): void {
      this.#broadcastPeers();
    }

    /** A dropped socket (network, a headset asleep) keeps its seat for two minutes; the client reconnects with its token. */
    override onDrop(client: SeatClient): void {
      if (this.#stale) return;
      this.allowReconnection(client, RECONNECT_SECONDS).catch(() => undefined);
      // Its audio connections went with the socket: the others see it leave the mesh until it is back.
      if (client.userData) client.userData.voice = 'off';
      this.#broadcastPeers();
    }

    override onReconnect(client: SeatClient): void {
      if (client.userData) client.userData.lastView = '';
      this.#sendView(client, new Map());
      this.#broadcastPeers();
      this.#resendPoses();
    }

    /** Someone came (back): everyone's next pose is relayed, changed or not, so they see every avatar. */
    #resendPoses(): void {
      for (const other of this.clients) if (other.userData) other.userData.lastPose = '';
    }

    halt(): void {
      this.#stale = true;
    }

    override onDispose(): void {
      deps.live?.delete(this);
      // Seats reserved but never taken keep a timer that would dispose the room a second time
      // (after its server may have closed): a disposed room has no seats left to expire.
      const pending = (this as unknown as { _reservedSeatTimeouts?: Record<string, NodeJS.Timeout> })._reservedSeatTimeouts ?? {};
      for (const timer of Object.values(pending)) clearTimeout(timer);
    }

    #enqueue(work: () => Promise<void>): void {
      this.#queue = this.#queue.then(work).catch((error: unknown) => this.#failed(error));
    }

    #failed(error: unknown): void {
      if (error instanceof StaleRoomError) {
        if (this.#stale) return;
        this.#stale = true;
        for (const client of this.clients)
          client.send(
            'error',
            error.ended
              ? { code: 'session-ended', reason: 'The trainer ended this session: open its debrief.' }
              : { code: 'room-replaced', reason: 'This session moved to another room: ask for a new seat.' },
          );
        void this.disconnect(error.ended ? ROOM_ENDED_CODE : ROOM_REPLACED_CODE);
        return;
      }
      console.error(`Exercise room ${this.roomId} (session ${this.#sessionId}):`, error);
    }

    #refuse(client: SeatClient, code: string, reason: string): void {
      client.send('error', { code, reason });
    }

    #onMessage(client: SeatClient, type: string | number, message: unknown): void {
      const traffic = client.userData;
      const auth = client.auth;
      if (traffic === undefined || auth === undefined || this.#stale) return;
      if (!(CLIENT_MESSAGES as readonly unknown[]).includes(type)) {
        this.#refuse(
          client,
          'unknown-type',
          `Unknown message type ${JSON.stringify(String(type).slice(0, 40))}: send one of ${CLIENT_MESSAGES.join(', ')}.`,
        );
        return;
      }
      const kind = type as ClientMessage;
      const [bucket, perSecond] =
        kind === 'pose'
          ? [traffic.poses, limits.posesPerSecond]
          : kind === 'signal' || kind === 'voice'
            ? [traffic.signals, limits.signalsPerSecond]
            : [traffic.commands, limits.commandsPerSecond];
      if (!bucket.take()) {
        const now = deps.now();
        if (now - traffic.floodToldAt >= 1000) {
          traffic.floodToldAt = now;
          this.#refuse(client, 'too-fast', `Too many ${kind} messages: some were dropped. Send at most ${perSecond} a second.`);
        }
        return;
      }
      if (byteSize(message) > limits.maxMessageBytes) {
        this.#refuse(
          client,
          'too-large',
          `The ${type} message is larger than ${limits.maxMessageBytes} bytes of JSON and was dropped.`,
        );
        return;
      }
      if (kind === 'pose') {
        this.#relayPose(client, auth, message);
        return;
      }
      if (kind === 'signal') {
        this.#relaySignal(client, message);
        return;
      }
      if (kind === 'voice') {
        this.#setVoice(client, message);
        return;
      }
      let actor = { userId: auth.userId, role: auth.role };
      let raw = message;
      if (type === 'act-as') {
        const asRole = typeof message === 'object' && message !== null && 'role' in message ? message.role : undefined;
        if (auth.role !== 'trainer' || typeof asRole !== 'string' || !this.#rules.roleIds.includes(asRole)) {
          this.#refuse(
            client,
            'act-as-refused',
            'Only the trainer may act for a role, and only for a role of this exercise: send { role, command }.',
          );
          return;
        }
        actor = { userId: auth.userId, role: asRole };
        raw = 'command' in (message as object) ? (message as { command: unknown }).command : undefined;
        this.#enqueue(async () => {
          const participants = await deps.store.participants(this.#sessionId);
          const holder = participants.find((p) => p.role === asRole);
          if (holder !== undefined) {
            this.#refuse(
              client,
              'role-taken',
              `${holder.name} holds the role ${asRole}: the trainer acts only for an empty role.`,
            );
            return;
          }
          await this.#command(client, actor, raw);
        });
        return;
      }
      this.#enqueue(() => this.#command(client, actor, raw));
    }

    async #command(client: SeatClient, actor: { userId: string; role: string }, raw: unknown): Promise<void> {
      if (this.#stale) return;
      const atMs = deps.now();
      const parsed = this.#rules.parseCommand(raw);
      const applied = parsed.ok ? this.#rules.apply(this.#state, parsed.command, actor, atMs) : parsed;
      const seq = this.#nextSeq;
      const hash = applied.ok ? this.#rules.stateHash(applied.state) : null;
      const entry: NewLogEntry = {
        at: new Date(atMs).toISOString(),
        kind: 'command',
        actor_user_id: actor.userId,
        actor_role: actor.role,
        command: JSON.stringify(raw ?? null),
        accepted: applied.ok ? 1 : 0,
        code: applied.ok ? null : applied.code,
        reason: applied.ok ? null : applied.reason,
        state_hash: hash,
      };
      // Written before anyone hears of it: the log is the source of truth.
      try {
        await deps.store.append(this.#sessionId, this.#epoch, seq, entry);
      } catch (error) {
        if (error instanceof StaleRoomError) throw error;
        console.error(`Exercise room ${this.roomId} (session ${this.#sessionId}) could not write its log:`, error);
        this.#refuse(client, 'not-saved', 'The command could not be saved, so nothing changed: send it again.');
        return;
      }
      this.#nextSeq = seq + 1;
      if (!applied.ok) {
        client.send('rejected', { seq, code: applied.code, reason: applied.reason });
        return;
      }
      this.#state = applied.state;
      this.#hash = hash ?? '';
      client.send('accepted', { seq });
      this.#broadcastViews();
    }

    async #tick(): Promise<void> {
      if (this.#stale) return;
      const atMs = deps.now();
      const applied = this.#rules.advanceClock(this.#state, atMs);
      if (!applied.ok) return;
      const hash = this.#rules.stateHash(applied.state);
      // A tick that changes nothing is not written: replaying without it gives the same state.
      if (hash === this.#hash) return;
      const seq = this.#nextSeq;
      await deps.store.append(this.#sessionId, this.#epoch, seq, {
        at: new Date(atMs).toISOString(),
        kind: 'clock',
        actor_user_id: null,
        actor_role: null,
        command: null,
        accepted: 1,
        code: null,
        reason: null,
        state_hash: hash,
      });
      this.#nextSeq = seq + 1;
      this.#state = applied.state;
      this.#hash = hash;
      this.#broadcastViews();
    }

    /** Each client's view, computed once per role and sent only when it changed. */
    #broadcastViews(): void {
      const byRole = new Map<string, RoleViewNow>();
      for (const client of this.clients) this.#sendView(client, byRole);
    }

    /**
     * The client's view: whole the first time (and after a reconnection), then as a patch from the
     * view it holds (src/exercise/view-patch.ts): a message adds itself to the list, not the list.
     */
    #sendView(client: SeatClient, byRole: Map<string, RoleViewNow>): void {
      const role = client.auth?.role;
      const traffic = client.userData;
      if (role === undefined || traffic === undefined) return;
      let now = byRole.get(role);
      if (now === undefined) {
        const json = JSON.stringify(this.#rules.viewFor(this.#state, role)) ?? 'null';
        const view = JSON.parse(json) as unknown;
        const plain = typeof view === 'object' && view !== null && !Array.isArray(view);
        now = {
          json,
          view,
          keys: plain ? keyedJson(view as Record<string, unknown>) : null,
          patches: new Map(),
        };
        byRole.set(role, now);
      }
      if (now.json === traffic.lastView) return;
      const before = traffic.lastView;
      const beforeKeys = traffic.lastKeys;
      traffic.lastView = now.json;
      traffic.lastKeys = now.keys;
      if (before === '' || beforeKeys === null || now.keys === null) {
        client.send('view', { seq: this.#nextSeq, role, view: now.view });
        return;
      }
      // Clients of one role mostly hold the same view: one patch for all of them.
      let patch = now.patches.get(before);
      if (patch === undefined) {
        patch = diffView(beforeKeys, now.keys, now.view as Record<string, unknown>);
        now.patches.set(before, patch);
      }
      client.send('view-patch', { seq: this.#nextSeq, role, ...patch });
    }

    /** Everyone in the room, with their voice: sent to all whenever someone comes, goes or changes it. */
    #broadcastPeers(): void {
      const peers: PeerEntry[] = [];
      for (const client of this.clients) {
        const auth = client.auth;
        if (auth === undefined || client.userData === undefined) continue;
        peers.push(peerEntry(client.sessionId, auth.userId, auth.name, auth.role, client.userData.voice));
      }
      this.broadcast('peers', { peers });
    }

    #setVoice(client: SeatClient, message: unknown): void {
      const parsed = parseVoice(message);
      const traffic = client.userData;
      if (traffic === undefined) return;
      if (!parsed.ok) {
        this.#refuse(client, 'bad-voice', parsed.reason);
        return;
      }
      if (parsed.state === traffic.voice) return;
      if (traffic.voice === 'off' && parsed.state !== 'off') {
        const inMesh = this.clients.filter((other) => other.userData !== undefined && other.userData.voice !== 'off').length;
        if (inMesh >= MAX_VOICE_PEERS) {
          this.#refuse(
            client,
            'voice-full',
            `Voice takes at most ${MAX_VOICE_PEERS} participants in a session and that many are in it: use the messages.`,
          );
          return;
        }
      }
      traffic.voice = parsed.state;
      this.#broadcastPeers();
    }

    /** A session description or candidate, to the one named participant of this room, both in the voice mesh. */
    #relaySignal(client: SeatClient, message: unknown): void {
      const parsed = parseSignal(message);
      if (!parsed.ok) {
        this.#refuse(client, 'bad-signal', parsed.reason);
        return;
      }
      const { to, ...payload } = parsed.signal;
      const target = to === client.sessionId ? undefined : this.clients.get(to);
      if (target === undefined) {
        this.#refuse(client, 'no-such-peer', 'That participant is not in this session now: signal only the peers listed.');
        return;
      }
      if (client.userData?.voice === 'off' || target.userData === undefined || target.userData.voice === 'off') {
        this.#refuse(client, 'voice-off', 'Voice signals go between participants who both have voice on.');
        return;
      }
      target.send('signal', { from: client.sessionId, ...payload });
    }

    #relayPose(client: SeatClient, auth: SeatAuth, message: unknown): void {
      const pose = parsePose(message);
      if (!pose.ok) {
        this.#refuse(client, 'bad-pose', pose.reason);
        return;
      }
      // A participant standing still sends the same pose again and again: the others have it already.
      const traffic = client.userData;
      const json = JSON.stringify(pose.pose);
      if (traffic !== undefined) {
        if (json === traffic.lastPose) return;
        traffic.lastPose = json;
      }
      this.broadcast(
        'pose',
        { from: client.sessionId, userId: auth.userId, name: auth.name, role: auth.role, ...pose.pose },
        { except: client },
      );
    }
  };
}
