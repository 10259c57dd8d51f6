// A standing in words, the same on the promotion report and on a learner's own pages: each
// status with a mark (✓ / ×) so it never rests on colour, and scores as whole percentages.
import type { MyCourseStanding } from '../contracts/my-standing-types.ts';
import type { Locale } from '../course/schema.ts';
import type { StandingStatus } from '../policy/standing.ts';
import type { UiKey } from '../i18n/strings.ts';

type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

export const percent = (scaled: number): number => Math.round(scaled * 100);

/** One standing status in words. */
export function statusWords(
  status: StandingStatus,
  t: Translate,
  courseTitle: (courseId: string) => string,
  lang: Locale = 'zh-CN',
): string {
  switch (status.kind) {
    case 'meets':
      return t('console_meets');
    case 'short-hours':
      return t('console_shortHours', { hours: status.hours });
    case 'missing-course':
      return t('console_missingCourse', { course: courseTitle(status.courseId) });
    case 'below-minimum-score':
      return t(status.passed ? 'console_belowMinimum' : 'console_belowMinimumFailed', {
        course: courseTitle(status.courseId),
        score: percent(status.scaled),
        minimum: percent(status.minimum),
      });
    case 'expired-course':
      return t('console_expiredCourse', { course: courseTitle(status.courseId), date: status.expiredOn });
    case 'missing-exercises':
      return t('console_missingExercises', { rule: status.label[lang], done: status.done, required: status.required });
  }
}

/** A course's progress in words: passed (it counts), not passed yet, or not taken. */
export function courseProgressWords(course: Pick<MyCourseStanding, 'completed' | 'counted'>, t: Translate): string {
  if (course.completed) return t('standing_passed');
  return course.counted === null ? t('standing_notStarted') : t('standing_notYet');
}
