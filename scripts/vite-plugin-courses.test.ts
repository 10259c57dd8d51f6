// The course plugin's modules: each course's public chunk holds the public view (no answer keys),
// the practice chunk the course without the versions only assessments draw, and the catalog a
// loader for each.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../src/course/node/load-courses.ts';
import { toPracticeCourse } from '../src/engine/draw.ts';
import { toPublicCourse } from '../src/engine/public-view.ts';
import { coursesPlugin } from './vite-plugin-courses.ts';

const root = resolve(import.meta.dirname, '..');
const plugin = coursesPlugin(root);
const courses = loadCourses(resolve(root, 'courses'), root).courses;

type Hook = (this: unknown, id: string) => unknown;
const hook = (h: unknown): Hook => (typeof h === 'function' ? h : (h as { handler: Hook }).handler) as Hook;
const resolveId = (id: string) => hook(plugin.resolveId).call({}, id) as string | null;
const load = (id: string) => hook(plugin.load).call({ addWatchFile: () => undefined }, id) as string;
/** The module's default export: the code is `export default JSON.parse("…")`. */
const exported = (code: string): unknown =>
  JSON.parse(JSON.parse(/^export default JSON\.parse\((.*)\);\s*$/s.exec(code)![1]!) as string);

describe('courses plugin', () => {
  it('resolves a public and a full module per course, to ids named after their chunks', () => {
    expect(resolveId('virtual:shixun/course/data-security')).toBe('\0virtual:shixun/course-public-data-security');
    expect(resolveId('virtual:shixun/course-full/data-security')).toBe('\0virtual:shixun/course-full-data-security');
    expect(resolveId('./elsewhere.ts')).toBeNull();
  });

  for (const { id, course } of courses) {
    it(`${id}: the public chunk is the public view, with no answer keys; the full chunk is the course`, () => {
      const publicCode = load(resolveId(`virtual:shixun/course/${id}`)!);
      expect(exported(publicCode)).toEqual(toPublicCourse(course));
      for (const key of ['feedback', 'points', 'hazard', 'explanation', 'notes'])
        expect(publicCode).not.toContain(`\\"${key}\\":`);
      const fullCode = load(resolveId(`virtual:shixun/course-full/${id}`)!);
      expect(exported(fullCode)).toEqual(JSON.parse(JSON.stringify(toPracticeCourse(course))));
      expect(fullCode).toContain('\\"feedback\\":');
      // The versions an assessment may draw instead of a step's own question: their options (and
      // so their keys and feedback) are in no chunk the browser can load for practice.
      const variants = course.scenes.flatMap((scene) =>
        scene.steps.flatMap((step) => (step.type === 'choice' ? (step.variants ?? []) : [])),
      );
      for (const variant of variants)
        for (const option of variant.options) expect(fullCode).not.toContain(`\\"id\\":\\"${option.id}\\"`);
      if (variants.length > 0) expect(fullCode).not.toContain('\\"variants\\":');
    });
  }

  it('lists a public and a full loader for every course in the catalog', () => {
    const code = load('\0virtual:shixun/catalog');
    for (const { id } of courses) {
      expect(code).toContain(`import("virtual:shixun/course/${id}")`);
      expect(code).toContain(`import("virtual:shixun/course-full/${id}")`);
    }
    expect(code).toMatch(/export const publicCourseLoaders = \{/);
    expect(code).toMatch(/export const fullCourseLoaders = \{/);
  });

  it('leaves the course of joint exercises out of the catalog until the exercise lobby can start it', () => {
    const code = load('\0virtual:shixun/catalog');
    expect(code).not.toContain('joint-exercises');
    expect(courses.map((c) => c.id)).not.toContain('joint-exercises');
  });
});
