// cmi5 through the assembled server, on every database: the course package an LMS imports (a zip
// whose cmi5.xml is parsed back with an XML parser and holds the course structure the spec
// defines), and Shixun as the LMS: a prepared launch writes LMS.LaunchData and `launched`, and its
// fetch URL hands out a working auth token exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CMI5_EXTENSIONS, CMI5_VERBS, readCmi5Launch, readLaunchData, type Cmi5Launch } from '../../src/records/cmi5.ts';
import { addUser, signedIn } from '../accounts/test-support/accounts-test-app.ts';
import { buildServer } from '../build-server.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { miniCoursesDir } from '../grading/test-support/grading-test-app.ts';
import { COURSE_STRUCTURE_NS } from './course-structure.ts';

const HOME = 'https://shixun.test/';
const ADMIN_PASSWORD = 'cmi5-admin-password-1';

/** cmi5.xml parsed strictly: any well-formedness error fails the test. */
function parseXml(text: string) {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`cmi5.xml ${level}: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
}
const children = (element: Element): Element[] =>
  Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1);

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`cmi5 on ${variant.name}`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let courses: { dir: string; remove: () => void };
    let keyDir: string;
    let admin: Record<string, string>;
    let learner: Record<string, string>;

    beforeAll(async () => {
      if (!variant.available) return;
      courses = miniCoursesDir();
      keyDir = await mkdtemp(path.join(tmpdir(), 'shixun-cmi5-key-'));
      database = await variant.open();
      app = await buildServer({
        apiOnly: true,
        logger: false,
        database,
        coursesDir: courses.dir,
        ledgerKeyDir: keyDir,
        env: { SHIXUN_PUBLIC_URL: HOME, SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, RETENTION_SWEEP_HOURS: '0' },
      });
      await app.ready();
      await addUser(database, 'E9101', 'learner-pass-9101');
      admin = await signedIn(app, 'admin', ADMIN_PASSWORD);
      learner = await signedIn(app, 'E9101', 'learner-pass-9101');
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await database?.dispose();
      courses?.remove();
      if (keyDir) await rm(keyDir, { recursive: true, force: true });
    });

    describe('the course package', () => {
      it('is a zip whose cmi5.xml holds the course and one AU with launch URL, moveOn, masteryScore and launch method', async () => {
        const response = await app.inject({ url: '/api/v1/admin/courses/mini/cmi5', headers: admin });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('application/zip');
        expect(response.headers['content-disposition']).toContain('shixun-mini-cmi5.zip');
        const files = unzipSync(new Uint8Array(response.rawPayload));
        expect(Object.keys(files)).toEqual(['cmi5.xml']);
        const root = parseXml(strFromU8(files['cmi5.xml']!)).documentElement!;
        expect(root.localName).toBe('courseStructure');
        expect(root.namespaceURI).toBe(COURSE_STRUCTURE_NS);
        // The XSD's order: one course, then the AUs (and blocks).
        const [course, au, ...rest] = children(root);
        expect(rest).toEqual([]);
        expect(course!.localName).toBe('course');
        expect(course!.getAttribute('id')).toBe('https://shixun.test/cmi5/courses/mini');
        expect(children(course!).map((e) => e.localName)).toEqual(['title', 'description']);
        const titles = children(children(course!)[0]!).map((e) => [e.localName, e.getAttribute('lang'), e.textContent]);
        expect(titles).toEqual([
          ['langstring', 'zh-CN', '迷你课程'],
          ['langstring', 'en-US', 'Mini course'],
        ]);
        expect(au!.localName).toBe('au');
        expect(au!.getAttribute('id')).toBe('https://shixun.test/cmi5/courses/mini/au');
        expect(au!.getAttribute('moveOn')).toBe('CompletedAndPassed');
        expect(Number(au!.getAttribute('masteryScore'))).toBe(0.7);
        expect(au!.getAttribute('launchMethod')).toBe('OwnWindow');
        expect(children(au!).map((e) => e.localName)).toEqual(['title', 'description', 'url']);
        expect(children(au!)[2]!.textContent).toBe('https://shixun.test/?course=mini');
      });

      it('is for admins only, and names an unknown course', async () => {
        expect((await app.inject({ url: '/api/v1/admin/courses/mini/cmi5', headers: learner })).statusCode).toBe(403);
        expect((await app.inject({ url: '/api/v1/admin/courses/mini/cmi5' })).statusCode).toBe(401);
        const unknown = await app.inject({ url: '/api/v1/admin/courses/nope/cmi5', headers: admin });
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json<{ message: string }>().message).toContain('No course "nope"');
      });
    });

    describe('Shixun as the LMS', () => {
      const prepare = (body: Record<string, unknown>, headers = admin) =>
        app.inject({ method: 'POST', url: '/api/v1/admin/cmi5/launches', headers, payload: body });
      const fetchToken = (launch: Cmi5Launch) => app.inject({ method: 'POST', url: new URL(launch.fetch).pathname });
      const xapi = (token: string, url: string, query: Record<string, string>) =>
        app.inject({ url, query, headers: { authorization: `Basic ${token}`, 'x-experience-api-version': '1.0.3' } });

      it('prepares a launch: its URL carries the five cmi5 parameters, LaunchData and launched are at the LRS, the token works once', async () => {
        const response = await prepare({
          courseId: 'mini',
          username: 'E9101',
          launchMode: 'Browse',
          returnURL: 'https://lms.test/back',
        });
        expect(response.statusCode).toBe(200);
        const answer = response.json<{ launchUrl: string; registration: string; sessionId: string; activityId: string }>();
        const url = new URL(answer.launchUrl);
        expect(url.searchParams.get('course')).toBe('mini');
        const launch = readCmi5Launch(url.searchParams) as Cmi5Launch;
        expect(launch).toMatchObject({
          endpoint: 'https://shixun.test/xapi/',
          registration: answer.registration,
          activityId: 'https://shixun.test/cmi5/courses/mini/au',
          actor: { account: { homePage: HOME, name: 'E9101' } },
        });

        const first = await fetchToken(launch);
        expect(first.statusCode).toBe(200);
        const token = first.json<{ 'auth-token': string }>()['auth-token'];
        expect(token).toMatch(/^[A-Za-z0-9+/=]+$/);
        // A second call (even from the same AU) never hands the token out again: error-code 1, status 200 (cmi5 spec 8.2.3).
        const second = await fetchToken(launch);
        expect(second.statusCode).toBe(200);
        expect(second.json()).toMatchObject({ 'error-code': '1' });
        expect(second.body).not.toContain(token);
        expect((await app.inject({ url: new URL(launch.fetch).pathname })).statusCode).toBe(405);

        const agent = JSON.stringify(launch.actor);
        const state = await xapi(token, '/xapi/activities/state', {
          stateId: 'LMS.LaunchData',
          activityId: launch.activityId,
          agent,
          registration: launch.registration,
        });
        expect(state.statusCode).toBe(200);
        const launchData = readLaunchData(state.json());
        expect(launchData).toMatchObject({
          launchMode: 'Browse',
          moveOn: 'CompletedAndPassed',
          masteryScore: 0.7,
          returnURL: 'https://lms.test/back',
          contextTemplate: { extensions: { [CMI5_EXTENSIONS.sessionId]: answer.sessionId } },
        });

        const statements = await xapi(token, '/xapi/statements', { registration: launch.registration, agent });
        expect(statements.statusCode).toBe(200);
        const stored = statements.json<{
          statements: Array<{ verb: { id: string }; context: { extensions: Record<string, unknown> } }>;
        }>().statements;
        expect(stored.map((s) => s.verb.id)).toEqual([CMI5_VERBS.launched]);
        expect(stored[0]!.context.extensions).toMatchObject({
          [CMI5_EXTENSIONS.sessionId]: answer.sessionId,
          [CMI5_EXTENSIONS.launchMode]: 'Browse',
          [CMI5_EXTENSIONS.moveOn]: 'CompletedAndPassed',
        });
      });

      it('answers an unknown fetch id with the error code, and two fetches at once hand out one token', async () => {
        const unknown = await app.inject({ method: 'POST', url: '/api/v1/cmi5/fetch/00000000-0000-4000-8000-000000000000' });
        expect(unknown.statusCode).toBe(200);
        expect(unknown.json()).toMatchObject({ 'error-code': '1' });
        const launch = readCmi5Launch(
          new URL((await prepare({ courseId: 'mini', username: 'E9101' })).json<{ launchUrl: string }>().launchUrl).searchParams,
        ) as Cmi5Launch;
        const answers = await Promise.all([fetchToken(launch), fetchToken(launch), fetchToken(launch)]);
        expect(answers.filter((a) => 'auth-token' in a.json<object>())).toHaveLength(1);
      });

      it('keeps the LMS.LaunchData a course gives by default and the masteryScore an admin sets', async () => {
        const launchUrl = (await prepare({ courseId: 'mini', username: 'E9101', masteryScore: 0.9 })).json<{
          launchUrl: string;
        }>().launchUrl;
        const launch = readCmi5Launch(new URL(launchUrl).searchParams) as Cmi5Launch;
        const token = (await fetchToken(launch)).json<{ 'auth-token': string }>()['auth-token'];
        const state = await xapi(token, '/xapi/activities/state', {
          stateId: 'LMS.LaunchData',
          activityId: launch.activityId,
          agent: JSON.stringify(launch.actor),
          registration: launch.registration,
        });
        expect(readLaunchData(state.json())).toMatchObject({ launchMode: 'Normal', masteryScore: 0.9 });
      });

      it("gives a token that speaks for the launch's learner only: never another's records, never as another", async () => {
        await addUser(database, 'E9102', 'learner-pass-9102');
        const launchUrl = (await prepare({ courseId: 'mini', username: 'E9101' })).json<{ launchUrl: string }>().launchUrl;
        const launch = readCmi5Launch(new URL(launchUrl).searchParams) as Cmi5Launch;
        const token = (await fetchToken(launch)).json<{ 'auth-token': string }>()['auth-token'];
        const headers = { authorization: `Basic ${token}`, 'x-experience-api-version': '1.0.3' };
        const other = { objectType: 'Agent', account: { homePage: HOME, name: 'E9102' } };
        const statement = (actor: object) => ({
          actor,
          verb: { id: CMI5_VERBS.initialized, display: { 'en-US': 'initialized' } },
          object: { objectType: 'Activity', id: launch.activityId },
          context: { registration: launch.registration },
        });
        const post = (body: object) =>
          app.inject({
            method: 'POST',
            url: '/xapi/statements',
            headers: { ...headers, 'content-type': 'application/json' },
            payload: body,
          });
        expect((await post(statement(launch.actor))).statusCode).toBe(200);
        expect((await post(statement(other))).statusCode).toBe(403);
        // Everyone's statements, or another learner's, or their state: refused.
        expect((await xapi(token, '/xapi/statements', {})).statusCode).toBe(403);
        expect((await xapi(token, '/xapi/statements', { agent: JSON.stringify(other) })).statusCode).toBe(403);
        const state = { stateId: 'LMS.LaunchData', activityId: launch.activityId, registration: launch.registration };
        expect((await xapi(token, '/xapi/activities/state', { ...state, agent: JSON.stringify(other) })).statusCode).toBe(403);
        expect((await xapi(token, '/xapi/activities/state', { ...state, agent: JSON.stringify(launch.actor) })).statusCode).toBe(
          200,
        );
        expect((await xapi(token, '/xapi/statements', { agent: JSON.stringify(launch.actor) })).statusCode).toBe(200);
      });

      it.each([
        ['an unknown course', { courseId: 'nope', username: 'E9101' }, 404, 'No course "nope"'],
        ['an unknown learner', { courseId: 'mini', username: 'nobody' }, 400, 'No active user "nobody"'],
        ['a wrong launchMode', { courseId: 'mini', username: 'E9101', launchMode: 'Preview' }, 400, 'launchMode must be one of'],
        ['a masteryScore above 1', { courseId: 'mini', username: 'E9101', masteryScore: 80 }, 400, 'masteryScore must be'],
        [
          'a script returnURL',
          { courseId: 'mini', username: 'E9101', returnURL: 'javascript:alert(1)' },
          400,
          'returnURL must be',
        ],
      ])('refuses %s with a reason', async (_name, body, status, reason) => {
        const response = await prepare(body);
        expect(response.statusCode).toBe(status);
        expect(response.json<{ message: string }>().message).toContain(reason);
      });

      it('prepares launches for admins only', async () => {
        expect((await prepare({ courseId: 'mini', username: 'E9101' }, learner)).statusCode).toBe(403);
      });
    });
  });
}
