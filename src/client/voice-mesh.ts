// Push-to-talk voice in a joint exercise: a WebRTC audio mesh between the participants of one live
// room, signalled through that room (it relays offers, answers and ICE candidates to the peer they
// name). No media server and no STUN or TURN host: `iceServers` is empty, so peers reach each other
// by their host addresses on the LAN. Every participant in the mesh listens from the start; the
// microphone is asked for only when the learner first presses to talk, and its track is enabled
// only while the button or key is held. Without a microphone (none, or refused) the learner still
// listens and the exercise goes on; without WebRTC, voice is off.

/** A participant's voice as the room lists it (server/exercises/voice.ts). */
export type VoiceState = 'off' | 'muted' | 'speaking' | 'no-mic';

/** One participant of the room, as its `peers` message lists it. */
export interface VoicePeer {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly role: string;
  readonly voice: VoiceState;
  readonly speaking: boolean;
  readonly muted: boolean;
}

/** A signal the room relays: from the peer `from`, a session description or an ICE candidate. */
export interface VoiceSignalIn {
  readonly from: string;
  readonly description?: { readonly type: 'offer' | 'answer'; readonly sdp: string };
  readonly candidate?: RTCIceCandidateInit;
}

/**
 * Where this participant's voice stands: `unsupported` (no WebRTC here), `full` (the room's mesh
 * has its eight), `listening` (in the mesh, the microphone not asked for yet or released),
 * `asking` (the browser asks for the microphone), `talking`, `no-mic` (no microphone found),
 * `blocked` (the microphone was refused), `left`.
 */
export type MicStatus = 'unsupported' | 'full' | 'listening' | 'asking' | 'talking' | 'no-mic' | 'blocked' | 'left';

export interface VoiceMeshOptions {
  /** Sends a `signal` or `voice` message to the room. */
  readonly send: (type: 'signal' | 'voice', payload: unknown) => void;
  /** The browser's WebRTC and microphone; absent where it has none. */
  readonly createConnection?: ((config: RTCConfiguration) => RTCPeerConnection) | undefined;
  readonly getMicrophone?: (() => Promise<MediaStream>) | undefined;
  /** Plays a peer's audio; answers how to stop it. */
  readonly play: (stream: MediaStream) => () => void;
}

interface Link {
  readonly pc: RTCPeerConnection;
  /** Candidates that came before the peer's description. */
  readonly pending: RTCIceCandidateInit[];
  stop: (() => void) | null;
}

/** No STUN or TURN: host candidates only, so media stays on the LAN. */
export const VOICE_RTC_CONFIG: RTCConfiguration = { iceServers: [] };

export class VoiceMesh {
  readonly #options: VoiceMeshOptions;
  readonly #links = new Map<string, Link>();
  readonly #listeners = new Set<() => void>();
  #selfId: string | null = null;
  #status: MicStatus;
  #track: MediaStreamTrack | null = null;
  #held = false;
  #joined = false;
  #sent: VoiceState | null = null;

  constructor(options: VoiceMeshOptions) {
    this.#options = options;
    this.#status = options.createConnection === undefined ? 'unsupported' : 'listening';
  }

  get status(): MicStatus {
    return this.#status;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setStatus(status: MicStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const listener of [...this.#listeners]) listener();
  }

