// Types of the modules the course plugin (scripts/vite-plugin-courses.ts) generates.
declare module 'virtual:shixun/catalog' {
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
  export const courseLoaders: Readonly<Record<string, () => Promise<Course>>>;
}
