// Push-to-talk voice through the live room, with realtime clients over a real socket: everyone
// hears who is in the session and whose voice is on, a WebRTC signal reaches the one peer it names
// and nobody else, a client cannot signal a participant of another session, and malformed,
// oversized or flooding signals are refused while the room goes on. The mesh stops at eight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { ExerciseSessionView } from '../../src/contracts/exercise-types.ts';
import { startRoomsApp } from './test-support/rooms-test-app.ts';
import type { Participant, Person, RoomsTestApp } from './test-support/rooms-test-app.ts';
import { MAX_VOICE_PEERS } from './voice.ts';
import type { PeerEntry } from './voice.ts';

const SLOW = 60_000;
const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n' };
const CANDIDATE = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

type Peers = { peers: PeerEntry[] };
const peersOf = (payload: Record<string, unknown>) => (payload as unknown as Peers).peers;

describe.each(TEST_DATABASES)('voice signalling in the exercise room on $name', (variant) => {
  describe.skipIf(!variant.available)('two sessions side by side', () => {
    let t: RoomsTestApp;
    let trainer: Person;
    let alice: Person;
    let bob: Person;
    let session: ExerciseSessionView;
    let other: ExerciseSessionView;
    let alphaRoom: Participant;
    let betaRoom: Participant;
    let trainerRoom: Participant;
    let outsider: Participant;
    const errorOf = (participant: Participant, code: string) =>
      participant.next('error', (p) => p.code === code) as Promise<{ code: string; reason: string }>;

    beforeAll(async () => {
      t = await startRoomsApp(variant, { limits: { signalsPerSecond: 20, signalBurst: 30 } });
      trainer = await t.person('trainer1', 'trainer');
      alice = await t.person('alice', 'learner');
      bob = await t.person('bob', 'learner');
      session = await t.session(trainer);
      other = await t.session(trainer, { title: 'Another group' });
      for (const [person, role] of [
        [alice, 'alpha'],
        [bob, 'beta'],
      ] as const) {
        expect((await t.call(person, 'POST', '/api/v1/exercise-sessions/join', { code: session.code })).statusCode).toBe(200);
        expect((await t.call(person, 'POST', `/api/v1/exercise-sessions/${session.id}/role`, { role })).statusCode).toBe(200);
      }
      expect((await t.call(bob, 'POST', '/api/v1/exercise-sessions/join', { code: other.code })).statusCode).toBe(200);
      expect((await t.call(bob, 'POST', `/api/v1/exercise-sessions/${other.id}/role`, { role: 'alpha' })).statusCode).toBe(200);
      alphaRoom = await t.connect(alice, await t.seat(alice, session.id));
      betaRoom = await t.connect(bob, await t.seat(bob, session.id));
      trainerRoom = await t.connect(trainer, await t.seat(trainer, session.id));
      outsider = await t.connect(bob, await t.seat(bob, other.id));
    }, SLOW);

    afterAll(async () => {
      await t.close();
    }, SLOW);

    it(
      'lists everyone in the session with their voice, and tells all when a voice changes',
      async () => {
        const listed = peersOf(await alphaRoom.next('peers', (p) => peersOf(p).length === 3));
        expect(listed.map((p) => [p.userId, p.role, p.voice]).sort()).toEqual(
          [
            [alice.user.id, 'alpha', 'off'],
            [bob.user.id, 'beta', 'off'],
            [trainer.user.id, 'trainer', 'off'],
          ].sort(),
        );
        expect(listed.find((p) => p.userId === alice.user.id)?.id).toBe(alphaRoom.room.sessionId);
        // The other session's participant is in no list of this one.
        expect(JSON.stringify(alphaRoom.received.filter((m) => m.type === 'peers'))).not.toContain(outsider.room.sessionId);

        alphaRoom.room.send('voice', { state: 'muted' });
        betaRoom.room.send('voice', { state: 'no-mic' });
        const both = (p: Record<string, unknown>) =>
          peersOf(p).some((x) => x.userId === alice.user.id && x.voice === 'muted') &&
          peersOf(p).some((x) => x.userId === bob.user.id && x.voice === 'no-mic');
        await trainerRoom.next('peers', both);
        alphaRoom.room.send('voice', { state: 'speaking' });
        const speaking = peersOf(
          await betaRoom.next('peers', (p) => peersOf(p).some((x) => x.userId === alice.user.id && x.voice === 'speaking')),
        );
        expect(speaking.find((x) => x.userId === alice.user.id)).toMatchObject({ speaking: true, muted: false });
        expect(speaking.find((x) => x.userId === bob.user.id)).toMatchObject({ speaking: false, muted: true });
        alphaRoom.room.send('voice', { state: 'muted' });
        await betaRoom.next('peers', (p) => peersOf(p).some((x) => x.userId === alice.user.id && x.voice === 'muted'));
        alphaRoom.room.send('voice', { state: 'shouting' });
        expect((await errorOf(alphaRoom, 'bad-voice')).reason).toContain('off, muted, speaking, no-mic');
      },
      SLOW,
    );

    it(
      'relays a signal to the one peer it names, from its sender, and to nobody else',
      async () => {
        alphaRoom.room.send('signal', { to: betaRoom.room.sessionId, description: OFFER });
        const offer = await betaRoom.next('signal');
        expect(offer).toEqual({ from: alphaRoom.room.sessionId, description: OFFER });
        betaRoom.room.send('signal', { to: alphaRoom.room.sessionId, candidate: CANDIDATE });
        expect(await alphaRoom.next('signal')).toEqual({ from: betaRoom.room.sessionId, candidate: CANDIDATE });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(trainerRoom.received.some((m) => m.type === 'signal')).toBe(false);
        expect(outsider.received.some((m) => m.type === 'signal')).toBe(false);
        // The trainer's voice is off: nobody signals it, and it signals nobody.
        alphaRoom.room.send('signal', { to: trainerRoom.room.sessionId, description: OFFER });
        await errorOf(alphaRoom, 'voice-off');
        trainerRoom.room.send('signal', { to: alphaRoom.room.sessionId, description: OFFER });
        await errorOf(trainerRoom, 'voice-off');
      },
      SLOW,
    );

    it(
      'refuses to signal a participant of another session, a made-up peer or itself',
      async () => {
        outsider.room.send('voice', { state: 'muted' });
        await outsider.next('peers', (p) => peersOf(p).some((x) => x.voice === 'muted'));
        const seen = outsider.received.length;
        alphaRoom.room.send('signal', { to: outsider.room.sessionId, description: OFFER });
        expect((await errorOf(alphaRoom, 'no-such-peer')).reason).toContain('not in this session');
        outsider.room.send('signal', { to: betaRoom.room.sessionId, candidate: CANDIDATE });
        await errorOf(outsider, 'no-such-peer');
        alphaRoom.room.send('signal', { to: alphaRoom.room.sessionId, description: OFFER });
        await alphaRoom.next(
          'error',
          (p) =>
            p.code === 'no-such-peer' &&
            alphaRoom.received.filter((m) => m.type === 'error' && (m.payload as { code: string }).code === 'no-such-peer')
              .length >= 2,
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(outsider.received.slice(seen).some((m) => m.type === 'signal')).toBe(false);
        expect(betaRoom.received.filter((m) => m.type === 'signal')).toHaveLength(1);
      },
      SLOW,
    );

    it(
      'refuses malformed, oversized and flooding signals, and the room goes on',
      async () => {
        alphaRoom.room.send('signal', { to: betaRoom.room.sessionId, description: { type: 'pranswer', sdp: 'x' } });
        expect((await errorOf(alphaRoom, 'bad-signal')).reason).toContain('description');
        alphaRoom.room.send('signal', { to: betaRoom.room.sessionId, candidate: CANDIDATE, extra: 'field' });
        await alphaRoom.next(
          'error',
          () => alphaRoom.received.filter((m) => (m.payload as { code?: string }).code === 'bad-signal').length >= 2,
        );
        alphaRoom.room.send('signal', { to: betaRoom.room.sessionId, description: { type: 'offer', sdp: 'x'.repeat(9000) } });
        await errorOf(alphaRoom, 'too-large');
        const before = betaRoom.received.filter((m) => m.type === 'signal').length;
        for (let i = 0; i < 80; i += 1) alphaRoom.room.send('signal', { to: betaRoom.room.sessionId, candidate: CANDIDATE });
        await errorOf(alphaRoom, 'too-fast');
        await new Promise((resolve) => setTimeout(resolve, 500));
        const relayed = betaRoom.received.filter((m) => m.type === 'signal').length - before;
        expect(relayed).toBeGreaterThan(0);
        expect(relayed).toBeLessThan(50);
        // Everyone is still in, and commands still play.
        trainerRoom.room.send('command', { kind: 'post', text: 'voice flood over' });
        for (const participant of [alphaRoom, betaRoom, trainerRoom])
          await participant.next('view', (p) => JSON.stringify(p.view).includes('voice flood over'));
      },
      SLOW,
    );

    it(
      `keeps the mesh to ${MAX_VOICE_PEERS} voices and lists a participant leaving`,
      async () => {
        // alice and bob are in the mesh already; six more of alice's seats fill it.
        const extra: Participant[] = [];
        for (let i = 0; i < MAX_VOICE_PEERS - 1; i += 1) extra.push(await t.connect(alice, await t.seat(alice, session.id)));
        for (const participant of extra.slice(0, MAX_VOICE_PEERS - 2)) participant.room.send('voice', { state: 'muted' });
        await trainerRoom.next('peers', (p) => peersOf(p).filter((x) => x.voice !== 'off').length === MAX_VOICE_PEERS);
        const ninth = extra.at(-1)!;
        ninth.room.send('voice', { state: 'muted' });
        expect((await errorOf(ninth, 'voice-full')).reason).toContain(String(MAX_VOICE_PEERS));
        trainerRoom.room.send('voice', { state: 'no-mic' });
        await errorOf(trainerRoom, 'voice-full');
        // One leaves: the list says so, and a place in the mesh is free again.
        const gone = extra[0]!.room.sessionId;
        await extra[0]!.leave();
        await trainerRoom.next('peers', (p) => !peersOf(p).some((x) => x.id === gone));
        ninth.room.send('voice', { state: 'muted' });
        await trainerRoom.next('peers', (p) => peersOf(p).some((x) => x.id === ninth.room.sessionId && x.voice === 'muted'));
        for (const participant of extra.slice(1)) await participant.leave();
      },
      SLOW,
    );
  });
});
