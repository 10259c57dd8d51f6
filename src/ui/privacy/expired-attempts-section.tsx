// My records: the assessments left open past their time limit. Each counts as failed and as a
// start, and the page says so beside it, with what its answered steps earned.
import { useId } from 'react';
import type { MyExpiredAttempt } from '../../contracts/privacy-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { formatDateTime } from '../../i18n/dates.ts';

export function ExpiredAttemptsSection({
  expired,
  courseTitle,
}: {
  expired: readonly MyExpiredAttempt[];
  courseTitle: (courseId: string) => string;
}) {
  const { t, locale } = useT();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-expired`}>
      <h2 id={`${id}-expired`}>{t('privacy_expiredTitle')}</h2>
      {expired.length === 0 ? (
        <p>{t('privacy_noExpired')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table records-expired">
            <caption>{t('privacy_expiredCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('privacy_course')}</th>
                <th scope="col">{t('privacy_started')}</th>
                <th scope="col">{t('privacy_expiredAt')}</th>
                <th scope="col">{t('privacy_score')}</th>
                <th scope="col">{t('privacy_result')}</th>
              </tr>
            </thead>
            <tbody>
              {expired.map((attempt) => (
                <tr key={attempt.attemptId} data-attempt={attempt.attemptId}>
                  <th scope="row">{courseTitle(attempt.courseId)}</th>
                  <td>{formatDateTime(attempt.started, locale)}</td>
                  <td>{formatDateTime(attempt.expiredAt, locale)}</td>
                  <td>{attempt.score === null || attempt.max === null ? '—' : `${attempt.score} / ${attempt.max}`}</td>
                  <td className="expired-reason">{t('privacy_expiredReason')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
