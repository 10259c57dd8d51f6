// A participant's or trainer's connection to a joint exercise's live room: asks the API for a seat,
// takes it with the realtime client (@colyseus/sdk, same origin, the session cookie), and keeps the
// latest view the room sent for this seat's role. After a network drop the realtime client
// reconnects by itself (the room keeps the seat two minutes) and the room sends the current view
// again; past that, or after `room-replaced`, the hook asks for a new seat. It also keeps the room's
// list of participants with their voice, and carries push-to-talk's signals (src/client/voice-mesh.ts).
import { Client, type Room } from '@colyseus/sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { applyViewPatch, type ViewPatch } from '../exercise/view-patch.ts';
import { api, ApiError } from './api.ts';
import type { VoicePeer, VoiceSignalIn } from './voice-mesh.ts';

export type RoomStatus = 'connecting' | 'live' | 'reconnecting' | 'closed' | 'failed';

/** A notice from the room for this client: a refused command, or an error with its code. */
export interface RoomNotice {
  readonly id: number;
  readonly code: string;
  readonly reason: string;
}

export interface ExerciseRoomState {
  readonly status: RoomStatus;
  /** The role this seat acts as: a role id, or 'trainer'. */
  readonly role: string | null;
  /** The latest view of the exercise for this seat (the exercise rules' viewFor shape). */
  readonly view: Record<string, unknown> | null;
  readonly notice: RoomNotice | null;
  /** Why the room could not be reached (the API's reason), when status is 'failed'. */
  readonly failure: string | null;
  /** Everyone in the room now, with their voice (the room's `peers` list). */
  readonly peers: readonly VoicePeer[];
  /** This participant's id in the room (a new one with each new seat), once connected. */
  readonly selfId: string | null;
  /** Counts the times the link to the room was made or made again (a reconnection counts). */
  readonly links: number;
  /** Sends push-to-talk's messages to the room. */
  sendVoice(type: 'signal' | 'voice', payload: unknown): void;
  /** Where the room's voice signals and refusals go (the voice mesh), or null. */
  onVoice(handler: VoiceHandler | null): void;
  send(command: Record<string, unknown>): void;
  /** Trainer only: act for a role nobody holds. */
  actAs(role: string, command: Record<string, unknown>): void;
}

const GIVE_UP = new Set(['session-ended']);
const VOICE_CODES = new Set(['voice-full', 'voice-off', 'no-such-peer', 'bad-signal', 'bad-voice']);

export interface VoiceHandler {
  signal(message: VoiceSignalIn): void;
  /** The room refused this participant a place in the voice mesh. */
  full(): void;
}

export function useExerciseRoom(sessionId: string | null): ExerciseRoomState {
  const [status, setStatus] = useState<RoomStatus>('connecting');
  const [role, setRole] = useState<string | null>(null);
  const [view, setView] = useState<Record<string, unknown> | null>(null);
  const [notice, setNotice] = useState<RoomNotice | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [peers, setPeers] = useState<readonly VoicePeer[]>([]);
  const [selfId, setSelfId] = useState<string | null>(null);
  const [links, setLinks] = useState(0);
  const roomRef = useRef<Room | null>(null);
  const voiceRef = useRef<VoiceHandler | null>(null);
  const noticeId = useRef(0);

  useEffect(() => {
    if (sessionId === null) return undefined;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const say = (code: string, reason: string) => {
      noticeId.current += 1;
      setNotice({ id: noticeId.current, code, reason });
    };

    const connect = async (): Promise<void> => {
      setStatus((current) => (current === 'live' ? 'reconnecting' : current));
      try {
        const seat = await api('exerciseSessions.seat', { params: { sessionId } });
        if (!live) return;
        const client = new Client(`${location.origin}${seat.path}`);
        const room = await client.consumeSeatReservation(seat.seat);
        if (!live) {
          void room.leave(true);
          return;
        }
        roomRef.current = room;
        setRole(seat.role);
        setFailure(null);
        setStatus('live');
        setSelfId(room.sessionId);
        setLinks((n) => n + 1);
        room.onMessage('peers', (payload: { peers: VoicePeer[] }) => setPeers(payload.peers));
        room.onMessage('signal', (payload: VoiceSignalIn) => voiceRef.current?.signal(payload));
        room.onMessage('view', (payload: { role: string; view: Record<string, unknown> }) => {
          setRole(payload.role);
          setView(payload.view);
        });
        // After the first view, the room sends what changed in it.
        room.onMessage('view-patch', (payload: ViewPatch & { role: string }) => {
          setRole(payload.role);
          setView((held) => applyViewPatch(held ?? {}, payload));
        });
        room.onMessage('rejected', (payload: { code: string; reason: string }) => say(payload.code, payload.reason));
        room.onMessage('accepted', () => undefined);
        room.onMessage('pose', () => undefined);
        room.onMessage('error', (payload: { code: string; reason: string }) => {
          // Voice refusals are the voice control's to show (a peer that just left is no news).
          if (VOICE_CODES.has(payload.code)) {
            if (payload.code === 'voice-full') voiceRef.current?.full();
            return;
          }
          say(payload.code, payload.reason);
          if (payload.code === 'room-replaced') reseat();
          if (GIVE_UP.has(payload.code)) setStatus('closed');
        });
        room.onDrop(() => live && setStatus('reconnecting'));
        room.onReconnect(() => {
          if (!live) return;
          setStatus('live');
          setLinks((n) => n + 1);
        });
        room.onLeave(() => {
          if (!live || roomRef.current !== room) return;
          roomRef.current = null;
          // Left for good (seat expired, room closed): a new seat brings the role back, if the session is open.
          reseat();
        });
      } catch (caught) {
        if (!live) return;
        if (caught instanceof ApiError && caught.status >= 400 && caught.status < 500) {
          setFailure(caught.message);
          setStatus(caught.status === 409 ? 'closed' : 'failed');
          return;
        }
        setStatus('reconnecting');
        retry = setTimeout(() => void connect(), 3000);
      }
    };
    const reseat = () => {
      if (!live) return;
      const old = roomRef.current;
      roomRef.current = null;
      if (old?.connection.isOpen) void old.leave(true);
      setStatus('reconnecting');
      clearTimeout(retry);
      retry = setTimeout(() => void connect(), 1000);
    };

    void connect();
    return () => {
      live = false;
      clearTimeout(retry);
      const room = roomRef.current;
      roomRef.current = null;
      if (room?.connection.isOpen) void room.leave(true);
    };
  }, [sessionId]);

  const send = useCallback((command: Record<string, unknown>) => {
    roomRef.current?.send('command', command);
  }, []);
  const actAs = useCallback((target: string, command: Record<string, unknown>) => {
    roomRef.current?.send('act-as', { role: target, command });
  }, []);
  const sendVoice = useCallback((type: 'signal' | 'voice', payload: unknown) => {
    roomRef.current?.send(type, payload);
  }, []);
  const onVoice = useCallback((handler: VoiceHandler | null) => {
    voiceRef.current = handler;
  }, []);
  return { status, role, view, notice, failure, peers, selfId, links, sendVoice, onVoice, send, actAs };
}
