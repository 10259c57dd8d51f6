// Small formatting shared by the trainer pages: times in the page's language, course titles.
import { catalog } from 'virtual:shixun/catalog';
import type { Locale } from '../../course/schema.ts';
import { formatClockSeconds } from '../../i18n/dates.ts';

/** A clock time with seconds, the app's one format (src/i18n/dates.ts). */
export const formatTime = (iso: string, locale: Locale): string => formatClockSeconds(iso, locale);

export { formatDateTime } from '../../i18n/dates.ts';

/** The course's title from the app's catalog, or its id when the app does not know it. */
export function courseTitle(courseId: string, locale: Locale): string {
  return catalog.find((course) => course.id === courseId)?.title[locale] ?? courseId;
}
