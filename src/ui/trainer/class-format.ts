// Small formatting shared by the trainer pages: times in the page's language, course titles.
import { catalog } from 'virtual:shixun/catalog';
import type { Locale } from '../../course/schema.ts';

export function formatTime(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

export function formatDateTime(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleString(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** The course's title from the app's catalog, or its id when the app does not know it. */
export function courseTitle(courseId: string, locale: Locale): string {
  return catalog.find((course) => course.id === courseId)?.title[locale] ?? courseId;
}
