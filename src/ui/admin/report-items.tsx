// Item analysis: every graded step with its difficulty and discrimination, the questions that
// misfire first, each flagged in words ("review this question" and why), not by colour.
import { useId } from 'react';
import type { ReportAnalytics } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import type { UiKey } from '../../i18n/strings.ts';
import { courseTitle } from './course-titles.ts';
import { reviewReasons, sortItems, type ReviewReason } from './report-model.ts';
import { TableScroll } from './table-scroll.tsx';

const REASON_KEYS: Record<ReviewReason, UiKey> = {
  'too-easy': 'console_reviewTooEasy',
  'too-hard': 'console_reviewTooHard',
  'low-discrimination': 'console_reviewLowDiscrimination',
};

export function ItemAnalysis({ analytics, id }: { analytics: ReportAnalytics; id: string }) {
  const { t, l, locale } = useT();
  const titleId = useId();
  const items = sortItems(analytics.items);
  const review = items.filter((item) => reviewReasons(item).length > 0).length;
  return (
    <section className="item-analysis" id={id} aria-labelledby={titleId} tabIndex={-1}>
      <h2 id={titleId}>{t('console_items')}</h2>
      <p className="hint">{t('console_itemsIntro')}</p>
      {items.length === 0 ? (
        <p>{t('console_noData')}</p>
      ) : (
        <TableScroll label={t('console_items')}>
          <table className="data-table item-table">
            <caption>{t('console_itemsCaption', { count: items.length, review })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console_colQuestion')}</th>
                <th scope="col">{t('console_colCourse')}</th>
                <th scope="col">{t('console_colScene')}</th>
                <th scope="col">{t('console_colAttempts')}</th>
                <th scope="col">{t('console_colDifficulty')}</th>
                <th scope="col">{t('console_colDiscrimination')}</th>
                <th scope="col">{t('console_colReview')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const reasons = reviewReasons(item);
                return (
                  <tr
                    key={`${item.courseId}/${item.courseVersion}/${item.sceneId}/${item.stepId}`}
                    data-course={item.courseId}
                    data-step={item.stepId}
                    data-review={reasons.length > 0}
                  >
                    <th scope="row">{l(item.title)}</th>
                    <td>
                      {courseTitle(item.courseId, locale)} <span className="version">v{item.courseVersion}</span>
                    </td>
                    <td>
                      <code>
                        {item.sceneId} / {item.stepId}
                      </code>
                    </td>
                    <td>{item.attempts}</td>
                    <td>{item.difficulty.toFixed(2)}</td>
                    <td>{item.discrimination === null ? t('console_tooFewAttempts') : item.discrimination.toFixed(2)}</td>
                    <td className={reasons.length > 0 ? 'review-flag' : undefined}>
                      {reasons.length > 0 ? (
                        <>
                          <strong>{t('console_reviewThis')}</strong>
                          {t('console_reviewReasons', {
                            reasons: reasons.map((reason) => t(REASON_KEYS[reason])).join(locale === 'en' ? '; ' : '；'),
                          })}
                        </>
                      ) : item.discrimination === null ? (
                        t('console_tooFewToJudge')
                      ) : (
                        t('console_reviewOk')
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
