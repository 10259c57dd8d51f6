// Types of the modules the course plugin (scripts/vite-plugin-courses.ts) generates.
declare module 'virtual:shixun/catalog' {
  import type { PublicCourse } from '../engine/public-view.ts';
  import type { Course } from '../course/schema.ts';
  import type { CourseSummary } from '../course/summary.ts';
  export type CatalogEntry = CourseSummary;
  export const catalog: readonly CatalogEntry[];
  /** Each course's public view (no answer keys): what an assessment loads. */
  export const publicCourseLoaders: Readonly<Record<string, () => Promise<PublicCourse>>>;
  /** Each full course, answer keys included: loaded for practice only (graded in the browser). */
  export const fullCourseLoaders: Readonly<Record<string, () => Promise<Course>>>;
}
