// The sessions API: who may create, join, take a role, get a seat, resume and end, and the 4xx
// reasons everyone else gets. The room itself is in rooms.test.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { ExerciseSessionView } from '../../src/contracts/exercise-types.ts';
import { startRoomsApp } from './test-support/rooms-test-app.ts';
import type { Person, RoomsTestApp } from './test-support/rooms-test-app.ts';

const SLOW = 60_000;

describe.each(TEST_DATABASES)('the exercise sessions API on $name', (variant) => {
  describe.skipIf(!variant.available)('access', () => {
    let t: RoomsTestApp;
    let trainer: Person;
    let otherTrainer: Person;
    let alice: Person;
    let bob: Person;
    let carol: Person;
    let session: ExerciseSessionView;

    const message = (response: { json: () => unknown }) => (response.json() as { message: string }).message;
    const url = (suffix = '') => `/api/v1/exercise-sessions/${session.id}${suffix}`;

    async function classOf(owner: Person, members: readonly Person[]): Promise<string> {
      const id = randomUUID();
      const now = new Date().toISOString();
      await t.database.db
        .insertInto('classes')
        .values({
          id,
          title: 'Data security 2026',
          course_id: null,
          trainer_id: owner.user.id,
          trainer_username: owner.user.username,
          trainer_name: owner.user.name,
          code: '123456',
          open_code: null,
          status: 'open',
          created: now,
          ended: null,
          revision: 0,
        })
        .execute();
      for (const member of members)
        await t.database.db
          .insertInto('class_members')
          .values({
            class_id: id,
            user_id: member.user.id,
            username: member.user.username,
            name: member.user.name,
            joined: now,
            active_user_id: null,
            left_at: null,
            last_seen: null,
            gone_at: null,
            progress: null,
            help_requested_at: null,
            help_handled_at: null,
            updated: now,
          })
          .execute();
      return id;
    }

    beforeAll(async () => {
      t = await startRoomsApp(variant);
      trainer = await t.person('trainer1', 'trainer');
      otherTrainer = await t.person('trainer2', 'trainer');
      alice = await t.person('alice', 'learner');
      bob = await t.person('bob', 'learner');
      carol = await t.person('carol', 'learner');
      session = await t.session(trainer, { title: 'Leak drill' });
    }, SLOW);

    afterAll(async () => {
      await t.close();
    }, SLOW);

    it('lets trainers create sessions of known exercises, and no one else', async () => {
      expect(session).toMatchObject({ title: 'Leak drill', status: 'open', roleIds: ['alpha', 'beta'], classId: null });
      expect(session.code).toMatch(/^\d{6}$/);
      const learner = await t.call(alice, 'POST', '/api/v1/exercise-sessions', { exerciseId: 'toy-exercise' });
      expect(learner.statusCode).toBe(403);
      expect(message(learner)).toContain('Only trainer or admin accounts');
      expect((await t.call(undefined, 'POST', '/api/v1/exercise-sessions', { exerciseId: 'toy-exercise' })).statusCode).toBe(401);
      const unknown = await t.call(trainer, 'POST', '/api/v1/exercise-sessions', { exerciseId: 'no-such-exercise' });
      expect(unknown.statusCode).toBe(404);
      expect(message(unknown)).toContain('no-such-exercise');
      const missing = await t.call(trainer, 'POST', '/api/v1/exercise-sessions', { title: 'x' });
      expect(missing.statusCode).toBe(400);
      expect(message(missing)).toContain('exerciseId');
      const extra = await t.call(trainer, 'POST', '/api/v1/exercise-sessions', { exerciseId: 'toy-exercise', secret: 1 });
      expect(extra.statusCode).toBe(400);
      const foreignClass = await classOf(otherTrainer, []);
      const notMine = await t.call(trainer, 'POST', '/api/v1/exercise-sessions', {
        exerciseId: 'toy-exercise',
        classId: foreignClass,
      });
      expect(notMine.statusCode).toBe(403);
    });

    it('lists a trainer’s own sessions only', async () => {
      const own = await t.call(trainer, 'GET', '/api/v1/exercise-sessions');
      expect((own.json() as { sessions: ExerciseSessionView[] }).sessions.map((s) => s.id)).toContain(session.id);
      const other = await t.call(otherTrainer, 'GET', '/api/v1/exercise-sessions');
      expect((other.json() as { sessions: ExerciseSessionView[] }).sessions.map((s) => s.id)).not.toContain(session.id);
      expect((await t.call(alice, 'GET', '/api/v1/exercise-sessions')).statusCode).toBe(403);
      expect((await t.call(otherTrainer, 'POST', url('/assignments'), { userId: alice.user.id, role: 'alpha' })).statusCode).toBe(
        403,
      );
      expect((await t.call(otherTrainer, 'POST', url('/end'))).statusCode).toBe(403);
    });

    it('lets learners join with the code and take a free role, never one someone else holds', async () => {
      expect((await t.call(alice, 'GET', url())).statusCode).toBe(403);
      expect((await t.call(alice, 'POST', url('/role'), { role: 'alpha' })).statusCode).toBe(403);
      const wrong = await t.call(alice, 'POST', '/api/v1/exercise-sessions/join', {
        code: '000000' === session.code ? '000001' : '000000',
      });
      expect(wrong.statusCode).toBe(404);
      const spaced = `${session.code.slice(0, 3)} ${session.code.slice(3)}`;
      expect((await t.call(alice, 'POST', '/api/v1/exercise-sessions/join', { code: spaced })).statusCode).toBe(200);
      expect((await t.call(bob, 'POST', '/api/v1/exercise-sessions/join', { code: session.code })).statusCode).toBe(200);
      // Joined, but no role yet: no seat.
      const early = await t.call(alice, 'POST', url('/seat'));
      expect(early.statusCode).toBe(409);
      expect(message(early)).toContain('Take a role first');
      const unknownRole = await t.call(alice, 'POST', url('/role'), { role: 'gamma' });
      expect(unknownRole.statusCode).toBe(400);
      expect(message(unknownRole)).toContain('alpha, beta');
      expect((await t.call(alice, 'POST', url('/role'), { role: 'alpha' })).statusCode).toBe(200);
      const taken = await t.call(bob, 'POST', url('/role'), { role: 'alpha' });
      expect(taken.statusCode).toBe(403);
      expect(message(taken)).toContain(alice.user.name);
      // The trainer gives Bob beta; he cannot switch himself to something else.
      expect((await t.call(trainer, 'POST', url('/assignments'), { userId: bob.user.id, role: 'beta' })).statusCode).toBe(200);
      const switched = await t.call(bob, 'POST', url('/role'), { role: 'alpha' });
      expect(switched.statusCode).toBe(403);
      // Several learners may share a role when the trainer says so.
      const shared = await t.call(trainer, 'POST', url('/assignments'), { userId: carol.user.id, role: 'beta' });
      expect(
        (shared.json() as { session: ExerciseSessionView }).session.participants.filter((p) => p.role === 'beta'),
      ).toHaveLength(2);
      expect((await t.call(trainer, 'POST', url('/assignments'), { userId: randomUUID(), role: 'beta' })).statusCode).toBe(404);
      expect((await t.call(trainer, 'POST', url('/assignments'), { userId: bob.user.id, role: 'gamma' })).statusCode).toBe(400);
      const view = await t.call(alice, 'GET', url());
      expect(view.statusCode).toBe(200);
      // Seats: learners as their role, the trainer as trainer; a stranger gets none.
      expect((await t.seat(alice, session.id)).role).toBe('alpha');
      expect((await t.seat(trainer, session.id)).role).toBe('trainer');
      expect((await t.call(otherTrainer, 'POST', url('/seat'))).statusCode).toBe(403);
    });

    it('keeps a class session to the learners of that class', async () => {
      const classId = await classOf(trainer, [alice]);
      const forClass = await t.session(trainer, { classId });
      expect(forClass.classId).toBe(classId);
      const outsider = await t.call(bob, 'POST', '/api/v1/exercise-sessions/join', { code: forClass.code });
      expect(outsider.statusCode).toBe(403);
      expect(message(outsider)).toContain('one class');
      expect((await t.call(alice, 'POST', '/api/v1/exercise-sessions/join', { code: forClass.code })).statusCode).toBe(200);
      const assignOutsider = await t.call(trainer, 'POST', `/api/v1/exercise-sessions/${forClass.id}/assignments`, {
        userId: bob.user.id,
        role: 'beta',
      });
      expect(assignOutsider.statusCode).toBe(403);
    });

    it('ends a session: no more joins, roles or seats', async () => {
      const ended = await t.call(trainer, 'POST', url('/end'));
      expect(ended.statusCode).toBe(200);
      expect((ended.json() as { session: ExerciseSessionView }).session.status).toBe('ended');
      expect((await t.call(alice, 'POST', url('/seat'))).statusCode).toBe(409);
      expect((await t.call(trainer, 'POST', url('/resume'))).statusCode).toBe(409);
      expect((await t.call(carol, 'POST', '/api/v1/exercise-sessions/join', { code: session.code })).statusCode).toBe(404);
      expect((await t.call(trainer, 'GET', '/api/v1/exercise-sessions/not-a-uuid')).statusCode).toBe(404);
    });

    it('stops guessing codes after ten wrong ones', async () => {
      const dave = await t.person('dave', 'learner');
      for (let i = 0; i < 10; i += 1)
        expect((await t.call(dave, 'POST', '/api/v1/exercise-sessions/join', { code: 'abc' })).statusCode).toBe(404);
      const blocked = await t.call(dave, 'POST', '/api/v1/exercise-sessions/join', { code: session.code });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
