// The live room in-process, with realtime clients over a real socket: each role sees only its own
// view, refusals go to the sender alone, hostile input is refused while the room goes on, sockets
// without a seat, a session or the same origin are refused, and nothing is sent before it is logged.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { ExerciseSeat, ExerciseSessionView } from '../../src/contracts/exercise-types.ts';
import { connectClient, startRoomsApp } from './test-support/rooms-test-app.ts';
import type { Participant, Person, RoomsTestApp } from './test-support/rooms-test-app.ts';
import { replayLog } from './replay.ts';
import { ExerciseSessionStore } from './session-store.ts';
import { privateOf, toyRules } from './test-support/toy-rules.ts';
import type { ToyState } from './test-support/toy-rules.ts';

const SLOW = 60_000;

describe.each(TEST_DATABASES)('the exercise room on $name', (variant) => {
  describe.skipIf(!variant.available)('with a trainer and two roles', () => {
    let t: RoomsTestApp;
    let trainer: Person;
    let alice: Person;
    let bob: Person;
    let session: ExerciseSessionView;
    let seed: string;
    let trainerRoom: Participant;
    let alphaRoom: Participant;
    let betaRoom: Participant;

    const everyone = () => [trainerRoom, alphaRoom, betaRoom];
    const text = (participant: Participant) => JSON.stringify(participant.received);

    beforeAll(async () => {
      t = await startRoomsApp(variant, { limits: { clockMs: 100 } });
      trainer = await t.person('trainer1', 'trainer');
      alice = await t.person('alice', 'learner');
      bob = await t.person('bob', 'learner');
      session = await t.session(trainer);
      const row = await t.database.db
        .selectFrom('exercise_sessions')
        .select('seed')
        .where('id', '=', session.id)
        .executeTakeFirstOrThrow();
      seed = row.seed;
      expect((await t.call(alice, 'POST', '/api/v1/exercise-sessions/join', { code: session.code })).statusCode).toBe(200);
      expect((await t.call(alice, 'POST', `/api/v1/exercise-sessions/${session.id}/role`, { role: 'alpha' })).statusCode).toBe(
        200,
      );
      const assigned = await t.call(trainer, 'POST', `/api/v1/exercise-sessions/${session.id}/assignments`, {
        userId: bob.user.id,
        role: 'beta',
      });
      expect(assigned.statusCode).toBe(200);
      trainerRoom = await t.connect(trainer, await t.seat(trainer, session.id));
      alphaRoom = await t.connect(alice, await t.seat(alice, session.id));
      betaRoom = await t.connect(bob, await t.seat(bob, session.id));
    }, SLOW);

    afterAll(async () => {
      await t.close();
    }, SLOW);

    it(
      'plays a request between roles and an inject; each client receives only its role view',
      async () => {
        const alphaView = await alphaRoom.next('view');
        expect(alphaView.role).toBe('alpha');
        expect((alphaView.view as { mine: string }).mine).toBe(privateOf('alpha', seed));

        alphaRoom.room.send('command', { kind: 'post', text: 'leak found at the portal' });
        await alphaRoom.next('accepted');
        alphaRoom.room.send('command', { kind: 'request', to: 'beta' });
        await betaRoom.next('view', (p) => ((p.view as { requests: unknown[] }).requests ?? []).length === 1);
        betaRoom.room.send('command', { kind: 'answer', id: 0, grant: true });
        await alphaRoom.next('view', (p) => ((p.view as { received: unknown[] }).received ?? []).length === 1);
        trainerRoom.room.send('command', { kind: 'inject', name: 'press-call' });
        for (const participant of everyone())
          await participant.next('view', (p) => JSON.stringify(p.view).includes('press-call'));
        // The clock inject fires five seconds into the exercise, from the room's own clock.
        await alphaRoom.next('view', (p) => ((p.view as { injects: string[] }).injects ?? []).includes('clock'), 15_000);

        expect(betaRoom.lastView()?.mine).toBe(privateOf('beta', seed));
        expect(alphaRoom.lastView()?.received).toEqual(['minimum fields from beta']);
        expect((trainerRoom.lastView()?.privates as Record<string, string>).beta).toBe(privateOf('beta', seed));
        // On every message either role received: never the other role's private string.
        expect(text(alphaRoom)).not.toContain(privateOf('beta', seed));
        expect(text(betaRoom)).not.toContain(privateOf('alpha', seed));
        expect(text(alphaRoom)).toContain(privateOf('alpha', seed));
        expect(text(trainerRoom)).toContain(privateOf('beta', seed));

        const log = await t.database.db
          .selectFrom('exercise_log')
          .selectAll()
          .where('session_id', '=', session.id)
          .orderBy('seq')
          .execute();
        expect(log.map((entry) => [entry.kind, entry.actor_role, entry.accepted])).toEqual([
          ['command', 'alpha', 1],
          ['command', 'alpha', 1],
          ['command', 'beta', 1],
          ['command', 'trainer', 1],
          ['clock', null, 1],
        ]);
        expect(JSON.parse(log[0]?.command ?? '')).toEqual({ kind: 'post', text: 'leak found at the portal' });
      },
      SLOW,
    );

    it(
      'sends a refused command back to its sender only, logs it, and goes on',
      async () => {
        betaRoom.room.send('command', { kind: 'answer', id: 99, grant: true });
        const refused = await betaRoom.next('rejected');
        expect(refused).toMatchObject({ code: 'no-such-request' });
        alphaRoom.room.send('command', { kind: 'post', text: 'after the refusal' });
        await betaRoom.next('view', (p) => JSON.stringify(p.view).includes('after the refusal'));
        expect(alphaRoom.received.some((m) => m.type === 'rejected')).toBe(false);
        expect(trainerRoom.received.some((m) => m.type === 'rejected')).toBe(false);
        const entry = await t.database.db
          .selectFrom('exercise_log')
          .selectAll()
          .where('session_id', '=', session.id)
          .where('seq', '=', refused.seq as number)
          .executeTakeFirstOrThrow();
        expect(entry).toMatchObject({ accepted: 0, code: 'no-such-request', actor_role: 'beta', actor_user_id: bob.user.id });
      },
      SLOW,
    );

    it(
      'refuses hostile input with an error to that client while the room goes on',
      async () => {
        const errors = (participant: Participant, code: string) =>
          participant.next('error', (p) => p.code === code) as Promise<{ code: string; reason: string }>;
        alphaRoom.room.send('command', { kind: 'post', text: 'x'.repeat(10_000) });
        expect((await errors(alphaRoom, 'too-large')).reason).toContain('8192 bytes');
        alphaRoom.room.send('nonsense', { anything: true });
        expect((await errors(alphaRoom, 'unknown-type')).reason).toContain('command, act-as, pose');
        alphaRoom.room.send('command', { kind: 'inject', name: 'fake' });
        expect(await alphaRoom.next('rejected', (p) => p.code === 'trainer-only')).toBeDefined();
        alphaRoom.room.send('act-as', { role: 'beta', command: { kind: 'answer', id: 0, grant: false } });
        await errors(alphaRoom, 'act-as-refused');
        alphaRoom.room.send('command', 'not an object');
        await alphaRoom.next('rejected', (p) => p.code === 'not-an-object');
        alphaRoom.room.send('pose', { head: { p: [0, 1.6, 'x'], q: [0, 0, 0, 1] } });
        await errors(alphaRoom, 'bad-pose');
        // A valid pose reaches the others, not the sender.
        alphaRoom.room.send('pose', { head: { p: [0, 1.6, 2], q: [0, 0, 0, 1] }, pointer: { from: [0, 1, 0], to: [1, 1, -2] } });
        const pose = await betaRoom.next('pose');
        expect(pose).toMatchObject({ userId: alice.user.id, role: 'alpha', head: { p: [0, 1.6, 2] } });
        expect(alphaRoom.received.some((m) => m.type === 'pose')).toBe(false);
        // The same pose again (to the millimetre) is not relayed; a moved one is.
        alphaRoom.room.send('pose', {
          head: { p: [0, 1.6000001, 2], q: [0, 0, 0, 1] },
          pointer: { from: [0, 1, 0], to: [1, 1, -2] },
        });
        alphaRoom.room.send('pose', { head: { p: [0.5, 1.6, 2], q: [0, 0, 0, 1] } });
        await betaRoom.next('pose', (p) => (p.head as { p: number[] }).p[0] === 0.5);
        expect(betaRoom.received.filter((m) => m.type === 'pose')).toHaveLength(2);

        // A flood: past the burst, commands are dropped with one error, not run.
        const before = (
          await t.database.db.selectFrom('exercise_log').select('seq').where('session_id', '=', session.id).execute()
        ).length;
        for (let i = 0; i < 60; i += 1) betaRoom.room.send('command', { kind: 'count' });
        await errors(betaRoom, 'too-fast');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const after = (
          await t.database.db.selectFrom('exercise_log').select('seq').where('session_id', '=', session.id).execute()
        ).length;
        expect(after - before).toBeGreaterThan(0);
        expect(after - before).toBeLessThan(40);
        // Everyone is still in, and the room still plays.
        trainerRoom.room.send('command', { kind: 'post', text: 'still running' });
        for (const participant of everyone())
          await participant.next('view', (p) => JSON.stringify(p.view).includes('still running'));
        expect(everyone().every((participant) => participant.room.connection.isOpen)).toBe(true);
        expect(text(alphaRoom)).not.toContain(privateOf('beta', seed));
        expect(text(betaRoom)).not.toContain(privateOf('alpha', seed));
      },
      SLOW,
    );

    it(
      'takes a dropped client back in its role, with its view, without a new seat',
      async () => {
        const before = betaRoom.received.length;
        // The socket drops as a network would (the room has been up long enough for the client to retry).
        betaRoom.room.connection.close(4010);
        const deadline = Date.now() + 20_000;
        while (!(betaRoom.room.connection.isOpen && betaRoom.received.slice(before).some((m) => m.type === 'view'))) {
          if (Date.now() > deadline) throw new Error(`No reconnection: ${JSON.stringify(betaRoom.received.slice(before))}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const view = betaRoom.received.slice(before).find((m) => m.type === 'view')?.payload as {
          role: string;
          view: { mine: string };
        };
        expect(view.role).toBe('beta');
        expect(view.view.mine).toBe(privateOf('beta', seed));
        betaRoom.room.send('command', { kind: 'post', text: 'back again' });
        await alphaRoom.next('view', (p) => JSON.stringify(p.view).includes('back again'));
      },
      SLOW,
    );

    it(
      'lets the trainer act for a role nobody holds, and only for such a role',
      async () => {
        const other = await t.session(trainer, { title: 'Half staffed' });
        expect((await t.call(alice, 'POST', '/api/v1/exercise-sessions/join', { code: other.code })).statusCode).toBe(200);
        expect((await t.call(alice, 'POST', `/api/v1/exercise-sessions/${other.id}/role`, { role: 'alpha' })).statusCode).toBe(
          200,
        );
        const control = await t.connect(trainer, await t.seat(trainer, other.id));
        const learner = await t.connect(alice, await t.seat(alice, other.id));
        learner.room.send('command', { kind: 'request', to: 'beta' });
        await learner.next('accepted');
        control.room.send('act-as', { role: 'alpha', command: { kind: 'post', text: 'as alpha' } });
        expect((await control.next('error', (p) => p.code === 'role-taken')).reason).toContain(alice.user.name);
        control.room.send('act-as', { role: 'beta', command: { kind: 'answer', id: 0, grant: true } });
        await learner.next('view', (p) => ((p.view as { received: unknown[] }).received ?? []).length === 1);
        const entry = await t.database.db
          .selectFrom('exercise_log')
          .selectAll()
          .where('session_id', '=', other.id)
          .where('seq', '=', 1)
          .executeTakeFirstOrThrow();
        expect(entry).toMatchObject({ actor_user_id: trainer.user.id, actor_role: 'beta', accepted: 1 });
        await control.leave();
        await learner.leave();
      },
      SLOW,
    );

    it(
      'refuses sockets from another origin, without a session, or on a seat of someone else',
      async () => {
        const seat = await t.seat(alice, session.id);
        await expect(connectClient(t.origin, alice, seat, 'http://evil.example')).rejects.toThrow();
        const anonymous: Person = { user: alice.user, headers: {} };
        await expect(connectClient(t.origin, anonymous, await t.seat(alice, session.id))).rejects.toThrow();
        // Bob's cookie on Alice's seat: the seat is Alice's alone.
        await expect(connectClient(t.origin, bob, await t.seat(alice, session.id))).rejects.toThrow();
        // A seat that was never reserved.
        const made: ExerciseSeat = { ...seat, seat: { ...seat.seat, sessionId: 'made-up-session' } };
        await expect(connectClient(t.origin, alice, made)).rejects.toThrow();
        // Alice's real seat, from her own origin, still works.
        const ok = await connectClient(t.origin, alice, await t.seat(alice, session.id));
        expect((await ok.next('view')).role).toBe('alpha');
        await ok.leave();
      },
      SLOW,
    );

    it(
      'sends nothing about a command it could not write to the log',
      async () => {
        await sql`alter table exercise_log rename to exercise_log_away`.execute(t.database.db);
        const seen = alphaRoom.received.length;
        const seenByTrainer = trainerRoom.received.length;
        betaRoom.room.send('command', { kind: 'post', text: 'never saved' });
        expect((await betaRoom.next('error', (p) => p.code === 'not-saved')).reason).toContain('nothing changed');
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`alter table exercise_log_away rename to exercise_log`.execute(t.database.db);
        expect(JSON.stringify(alphaRoom.received.slice(seen))).not.toContain('never saved');
        expect(JSON.stringify(trainerRoom.received.slice(seenByTrainer))).not.toContain('never saved');
        betaRoom.room.send('command', { kind: 'post', text: 'saved now' });
        await alphaRoom.next('view', (p) => JSON.stringify(p.view).includes('saved now'));
        expect(JSON.stringify(alphaRoom.lastView())).not.toContain('never saved');
      },
      SLOW,
    );

    it(
      'rebuilds the room from the log, stops a replaced room, and closes it when the session ends',
      async () => {
        const board = trainerRoom.lastView()?.board;
        for (const participant of everyone()) await participant.leave();
        await new Promise((resolve) => setTimeout(resolve, 300));
        const again = await t.connect(alice, await t.seat(alice, session.id));
        const view = (await again.next('view')).view as { board: unknown };
        expect(view.board).toEqual(board);
        const trainerAgain = await t.connect(trainer, await t.seat(trainer, session.id));
        const state = (await trainerAgain.next('view')).view as ToyState;
        expect(state.injects).toEqual(['press-call', 'clock']);
        expect(state.board).toContain('alpha: leak found at the portal');
        // The trainer's view is the whole state: replaying the stored log gives the same hash.
        const row = await t.database.db
          .selectFrom('exercise_sessions')
          .selectAll()
          .where('id', '=', session.id)
          .executeTakeFirstOrThrow();
        const log = await t.database.db
          .selectFrom('exercise_log')
          .selectAll()
          .where('session_id', '=', session.id)
          .orderBy('seq')
          .execute();
        expect(toyRules.stateHash(replayLog(toyRules, row, log).state as ToyState)).toBe(toyRules.stateHash(state));

        // Another process takes the session over (a resume while this room was stalled): this room
        // may no longer write, tells its clients so, and its command never reaches the log.
        await new ExerciseSessionStore(t.database, Date.now).claimRoom(session.id, 'a-room-elsewhere');
        again.room.send('command', { kind: 'post', text: 'from a replaced room' });
        expect(await again.next('error', (p) => p.code === 'room-replaced')).toBeDefined();
        await trainerAgain.next('error', (p) => p.code === 'room-replaced');
        const after = await t.database.db
          .selectFrom('exercise_log')
          .select('command')
          .where('session_id', '=', session.id)
          .execute();
        expect(JSON.stringify(after)).not.toContain('from a replaced room');
        // A new seat builds a new room, which holds the log again.
        const fresh = await t.connect(alice, await t.seat(alice, session.id));
        expect((await fresh.next('view')).view).toMatchObject({ board: state.board });
        fresh.room.send('command', { kind: 'post', text: 'in the new room' });
        await fresh.next('accepted');

        // The trainer ends the session: its room closes, and no seat is given any more.
        const left = new Promise<number>((resolve) => fresh.room.onLeave((code) => resolve(code)));
        expect((await t.call(trainer, 'POST', `/api/v1/exercise-sessions/${session.id}/end`)).statusCode).toBe(200);
        await left;
        expect(fresh.room.connection.isOpen).toBe(false);
        expect((await t.call(alice, 'POST', `/api/v1/exercise-sessions/${session.id}/seat`)).statusCode).toBe(409);
      },
      SLOW,
    );
  });
});
