// My training (?page=my-training): the signed-in learner's requirement for the period running
// now and how far they are, exactly as the promotion report counts it (GET /api/v1/me/standing):
// required hours and courses, hours earned, the status with every reason, what is due next, and
// per course the one pass mark, the counted result and the assessments left.
import { useId } from 'react';
import { currentPath, followLink, hrefFor } from '../client/route.ts';
import { useSession } from '../client/session.ts';
import type { MyCourseStanding, MyStanding } from '../contracts/my-standing-types.ts';
import { formatDate, formatDateTime } from '../i18n/dates.ts';
import { useT } from '../i18n/i18n.ts';
import { coursePath } from './catalog-page.tsx';
import { usePageTitle } from './page-title.ts';
import { courseProgressWords, percent, statusWords } from './standing-words.ts';
import { useMyStandingLoad } from './use-my-standing.ts';

export function MyTrainingPage() {
  const { t } = useT();
  const status = useSession((state) => state.status);
  const signedIn = useSession((state) => state.user !== null);
  const load = useMyStandingLoad();
  usePageTitle(t('training_title'));
  return (
    <main id="main" className="my-training" aria-busy={load.kind === 'loading'}>
      <h1>{t('training_title')}</h1>
      {!signedIn ? (
        status === 'loading' ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : (
          <p>
            {t('training_signInFirst')}{' '}
            <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
              {t('account_signIn')}
            </a>
          </p>
        )
      ) : load.kind === 'loaded' ? (
        <Standing standing={load.standing} />
      ) : load.kind === 'failed' ? (
        <p role="alert" className="form-error">
          {t('training_loadFailed', { message: load.message ?? t('signIn_offline') })}
        </p>
      ) : (
        <p>{t('loading')}</p>
      )}
    </main>
  );
}

function Standing({ standing }: { standing: MyStanding }) {
  const { t, l, locale } = useT();
  const id = useId();
  const title = (courseId: string) => {
    const course = standing.courses.find((c) => c.courseId === courseId);
    return course ? l(course.title) : courseId;
  };
  const end = formatDate(standing.period.end, locale);
  const { requiredHours, earnedHours, statuses, meets } = standing.standing;
  const due = standing.dueNext
    .map((courseId) => standing.courses.find((course) => course.courseId === courseId))
    .filter((course): course is MyCourseStanding => course !== undefined);
  return (
    <div data-meets={String(meets)} data-testid="my-standing">
      <p>
        {t('training_intro', {
          period: l(standing.period.label),
          start: formatDate(standing.period.start, locale),
          end,
          version: standing.policy.version,
        })}
      </p>
      {standing.ledgerIssues.length > 0 ? <p className="note">{t('training_ledgerIssue')}</p> : null}
      <section aria-labelledby={`${id}-summary`}>
        <h2 id={`${id}-summary`}>{t('training_summaryTitle')}</h2>
        <dl className="records-account">
          <div>
            <dt>{t('training_rank')}</dt>
            <dd>
              {standing.rank === null ? t('training_none') : standing.rank.label ? l(standing.rank.label) : standing.rank.name}
            </dd>
          </div>
          <div>
            <dt>{t('training_department')}</dt>
            <dd>{standing.departmentLabel ? l(standing.departmentLabel) : (standing.department ?? t('training_none'))}</dd>
          </div>
          <div>
            <dt>{t('training_requiredHours')}</dt>
            <dd data-testid="required-hours">{t('training_hours', { hours: requiredHours })}</dd>
          </div>
          <div>
            <dt>{t('training_earnedHours')}</dt>
            <dd data-testid="earned-hours">{t('training_hours', { hours: earnedHours })}</dd>
          </div>
          <div>
            <dt>{t('training_status')}</dt>
            <dd>
              <ul className="privacy-list" data-testid="standing-statuses">
                {statuses.map((status, index) => (
                  <li key={`${status.kind}-${index}`} data-kind={status.kind}>
                    {statusWords(status, t, title, locale)}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby={`${id}-due`}>
        <h2 id={`${id}-due`}>{t('training_dueTitle')}</h2>
        {due.length === 0 ? (
          <p>{t('training_dueNone')}</p>
        ) : (
          <ul className="privacy-list" data-testid="due-next">
            {due.map((course) => (
              <li key={course.courseId} data-course={course.courseId}>
                <a href={coursePath(course.courseId, 'assessment')} onClick={followLink}>
                  {t('training_dueLine', { course: l(course.title), percent: percent(course.passMark), end })}
                </a>
                {course.attemptsLeft.remaining === 0 && course.attemptsLeft.nextStartAt !== null
                  ? t('training_dueNoStarts', { date: formatDateTime(course.attemptsLeft.nextStartAt, locale) })
                  : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={`${id}-courses`}>
        <h2 id={`${id}-courses`}>{t('training_coursesTitle')}</h2>
        <div className="table-scroll">
          <table className="data-table my-training-courses">
            <caption>{t('training_coursesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('training_course')}</th>
                <th scope="col">{t('training_requirement')}</th>
                <th scope="col">{t('training_passMark')}</th>
                <th scope="col">{t('training_counted')}</th>
                <th scope="col">{t('training_progress')}</th>
                <th scope="col">{t('training_earnedHours')}</th>
                <th scope="col">{t('training_attemptsLeft')}</th>
              </tr>
            </thead>
            <tbody>
              {standing.courses.map((course) => (
                <tr key={course.courseId} data-course={course.courseId} data-completed={String(course.completed)}>
                  <th scope="row">{l(course.title)}</th>
                  <td>
                    {course.required
                      ? t('training_requiredBy', {
                          rules: course.requiredBy.map((label) => l(label)).join(t('training_listSeparator')),
                        })
                      : t('training_optional')}
                  </td>
                  <td data-testid="pass-mark">{percent(course.passMark)}%</td>
                  <td>{course.counted === null ? '—' : `${percent(course.counted.scaled)}%`}</td>
                  <td data-testid="progress">{courseProgressWords(course, t)}</td>
                  <td>{t('training_hours', { hours: course.hoursEarned })}</td>
                  <td data-testid="attempts-left" data-remaining={course.attemptsLeft.remaining}>
                    {t('training_attemptsLeftValue', {
                      remaining: course.attemptsLeft.remaining,
                      max: course.attemptsLeft.max,
                      days: course.attemptsLeft.periodDays,
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby={`${id}-results`}>
        <h2 id={`${id}-results`}>{t('training_resultsTitle')}</h2>
        {standing.results.length === 0 ? (
          <p>{t('training_noResults')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption>{t('training_resultsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('training_course')}</th>
                  <th scope="col">{t('training_finished')}</th>
                  <th scope="col">{t('training_score')}</th>
                  <th scope="col">{t('training_passMark')}</th>
                  <th scope="col">{t('training_counts')}</th>
                </tr>
              </thead>
              <tbody>
                {standing.results.map((result) => (
                  <tr key={result.attemptId} data-attempt={result.attemptId} data-counts={String(result.counts)}>
                    <th scope="row">{title(result.courseId)}</th>
                    <td>{formatDateTime(result.finishedAt, locale)}</td>
                    <td>{percent(result.scaled)}%</td>
                    <td>{percent(result.passMark)}%</td>
                    <td>{result.counts ? t('standing_counts') : t('standing_notCounted')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
