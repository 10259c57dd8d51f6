// Course names for the console from the build's catalog; a course the catalog no longer lists
// (retired since the result was earned) shows its id.
import { catalog } from 'virtual:shixun/catalog';
import type { Locale } from '../../course/schema.ts';

const titles = new Map(catalog.map((entry) => [entry.id, entry.title]));

/** The catalog's course ids in its order: the learners table's score columns follow it. */
export const CATALOG_ORDER: readonly string[] = catalog.map((entry) => entry.id);

export function courseTitle(courseId: string, locale: Locale): string {
  return titles.get(courseId)?.[locale] ?? courseId;
}

const masteries = new Map(catalog.map((entry) => [entry.id, entry.masteryScore]));

/** The course's own pass mark from the catalog (undefined for a course it no longer lists). */
export function courseMastery(courseId: string): number | undefined {
  return masteries.get(courseId);
}
