// Push-to-talk voice in an exercise room: the shape checks of what a client sends to set up its
// part of the WebRTC audio mesh (a session description or an ICE candidate for one named peer of
// the same room) and of its voice state (muted, speaking, listening without a microphone, off).
// The room relays signals and never touches audio: media flows between the browsers on the LAN.
import { z } from 'zod';

/** The most participants in one room's voice mesh: each keeps a connection to every other. */
export const MAX_VOICE_PEERS = 8;

/**
 * A participant's voice: `off` (not in the mesh), `muted` (in the mesh, listening, not talking),
 * `speaking` (holding push-to-talk), `no-mic` (in the mesh, listening; no microphone to talk with).
 */
export const VOICE_STATES = ['off', 'muted', 'speaking', 'no-mic'] as const;
export type VoiceState = (typeof VOICE_STATES)[number];

const peerId = z.string().min(1).max(64);

const description = z.strictObject({
  type: z.enum(['offer', 'answer']),
  // An audio-only session description with host candidates is a few kilobytes.
  sdp: z.string().min(1).max(7000),
});

const candidate = z.strictObject({
  candidate: z.string().max(512),
  sdpMid: z.string().max(32).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(15).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

const signalSchema = z.union([z.strictObject({ to: peerId, description }), z.strictObject({ to: peerId, candidate })]);
export type VoiceSignal = z.infer<typeof signalSchema>;

const voiceSchema = z.strictObject({ state: z.enum(VOICE_STATES) });

const SIGNAL_REASON =
  'A signal is { to, description: { type: "offer" | "answer", sdp } } or { to, candidate: { candidate, sdpMid, sdpMLineIndex } } for a peer of this room.';
const VOICE_REASON = `A voice message is { state } with state one of ${VOICE_STATES.join(', ')}.`;

export function parseSignal(value: unknown): { ok: true; signal: VoiceSignal } | { ok: false; reason: string } {
  const parsed = signalSchema.safeParse(value);
  return parsed.success ? { ok: true, signal: parsed.data } : { ok: false, reason: SIGNAL_REASON };
}

export function parseVoice(value: unknown): { ok: true; state: VoiceState } | { ok: false; reason: string } {
  const parsed = voiceSchema.safeParse(value);
  return parsed.success ? { ok: true, state: parsed.data.state } : { ok: false, reason: VOICE_REASON };
}

/** One participant as the room's `peers` message lists it. */
export interface PeerEntry {
  /** The participant's connection in this room: the address of its signals and its poses' `from`. */
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  /** A role id, or 'trainer'. */
  readonly role: string;
  readonly voice: VoiceState;
  /** Shorthands of `voice` for indicators: talking now, or not sending sound. */
  readonly speaking: boolean;
  readonly muted: boolean;
}

export function peerEntry(id: string, userId: string, name: string, role: string, voice: VoiceState): PeerEntry {
  return { id, userId, name, role, voice, speaking: voice === 'speaking', muted: voice !== 'speaking' };
}
