// The voice mesh's choices, on stand-in peer connections and microphones (the browser's real ones
// are driven in e2e/exercise-voice.spec.ts): who offers to whom, answering with a sending track,
// candidates that come early, the microphone asked for only at the first press and sending only
// while held, and voice without a microphone, without permission or without WebRTC.
import { describe, expect, it } from 'vitest';
import { VoiceMesh, type VoicePeer } from './voice-mesh.ts';

interface FakeSender {
  track: unknown;
  replaceTrack(track: unknown): Promise<void>;
}
interface FakeTransceiver {
  direction: string;
  readonly sender: FakeSender;
}

class FakeConnection {
  readonly transceivers: FakeTransceiver[] = [];
  readonly candidates: unknown[] = [];
  readonly listeners = new Map<string, ((event: unknown) => void)[]>();
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  closed = false;
  constructor(readonly config: RTCConfiguration) {}
  #transceiver(direction: string): FakeTransceiver {
    const sender: FakeSender = {
      track: null,
      replaceTrack: (track) => {
        sender.track = track;
        return Promise.resolve();
      },
    };
    const transceiver = { direction, sender };
    this.transceivers.push(transceiver);
    return transceiver;
  }
  addTransceiver(_kind: string, init: { direction: string }) {
    return this.#transceiver(init.direction);
  }
  getTransceivers() {
    return this.transceivers;
  }
  createOffer() {
    return Promise.resolve({ type: 'offer', sdp: 'offer-sdp' });
  }
  createAnswer() {
    return Promise.resolve({ type: 'answer', sdp: 'answer-sdp' });
  }
  setLocalDescription(description: { type: string; sdp: string }) {
    this.localDescription = description;
    return Promise.resolve();
  }
  setRemoteDescription(description: { type: string; sdp: string }) {
    this.remoteDescription = description;
    if (description.type === 'offer' && this.transceivers.length === 0) this.#transceiver('recvonly');
    return Promise.resolve();
  }
  addIceCandidate(candidate: unknown) {
    this.candidates.push(candidate);
    return Promise.resolve();
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  close() {
    this.closed = true;
  }
}

const peer = (id: string, voice: VoicePeer['voice']): VoicePeer => ({
  id,
  userId: `user-${id}`,
  name: id,
  role: 'police',
  voice,
  speaking: voice === 'speaking',
  muted: voice !== 'speaking',
});

