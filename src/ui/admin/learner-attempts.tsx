// One learner's assessment attempts (GET /api/v1/results?user=), newest first, each leading to
// its attempt page: the step between a report row and an adjustment.
import { followLink } from '../../client/route.ts';
import { useT } from '../../i18n/i18n.ts';
import { consoleHref } from './admin-nav.tsx';
import { courseTitle } from './course-titles.ts';
import { formatDateTime } from './format.ts';
import { percent } from './report-model.ts';
import { shown, useApi } from './use-api.ts';
import { NotLoaded } from './load-state.tsx';
import { TableScroll } from './table-scroll.tsx';

export function LearnerAttempts({ username }: { username: string }) {
  const { t, locale } = useT();
  const { state, reload } = useApi('results.list', { query: { user: username } });
  const results = shown(state)?.results ?? null;
  if (results === null) {
    return <NotLoaded state={state} onRetry={reload} />;
  }
  if (results.length === 0) return <p>{t('console_noAttempts')}</p>;
  return (
    <TableScroll label={t('console_attemptsCaption', { username })}>
      <table className="data-table learner-attempts">
        <caption>{t('console_attemptsCaption', { username })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console_colCourse')}</th>
            <th scope="col">{t('console_courseVersion')}</th>
            <th scope="col">{t('console_colFinished')}</th>
            <th scope="col">{t('console_colScore')}</th>
            <th scope="col">{t('console_colResult')}</th>
            <th scope="col">{t('console_colAttempt')}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((attempt) => {
            const official = attempt.official;
            const when = official ? formatDateTime(official.finishedAt, locale) : t('console_inProgress');
            const course = courseTitle(attempt.courseId, locale);
            return (
              <tr key={attempt.attemptId} data-attempt={attempt.attemptId}>
                <th scope="row">{course}</th>
                <td>{attempt.courseVersion}</td>
                <td>{when}</td>
                <td>{official ? `${official.score} / ${official.max} (${percent(official.scaled)}%)` : '—'}</td>
                <td>{official ? t(official.passed ? 'console_passed' : 'console_failed') : t('console_inProgress')}</td>
                <td>
                  <a
                    href={consoleHref({ page: 'admin-attempt', attempt: attempt.attemptId })}
                    onClick={followLink}
                    aria-label={t('console_openAttempt', { course, when })}
                  >
                    {t('console_open')}
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
