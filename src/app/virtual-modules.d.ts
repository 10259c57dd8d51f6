// Types of the modules the course plugin (scripts/vite-plugin-courses.ts) generates.
declare module 'virtual:shixun/catalog' {
  import type { PublicCourse } from '../course/public-view.ts';
  import type { Course, Localized } from '../course/schema.ts';
  export interface CatalogEntry {
    readonly id: string;
    readonly version: string;
    readonly domain: Course['domain'];
    readonly title: Localized;
    readonly summary: Localized;
    readonly creditHours: number;
    readonly estimatedMinutes: number;
    readonly masteryScore: number;
    readonly sceneCount: number;
    readonly maxScore: number;
  }
  export const catalog: readonly CatalogEntry[];
  /** Each course's public view (no answer keys): what an assessment loads. */
  export const publicCourseLoaders: Readonly<Record<string, () => Promise<PublicCourse>>>;
  /** Each full course, answer keys included: loaded for practice only (graded in the browser). */
  export const fullCourseLoaders: Readonly<Record<string, () => Promise<Course>>>;
}