function setup(microphone: 'works' | 'none' | 'refused' | 'absent' = 'works', rtc = true) {
  const sent: [string, unknown][] = [];
  const connections: FakeConnection[] = [];
  const track = { enabled: true, stopped: false, stop: () => (track.stopped = true) };
  let asked = 0;
  const mesh = new VoiceMesh({
    send: (type, payload) => sent.push([type, payload]),
    createConnection: rtc
      ? (config) => {
          const connection = new FakeConnection(config);
          connections.push(connection);
          return connection as unknown as RTCPeerConnection;
        }
      : undefined,
    getMicrophone:
      microphone === 'absent'
        ? undefined
        : () => {
            asked += 1;
            if (microphone === 'none') return Promise.reject(new DOMException('none', 'NotFoundError'));
            if (microphone === 'refused') return Promise.reject(new DOMException('no', 'NotAllowedError'));
            return Promise.resolve({ getAudioTracks: () => [track] } as unknown as MediaStream);
          },
    play: () => () => undefined,
  });
  const voices = () => sent.filter(([type]) => type === 'voice').map(([, payload]) => (payload as { state: string }).state);
  const signals = () => sent.filter(([type]) => type === 'signal').map(([, payload]) => payload);
  return { mesh, sent, connections, track, asked: () => asked, voices, signals };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('VoiceMesh', () => {
  it('joins as a listener, offers to the peers whose id sorts after its own, with no STUN or TURN, and drops those who leave', async () => {
    const t = setup();
    t.mesh.join('m');
    expect(t.voices()).toEqual(['muted']);
    t.mesh.update([peer('m', 'muted'), peer('a', 'muted'), peer('z', 'muted'), peer('x', 'off')]);
    await settle();
    expect(t.connections).toHaveLength(1);
    expect(t.connections[0]?.config).toEqual({ iceServers: [] });
    expect(t.connections[0]?.transceivers[0]?.direction).toBe('sendrecv');
    expect(t.signals()).toEqual([{ to: 'z', description: { type: 'offer', sdp: 'offer-sdp' } }]);
    t.connections[0]?.emit('icecandidate', {
      candidate: {
        candidate: 'candidate:1 1 udp 1 192.168.1.20 5000 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: 'u',
      },
    });
    t.connections[0]?.emit('icecandidate', { candidate: null });
    expect(t.signals()).toHaveLength(2);
    expect(t.signals()[1]).toMatchObject({ to: 'z', candidate: { sdpMid: '0', sdpMLineIndex: 0 } });
    // z turns voice off: its connection closes.
    t.mesh.update([peer('m', 'muted'), peer('z', 'off')]);
    expect(t.connections[0]?.closed).toBe(true);
  });

  it('answers an offer ready to send, keeping candidates that came first until the description', async () => {
    const t = setup();
    t.mesh.join('m');
    t.mesh.update([peer('a', 'muted')]);
    await settle();
    expect(t.connections).toHaveLength(0);
    await t.mesh.signal({ from: 'a', candidate: { candidate: 'early', sdpMid: '0', sdpMLineIndex: 0 } });
    await t.mesh.signal({ from: 'a', description: { type: 'offer', sdp: 'their-offer' } });
    const connection = t.connections[0]!;
    expect(connection.transceivers[0]?.direction).toBe('sendrecv');
    expect(t.signals()).toEqual([{ to: 'a', description: { type: 'answer', sdp: 'answer-sdp' } }]);
    expect(connection.candidates).toEqual([]);
    await t.mesh.signal({ from: 'a', candidate: { candidate: 'late', sdpMid: '0', sdpMLineIndex: 0 } });
    expect(connection.candidates).toEqual([{ candidate: 'late', sdpMid: '0', sdpMLineIndex: 0 }]);
  });

  it('asks for the microphone at the first press only, and sends only while held', async () => {
    const t = setup();
    t.mesh.join('a');
    t.mesh.update([peer('b', 'muted')]);
    await settle();
    expect(t.asked()).toBe(0);
    await t.mesh.press();
    expect(t.asked()).toBe(1);
    expect(t.mesh.status).toBe('talking');
    expect(t.track.enabled).toBe(true);
    expect(t.connections[0]?.transceivers[0]?.sender.track).toBe(t.track);
    t.mesh.release();
    expect(t.track.enabled).toBe(false);
    expect(t.mesh.status).toBe('listening');
    await t.mesh.press();
    t.mesh.release();
    expect(t.asked()).toBe(1);
    expect(t.voices()).toEqual(['muted', 'speaking', 'muted', 'speaking', 'muted']);
    t.mesh.leave();
    expect(t.track.stopped).toBe(true);
    expect(t.voices().at(-1)).toBe('off');
  });

  it('stays silent when released before the microphone was granted', async () => {
    const t = setup();
    t.mesh.join('a');
    const pressed = t.mesh.press();
    t.mesh.release();
    await pressed;
    expect(t.track.enabled).toBe(false);
    expect(t.mesh.status).toBe('listening');
    expect(t.voices()).not.toContain('speaking');
  });

  it.each([
    ['no microphone', 'none', 'no-mic'],
    ['a refused microphone', 'refused', 'blocked'],
    ['no microphone API', 'absent', 'no-mic'],
  ] as const)('listens on with %s, and says so', async (_label, microphone, status) => {
    const t = setup(microphone);
    t.mesh.join('a');
    await t.mesh.press();
    expect(t.mesh.status).toBe(status);
    expect(t.voices()).toEqual(['muted', 'no-mic']);
    t.mesh.update([peer('b', 'muted')]);
    await settle();
    expect(t.connections).toHaveLength(1);
  });

  it('is off without WebRTC, and off when the room has its eight', async () => {
    const none = setup('works', false);
    none.mesh.join('a');
    await none.mesh.press();
    expect(none.mesh.status).toBe('unsupported');
    expect(none.sent).toEqual([]);
    const t = setup();
    t.mesh.join('a');
    t.mesh.update([peer('b', 'muted')]);
    await settle();
    t.mesh.full();
    expect(t.mesh.status).toBe('full');
    expect(t.connections[0]?.closed).toBe(true);
    t.mesh.update([peer('b', 'muted')]);
    await settle();
    expect(t.connections).toHaveLength(1);
  });
});
