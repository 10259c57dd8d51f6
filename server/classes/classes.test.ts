// Classes on both databases: a trainer opens a class, learners join with its code and report
// progress, help and heartbeats; connected goes by time; one open class per learner; ending;
// who may see what; wrong codes are rate-limited; and bodies are checked field by field.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassProgressReport, ClassSnapshot, ClassView } from '../../src/contracts/class-types.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { CATALOG, get, post, startClassesApp } from './test-support/classes-test-app.ts';
import type { ClassesTestApp, Person } from './test-support/classes-test-app.ts';

// Reports name a shipped course (8 steps, 100 points): the server checks them against it.
const COURSE = CATALOG.courses.find((course) => course.id === 'data-security')!;
const SCENE = COURSE.scenes[0]!;

function progress(overrides: Partial<ClassProgressReport> = {}): ClassProgressReport {
  return {
    courseId: COURSE.id,
    courseTitle: COURSE.title,
    mode: 'practice',
    attemptId: randomUUID(),
    sceneId: SCENE.id,
    sceneTitle: SCENE.title,
    stepId: 'patrol',
    stepTitle: SCENE.steps[0]!.title,
    stepsDone: 2,
    stepCount: 8,
    finished: false,
    score: 15,
    max: 100,
    ...overrides,
  };
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`classes on ${variant.name}`, () => {
    let t: ClassesTestApp;
    let trainer: Person;
    let otherTrainer: Person;
    let admin: Person;
    let learner: Person;
    let learner2: Person;
    let n = 0;

    beforeAll(async () => {
      t = await startClassesApp(variant, { joinLimit: { max: 3, windowMs: 60_000 } });
      trainer = await t.person('trainer-zhou', 'trainer', '周老师');
      otherTrainer = await t.person('trainer-wu', 'trainer', '吴老师');
      admin = await t.person('admin-2', 'admin');
      learner = await t.person('E7001', 'learner', '陈静');
      learner2 = await t.person('E7002', 'learner', '李强');
    });
    afterAll(async () => {
      await t?.close();
    });

    const openClass = async (by: Person = trainer, body: Record<string, unknown> = {}): Promise<ClassView> => {
      n += 1;
      const response = await post(t.app, '/api/v1/classes', { title: `第${n}期数据安全实训`, ...body }, by);
      expect(response.statusCode, response.body).toBe(201);
      return response.json().class;
    };
    const snapshot = async (classId: string, by: Person = trainer): Promise<ClassSnapshot> => {
      const response = await get(t.app, `/api/v1/classes/${classId}`, by);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const join = (code: string, who: Person) => post(t.app, '/api/v1/classes/join', { code }, who);
    const leave = (classId: string, who: Person) => post(t.app, `/api/v1/classes/${classId}/leave`, {}, who);

    it('opens a class with a six-digit code, and lists it for its trainer and admins only', async () => {
      const opened = await openClass(trainer, { courseId: 'data-security' });
      expect(opened).toMatchObject({
        code: expect.stringMatching(/^\d{6}$/),
        status: 'open',
        courseId: 'data-security',
        trainer: { username: 'trainer-zhou', name: '周老师' },
        memberCount: 0,
        ended: null,
      });

      const mine = (await get(t.app, '/api/v1/classes', trainer)).json().classes as ClassView[];
      expect(mine.map((c) => c.id)).toContain(opened.id);
      const theirs = (await get(t.app, '/api/v1/classes', otherTrainer)).json().classes as ClassView[];
      expect(theirs.map((c) => c.id)).not.toContain(opened.id);
      const all = (await get(t.app, '/api/v1/classes', admin)).json().classes as ClassView[];
      expect(all.map((c) => c.id)).toContain(opened.id);

      // Codes of open classes are unique.
      const codes = new Set<string>([opened.code]);
      for (let i = 0; i < 5; i += 1) codes.add((await openClass()).code);
      expect(codes.size).toBe(6);
    });

    it('a learner joins with the code as typed, reports progress, and the trainer sees it', async () => {
      const opened = await openClass();
      const joined = await join(`${opened.code.slice(0, 3)} ${opened.code.slice(3)}`, learner);
      expect(joined.statusCode, joined.body).toBe(200);
      expect(joined.json().membership).toMatchObject({
        classId: opened.id,
        title: opened.title,
        trainerName: '周老师',
        status: 'open',
        helpRequestedAt: null,
      });
      expect((await get(t.app, '/api/v1/classes/joined', learner)).json().membership.classId).toBe(opened.id);
      // Joining again is harmless.
      expect((await join(opened.code, learner)).statusCode).toBe(200);

      const report = progress();
      const beat = await post(t.app, `/api/v1/classes/${opened.id}/progress`, { progress: report }, learner);
      expect(beat.statusCode, beat.body).toBe(200);
      expect(beat.json().membership.status).toBe('open');

      const seen = await snapshot(opened.id);
      expect(seen.class.memberCount).toBe(1);
      const { lastSeen, joined: joinedAt, ...member } = seen.members[0]!;
      expect(member).toEqual({
        userId: learner.user.id,
        username: 'E7001',
        name: '陈静',
        left: null,
        connected: true,
        helpRequestedAt: null,
        progress: { ...report, scoreSource: 'browser' },
      });
      expect(lastSeen).toBe(new Date(t.clock.now()).toISOString());
      expect(joinedAt).toBe(lastSeen);

      // A heartbeat without progress keeps the last progress.
      t.clock.advance(15_000);
      await post(t.app, `/api/v1/classes/${opened.id}/progress`, {}, learner);
      const later = await snapshot(opened.id);
      expect(later.members[0]?.progress?.stepId).toBe('patrol');
      expect(later.members[0]?.lastSeen).toBe(new Date(t.clock.now()).toISOString());
      expect(later.revision).toBeGreaterThan(seen.revision);
      await leave(opened.id, learner);
    });

    it("an assessment shows the server's graded score, never the score the browser sent", async () => {
      const opened = await openClass();
      await join(opened.code, learner);
      const attemptId = randomUUID();
      const report = progress({ mode: 'assessment', attemptId, score: 100, max: 100 });
      // Before the server has graded anything: steps done only.
      await post(t.app, `/api/v1/classes/${opened.id}/progress`, { progress: report }, learner);
      expect((await snapshot(opened.id)).members[0]?.progress).toMatchObject({
        score: null,
        max: null,
        scoreSource: 'none',
        stepsDone: 2,
      });

      const when = new Date(t.clock.now()).toISOString();
      await t.database.db
        .insertInto('attempts')
        .values({
          attempt_id: attemptId,
          user_id: learner.user.id,
          username: learner.user.username,
          course_id: 'data-security',
          course_version: '1.0.0',
          mode: 'assessment',
          log: '[]',
          received: 4,
          status: 'in-progress',
          statement_seed: 'seed',
          score: null,
          max: null,
          scaled: null,
          passed: null,
          result: JSON.stringify({
            steps: [
              { sceneId: 'office', stepId: 'a', result: { score: 10, max: 10, lines: [] } },
              { sceneId: 'office', stepId: 'b', result: { score: 2.5, max: 10, lines: [] } },
            ],
            scenes: [],
            dimensions: [],
          }),
          started: when,
          updated: when,
          finished: null,
        })
        .execute();
      await post(t.app, `/api/v1/classes/${opened.id}/progress`, { progress: report }, learner);
      expect((await snapshot(opened.id)).members[0]?.progress).toMatchObject({ score: 12.5, max: 20, scoreSource: 'server' });

      // Someone else's attempt id gives nothing away.
      await join(opened.code, learner2);
      await post(t.app, `/api/v1/classes/${opened.id}/progress`, { progress: report }, learner2);
      expect((await snapshot(opened.id)).members.find((m) => m.username === 'E7002')?.progress).toMatchObject({
        score: null,
        scoreSource: 'none',
      });
      await leave(opened.id, learner);
      await leave(opened.id, learner2);
    });

    it('a learner asks for help; the trainer sees it and marks it handled', async () => {
      const opened = await openClass();
      await join(opened.code, learner);
      const asked = await post(t.app, `/api/v1/classes/${opened.id}/help`, {}, learner);
      expect(asked.statusCode, asked.body).toBe(200);
      const askedAt = new Date(t.clock.now()).toISOString();
      expect(asked.json().membership.helpRequestedAt).toBe(askedAt);
      // Asking again keeps the first time: the wait is what the trainer needs to see.
      t.clock.advance(5_000);
      await post(t.app, `/api/v1/classes/${opened.id}/help`, {}, learner);
      expect((await snapshot(opened.id)).members[0]?.helpRequestedAt).toBe(askedAt);

      const handled = await post(t.app, `/api/v1/classes/${opened.id}/members/${learner.user.id}/help-handled`, {}, trainer);
      expect(handled.statusCode, handled.body).toBe(200);
      expect((await snapshot(opened.id)).members[0]?.helpRequestedAt).toBeNull();
      expect(
        (await post(t.app, `/api/v1/classes/${opened.id}/progress`, {}, learner)).json().membership.helpRequestedAt,
      ).toBeNull();
      expect(
        (await post(t.app, `/api/v1/classes/${opened.id}/members/${learner2.user.id}/help-handled`, {}, trainer)).statusCode,
      ).toBe(404);
      await leave(opened.id, learner);
    });

    it('counts a learner connected for 30 s after a heartbeat, and not at all once the page closed', async () => {
      const opened = await openClass();
      await join(opened.code, learner);
      await post(t.app, `/api/v1/classes/${opened.id}/progress`, {}, learner);
      t.clock.advance(30_000);
      expect((await snapshot(opened.id)).members[0]?.connected).toBe(true);
      t.clock.advance(1);
      expect((await snapshot(opened.id)).members[0]?.connected).toBe(false);

      await post(t.app, `/api/v1/classes/${opened.id}/progress`, {}, learner);
      expect((await snapshot(opened.id)).members[0]?.connected).toBe(true);
      t.clock.advance(1_000);
      await post(t.app, `/api/v1/classes/${opened.id}/progress`, { gone: true }, learner);
      expect((await snapshot(opened.id)).members[0]?.connected).toBe(false);
      t.clock.advance(1_000);
      await post(t.app, `/api/v1/classes/${opened.id}/progress`, {}, learner);
      expect((await snapshot(opened.id)).members[0]?.connected).toBe(true);
      await leave(opened.id, learner);
    });

    it('keeps a learner in one open class at a time', async () => {
      const first = await openClass();
      const second = await openClass(otherTrainer);
      expect((await join(first.code, learner)).statusCode).toBe(200);
      const refused = await join(second.code, learner);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toBe(`You are already in the class "${first.title}": leave it first, then join this one.`);

      expect((await leave(first.id, learner)).statusCode).toBe(200);
      expect((await get(t.app, '/api/v1/classes/joined', learner)).json().membership).toBeNull();
      expect((await join(second.code, learner)).statusCode).toBe(200);
      expect((await join(first.code, learner)).statusCode).toBe(409);
      // Having left, the learner's reports are refused, and the trainer sees who left.
      expect((await post(t.app, `/api/v1/classes/${first.id}/progress`, {}, learner)).statusCode).toBe(404);
      const member = (await snapshot(first.id)).members[0];
      expect(member).toMatchObject({ username: 'E7001', connected: false, left: expect.any(String) });
      await leave(second.id, learner);
    });

    it('ends a class: members see it ended and stop counting as connected, the code no longer joins', async () => {
      const opened = await openClass();
      await join(opened.code, learner);
      await post(t.app, `/api/v1/classes/${opened.id}/progress`, { progress: progress() }, learner);

      const ended = await post(t.app, `/api/v1/classes/${opened.id}/end`, {}, trainer);
      expect(ended.statusCode, ended.body).toBe(200);
      const after: ClassSnapshot = ended.json();
      expect(after.class).toMatchObject({ status: 'ended', ended: new Date(t.clock.now()).toISOString() });
      expect(after.members[0]).toMatchObject({ connected: false, progress: { stepId: 'patrol' } });

      // The member's next report learns it, and nothing is written.
      const beat = await post(
        t.app,
        `/api/v1/classes/${opened.id}/progress`,
        { progress: progress({ stepId: 'phishing-followup' }) },
        learner,
      );
      expect(beat.statusCode).toBe(200);
      expect(beat.json().membership).toMatchObject({ status: 'ended', ended: after.class.ended });
      expect((await snapshot(opened.id)).members[0]?.progress?.stepId).toBe('patrol');
      expect((await get(t.app, '/api/v1/classes/joined', learner)).json().membership).toMatchObject({
        classId: opened.id,
        status: 'ended',
      });

      // Joining after the end is refused; another class can be joined, which dismisses the notice.
      const late = await join(opened.code, learner2);
      expect(late.statusCode).toBe(404);
      expect(late.json().message).toBe(
        `No open class has the code ${opened.code}: check the code your trainer shows, or ask whether the class has ended.`,
      );
      const next = await openClass();
      expect((await join(next.code, learner)).statusCode).toBe(200);
      expect((await get(t.app, '/api/v1/classes/joined', learner)).json().membership.classId).toBe(next.id);
      // Ending twice is harmless.
      expect((await post(t.app, `/api/v1/classes/${opened.id}/end`, {}, trainer)).statusCode).toBe(200);
      await leave(next.id, learner);
    });

    it('answers 401 signed out, 403 to learners and other trainers, 404 for unknown classes and codes', async () => {
      const opened = await openClass();
      const classRoutes = [`/api/v1/classes/${opened.id}`, `/api/v1/classes/${opened.id}/events`];
      const unsafe = [
        '/api/v1/classes',
        `/api/v1/classes/${opened.id}/end`,
        `/api/v1/classes/${opened.id}/members/${learner.user.id}/help-handled`,
      ];
      for (const url of ['/api/v1/classes', '/api/v1/classes/joined', ...classRoutes]) {
        expect((await get(t.app, url)).statusCode, url).toBe(401);
      }
      for (const url of [
        ...unsafe,
        '/api/v1/classes/join',
        `/api/v1/classes/${opened.id}/progress`,
        `/api/v1/classes/${opened.id}/help`,
        `/api/v1/classes/${opened.id}/leave`,
      ]) {
        expect((await post(t.app, url, {})).statusCode, url).toBe(401);
      }
      // The cookie without the CSRF header is no one, for an unsafe request.
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/classes',
            headers: { cookie: trainer.headers.cookie ?? '', 'content-type': 'application/json' },
            payload: '{"title":"x"}',
          })
        ).statusCode,
      ).toBe(401);

      for (const who of [learner, otherTrainer]) {
        for (const url of classRoutes) expect((await get(t.app, url, who)).statusCode, `${who.user.username} ${url}`).toBe(403);
        for (const url of unsafe.slice(1))
          expect((await post(t.app, url, {}, who)).statusCode, `${who.user.username} ${url}`).toBe(403);
      }
      const learnerOpens = await post(t.app, '/api/v1/classes', { title: '我的班' }, learner);
      expect(learnerOpens.statusCode).toBe(403);
      expect(learnerOpens.json().message).toBe('Only trainer or admin accounts run classes; you are signed in as a learner.');
      expect((await get(t.app, '/api/v1/classes', learner)).statusCode).toBe(403);
      expect((await get(t.app, `/api/v1/classes/${opened.id}`, admin)).statusCode).toBe(200);

      expect((await get(t.app, `/api/v1/classes/${randomUUID()}`, trainer)).statusCode).toBe(404);
      expect((await get(t.app, '/api/v1/classes/not-a-class', trainer)).statusCode).toBe(404);
      // A learner reporting to a class they never joined.
      expect((await post(t.app, `/api/v1/classes/${opened.id}/progress`, {}, learner2)).json()).toMatchObject({
        statusCode: 404,
        message: 'You are not in this class (or have left it): join it again with its code.',
      });
      const badCode = await join('12-34', learner2);
      expect(badCode.statusCode).toBe(404);
      expect(badCode.json().message).toBe(
        '"12-34" is not a class code: a class code is 6 digits, like 482 913. Check the code your trainer shows.',
      );
    });

    it('rate-limits wrong codes per user, with Retry-After', async () => {
      const guesser = await t.person('E7009', 'learner');
      const opened = await openClass();
      const unused = opened.code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 3; i += 1) expect((await join(unused, guesser)).statusCode).toBe(404);
      const limited = await join(opened.code, guesser);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Other learners are not held back by one who guesses.
      expect((await join(opened.code, learner2)).statusCode).toBe(200);
      t.clock.advance(60_001);
      expect((await join(opened.code, guesser)).statusCode).toBe(200);
      await leave(opened.id, learner2);
      await leave(opened.id, guesser);
    });

    it('refuses progress the course does not allow, so the trainer never sees "999999 / 1"', async () => {
      const opened = await openClass();
      await join(opened.code, learner);
      const honest = progress();
      expect((await post(t.app, `/api/v1/classes/${opened.id}/progress`, { progress: honest }, learner)).statusCode).toBe(200);
      const attacks: [Partial<ClassProgressReport>, string][] = [
        [{ score: 999999, max: 1 }, 'progress.max is 1, but the course "data-security" gives at most 100 points.'],
        [{ score: 999999, max: 100 }, "progress.score (999999) cannot exceed the course's 100 points."],
        [{ score: 101, max: null }, "progress.score (101) cannot exceed the course's 100 points."],
        [{ stepsDone: 1, stepCount: 1 }, 'progress.stepCount is 1, but the course "data-security" has 8 steps.'],
        [{ stepsDone: 999, stepCount: 999 }, 'progress.stepCount is 999, but the course "data-security" has 8 steps.'],
        [{ sceneId: 'vault' }, 'progress.sceneId "vault" is not a scene of the course "data-security".'],
        [{ stepId: 'sort-cards' }, 'progress.stepId "sort-cards" is not a step of the scene "clean-desk".'],
        [{ sceneId: null, stepId: 'patrol' }, 'progress.stepId needs progress.sceneId, the scene the step belongs to.'],
        [
          { courseId: 'no-such-course' },
          'progress.courseId "no-such-course" is not a course on this server; known courses: algorithm-ethics, data-security, governance.',
        ],
      ];
      for (const [overrides, message] of attacks) {
        const response = await post(t.app, `/api/v1/classes/${opened.id}/progress`, { progress: progress(overrides) }, learner);
        expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
        expect(response.json().message).toBe(message);
      }
      // The live table still shows the last honest report.
      expect((await snapshot(opened.id)).members[0]?.progress).toMatchObject({ stepsDone: 2, stepCount: 8, score: 15, max: 100 });
      // Titles come from the course, whatever the browser wrote.
      const renamed = progress({ courseTitle: { 'zh-CN': '你已被开除', en: 'You are dismissed' } });
      expect((await post(t.app, `/api/v1/classes/${opened.id}/progress`, { progress: renamed }, learner)).statusCode).toBe(200);
      expect((await snapshot(opened.id)).members[0]?.progress?.courseTitle).toEqual(COURSE.title);
      await leave(opened.id, learner);
    });

    it('refuses bad bodies with the field and the fix', async () => {
      const opened = await openClass();
      await join(opened.code, learner);
      const cases: [unknown, string][] = [
        [{ progress: { ...progress(), stepsDone: 9 } }, 'progress.stepsDone (9) cannot exceed progress.stepCount (8).'],
        [{ progress: { ...progress(), mode: 'exam' } }, 'progress.mode must be "practice" or "assessment".'],
        [
          { progress: { ...progress(), stepTitle: { en: 'x' } } },
          'progress.stepTitle.zh-CN must be text of 1 to 300 characters.',
        ],
        [{ progress: { ...progress(), answers: ['b'] } }, expect.stringContaining('progress has unknown field(s) answers')],
        [{ progress: { ...progress(), score: -1 } }, 'progress.score must be a number from 0 to 1000000.'],
        [{ gone: 'yes' }, 'gone must be true or false.'],
      ] as [unknown, string][];
      for (const [body, message] of cases) {
        const response = await post(t.app, `/api/v1/classes/${opened.id}/progress`, body, learner);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().message).toEqual(message);
      }
      const untitled = await post(t.app, '/api/v1/classes', { courseId: 'data-security' }, trainer);
      expect(untitled.statusCode).toBe(400);
      expect(untitled.json().message).toBe('title is required and must be non-empty text.');
      const badCourse = await post(t.app, '/api/v1/classes', { title: '实训', courseId: 'Data Security' }, trainer);
      expect(badCourse.json().message).toContain('courseId "Data Security" is not a course id');
      const notJson = await t.app.inject({
        method: 'POST',
        url: '/api/v1/classes/join',
        headers: { ...learner.headers, 'content-type': 'application/json' },
        payload: '{"code":',
      });
      expect(notJson.statusCode).toBe(400);
      await leave(opened.id, learner);
    });
  });
}
