// The course list and the public views, on every database: what a browser may hold during an
// assessment (no answer keys, points, feedback or explanations), cached by ETag.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/course/node/load-courses.ts';
import { toPublicCourse } from '../../src/engine/public-view.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { CourseCatalog } from './course-catalog.ts';
import { buildGradingApp, getAs, miniCourse, miniCoursesDir, startGradingApp } from './test-support/grading-test-app.ts';
import type { GradingTestApp } from './test-support/grading-test-app.ts';

const REAL_COURSES = fileURLToPath(new URL('../../courses', import.meta.url));
/** Keys that only the full course has: answers, points, feedback, trainer notes. */
const SECRET_KEYS = [
  'points',
  'feedback',
  'correct',
  'hazard',
  'bin',
  'explanation',
  'partial',
  'findPoints',
  'penalty',
  'notes',
  'sources',
];

/** Every feedback, explanation and note text of a course, in both languages. */
function secretTexts(value: unknown, key = '', out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) secretTexts(item, key, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value))
      secretTexts(item, ['feedback', 'explanation', 'notes'].includes(name) ? name : key, out);
  } else if (typeof value === 'string' && key !== '') out.push(value);
  return out;
}

function expectNoAnswerKeys(json: string, full: unknown): void {
  // As keys: a value may say "bin" (the waste-bin prop) without giving anything away.
  for (const secret of SECRET_KEYS) expect(json.includes(`"${secret}":`), `field "${secret}" leaked`).toBe(false);
  const texts = secretTexts(full);
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts)
    expect(json.includes(JSON.stringify(text).slice(1, -1)), `feedback or explanation "${text}" leaked`).toBe(false);
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`courses API on ${variant.name}`, () => {
    let grading: GradingTestApp;
    beforeAll(async () => {
      grading = await startGradingApp(variant);
    });
    afterAll(async () => {
      await grading?.close();
    });

    it('lists the loaded courses with what the catalog shows, signed in or not', async () => {
      const res = await getAs(grading.app, '/api/v1/courses', null);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        courses: [
          {
            id: 'mini',
            version: '1.0.0',
            domain: 'data-security',
            title: miniCourse().title,
            summary: miniCourse().summary,
            creditHours: 1,
            estimatedMinutes: 10,
            masteryScore: 0.7,
            sceneCount: 2,
            maxScore: 22,
            timedSteps: false,
          },
        ],
      });
    });

    it('serves the public view without answer keys, with an ETag and no-cache', async () => {
      const res = await getAs(grading.app, '/api/v1/courses/mini/public');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers.etag).toMatch(/^"1\.0\.0-[\w-]+"$/);
      expect(res.json()).toEqual(JSON.parse(JSON.stringify(toPublicCourse(miniCourse()))));
      expectNoAnswerKeys(res.body, miniCourse());
      expect(res.body).not.toContain('The screen is unlocked');
      expect(res.body).not.toContain('屏幕未锁定');

      const again = await grading.app.inject({
        method: 'GET',
        url: '/api/v1/courses/mini/public',
        headers: { 'if-none-match': `"other", ${String(res.headers.etag)}` },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const stale = await grading.app.inject({
        method: 'GET',
        url: '/api/v1/courses/mini/public',
        headers: { 'if-none-match': '"1.0.0-stale"' },
      });
      expect(stale.statusCode).toBe(200);
    });

    it('answers an unknown course with 404 and the known ids', async () => {
      const res = await getAs(grading.app, '/api/v1/courses/nope/public');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'There is no course "nope" on this server. Known courses: mini.',
      });
    });

    it('serves every real course without answer keys', async () => {
      const app = await buildGradingApp(grading.database, { coursesDir: REAL_COURSES });
      try {
        const report = loadCourses(REAL_COURSES);
        const list = (await getAs(app, '/api/v1/courses')).json<{ courses: Array<{ id: string }> }>();
        expect(list.courses.map((course) => course.id)).toEqual(report.courses.map((loaded) => loaded.id));
        expect(list.courses.length).toBeGreaterThanOrEqual(3);
        // A course of joint exercises is not a solo course a learner can start.
        expect(list.courses.map((course) => course.id)).not.toContain('joint-exercises');
        expect((await getAs(app, '/api/v1/courses/joint-exercises/public')).statusCode).toBe(404);
        for (const { id, course } of report.courses) {
          const res = await getAs(app, `/api/v1/courses/${id}/public`);
          expect(res.statusCode).toBe(200);
          expectNoAnswerKeys(res.body, course);
        }
      } finally {
        await app.close();
      }
    });
  });
}

describe('course catalog', () => {
  it("refuses to start when a course is invalid, with the loader's file and field messages", async () => {
    const courses = miniCoursesDir();
    try {
      mkdirSync(path.join(courses.dir, 'broken'));
      writeFileSync(path.join(courses.dir, 'broken', 'course.yaml'), 'schemaVersion: 1\nid: broken\n');
      expect(() => CourseCatalog.load(courses.dir)).toThrow(/have problems.*\n.*broken[\\/]course\.yaml: /);
      const variant = TEST_DATABASES[0]!;
      const database = await variant.open();
      try {
        await expect(buildGradingApp(database, { coursesDir: courses.dir })).rejects.toThrow(/broken[\\/]course\.yaml/);
      } finally {
        await database.dispose();
      }
    } finally {
      courses.remove();
    }
  });

  it('refuses to start without a courses folder', () => {
    expect(() => CourseCatalog.load('/nonexistent/shixun-courses')).toThrow(/the courses folder does not exist/);
  });
});