  #state(): VoiceState {
    if (!this.#joined) return 'off';
    if (this.#status === 'talking') return 'speaking';
    if (this.#status === 'no-mic' || this.#status === 'blocked') return 'no-mic';
    return 'muted';
  }

  #announce(force = false): void {
    const state = this.#state();
    if (!force && state === this.#sent) return;
    this.#sent = state;
    this.#options.send('voice', { state });
  }

  /** Enters the mesh as a listener (after a (re)connection to the room, too: the room forgets a dropped voice). */
  join(selfId: string): void {
    if (this.#options.createConnection === undefined) return;
    // A new link to the room: the room dropped this participant's voice meanwhile, and the peers
    // closed their connections to it; all are made afresh.
    this.#closeAll();
    this.#selfId = selfId;
    this.#joined = true;
    if (this.#status === 'full' || this.#status === 'left') this.#setStatus('listening');
    this.#announce(true);
  }

  /** The room refused this participant a place in the mesh: eight are in it. */
  full(): void {
    this.#joined = false;
    this.#sent = 'off';
    this.#closeAll();
    this.#setStatus('full');
  }

  /** The room's list of participants: connects to each in the mesh, drops those who left it. */
  update(peers: readonly VoicePeer[]): void {
    const self = this.#selfId;
    if (!this.#joined || self === null) return;
    const inMesh = new Set(peers.filter((p) => p.id !== self && p.voice !== 'off').map((p) => p.id));
    for (const id of [...this.#links.keys()]) if (!inMesh.has(id)) this.#close(id);
    // One side offers: the one whose id sorts first, so two offers never cross.
    for (const id of inMesh) if (!this.#links.has(id) && self < id) void this.#offer(id);
  }

  async signal(message: VoiceSignalIn): Promise<void> {
    if (!this.#joined) return;
    try {
      if (message.description) {
        const link =
          message.description.type === 'offer'
            ? (this.#links.get(message.from) ?? this.#link(message.from))
            : this.#links.get(message.from);
        if (link === undefined) return;
        await link.pc.setRemoteDescription(message.description);
        if (message.description.type === 'offer') {
          // Send as well as receive, so pressing to talk later needs no new offer.
          const transceiver = link.pc.getTransceivers()[0];
          if (transceiver) {
            transceiver.direction = 'sendrecv';
            if (this.#track) await transceiver.sender.replaceTrack(this.#track);
          }
          await link.pc.setLocalDescription(await link.pc.createAnswer());
          this.#sendDescription(message.from, link.pc);
        }
        for (const candidate of link.pending.splice(0)) await link.pc.addIceCandidate(candidate);
      } else if (message.candidate) {
        const link = this.#links.get(message.from);
        if (link === undefined) return;
        if (link.pc.remoteDescription === null) link.pending.push(message.candidate);
        else await link.pc.addIceCandidate(message.candidate);
      }
    } catch {
      // A signal out of turn (the peer left meanwhile, or restarted): the next peers list sets it right.
      this.#close(message.from);
    }
  }

  /** Push-to-talk pressed: asks for the microphone the first time, then sends while held. */
  async press(): Promise<void> {
    if (!this.#joined || this.#held) return;
    this.#held = true;
    if (this.#track === null) {
      if (this.#options.getMicrophone === undefined) {
        this.#setStatus('no-mic');
        this.#announce();
        return;
      }
      this.#setStatus('asking');
      try {
        const stream = await this.#options.getMicrophone();
        const track = stream.getAudioTracks()[0];
        if (track === undefined) throw new DOMException('No audio track', 'NotFoundError');
        track.enabled = false;
        this.#track = track;
        for (const link of this.#links.values()) await link.pc.getTransceivers()[0]?.sender.replaceTrack(track);
      } catch (error) {
        this.#held = false;
        const name = error instanceof DOMException || error instanceof Error ? error.name : '';
        this.#setStatus(name === 'NotAllowedError' || name === 'SecurityError' ? 'blocked' : 'no-mic');
        this.#announce();
        return;
      }
      if (!this.#joined) return;
      if (!this.#held) {
        this.#setStatus('listening');
        return;
      }
    }
    this.#track.enabled = true;
    this.#setStatus('talking');
    this.#announce();
  }

  /** Push-to-talk released: the microphone's track stops sending at once. */
  release(): void {
    this.#held = false;
    if (this.#track) this.#track.enabled = false;
    if (this.#status === 'talking' || this.#status === 'asking') this.#setStatus('listening');
    this.#announce();
  }

  /** Leaves the mesh: every connection closed, the microphone released. */
  leave(): void {
    this.#held = false;
    this.#closeAll();
    this.#track?.stop();
    this.#track = null;
    if (this.#joined) {
      this.#joined = false;
      this.#announce();
    }
    if (this.#status !== 'unsupported') this.#setStatus('left');
  }

  /** The connections now open, by peer id (for the after-the-fact checks of a test or a support page). */
  connections(): ReadonlyMap<string, RTCPeerConnection> {
    return new Map([...this.#links].map(([id, link]) => [id, link.pc]));
  }

  #link(peerId: string): Link {
    const create = this.#options.createConnection;
    if (create === undefined) throw new Error('No WebRTC in this browser');
    const pc = create(VOICE_RTC_CONFIG);
    const link: Link = { pc, pending: [], stop: null };
    pc.addEventListener('icecandidate', (event) => {
      const c = event.candidate;
      if (c === null || c.candidate === '') return;
      this.#options.send('signal', {
        to: peerId,
        candidate: {
          candidate: c.candidate,
          sdpMid: c.sdpMid,
          sdpMLineIndex: c.sdpMLineIndex,
          usernameFragment: c.usernameFragment,
        },
      });
    });
    pc.addEventListener('track', (event) => {
      link.stop?.();
      link.stop = this.#options.play(event.streams[0] ?? new MediaStream([event.track]));
    });
    this.#links.set(peerId, link);
    return link;
  }

  async #offer(peerId: string): Promise<void> {
    const link = this.#link(peerId);
    try {
      const transceiver = link.pc.addTransceiver('audio', { direction: 'sendrecv' });
      if (this.#track) await transceiver.sender.replaceTrack(this.#track);
      await link.pc.setLocalDescription(await link.pc.createOffer());
      this.#sendDescription(peerId, link.pc);
    } catch {
      this.#close(peerId);
    }
  }

  #sendDescription(peerId: string, pc: RTCPeerConnection): void {
    const description = pc.localDescription;
    if (description === null || (description.type !== 'offer' && description.type !== 'answer')) return;
    this.#options.send('signal', { to: peerId, description: { type: description.type, sdp: description.sdp } });
  }

  #close(peerId: string): void {
    const link = this.#links.get(peerId);
    if (link === undefined) return;
    this.#links.delete(peerId);
    link.stop?.();
    link.pc.close();
  }

  #closeAll(): void {
    for (const id of [...this.#links.keys()]) this.#close(id);
  }
}

/** The browser's WebRTC, microphone and audio output, or what of them it has. */
export function browserVoiceOptions(send: VoiceMeshOptions['send']): VoiceMeshOptions {
  const hasRtc = typeof RTCPeerConnection === 'function';
  const media = typeof navigator === 'object' ? navigator.mediaDevices : undefined;
  return {
    send,
    createConnection: hasRtc ? (config) => new RTCPeerConnection(config) : undefined,
    getMicrophone:
      media && typeof media.getUserMedia === 'function'
        ? () => media.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } })
        : undefined,
    play(stream) {
      const audio = new Audio();
      audio.autoplay = true;
      audio.srcObject = stream;
      void audio.play().catch(() => undefined);
      return () => {
        audio.pause();
        audio.srcObject = null;
      };
    },
  };
}
