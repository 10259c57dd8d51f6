// The report's learners, one page of rows at a time (a 10,000-learner report never puts more than
// LEARNERS_PER_PAGE rows in the DOM), with a search. A name leads to that learner's attempts; a
// course score leads to the attempt that counts.
import { useId, useMemo, useState } from 'react';
import { followLink } from '../../client/route.ts';
import type { ReportLearner } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { consoleHref } from './admin-nav.tsx';
import { CATALOG_ORDER, courseTitle } from './course-titles.ts';
import { courseColumns, pageOf, percent, searchLearners, statusWords } from './report-model.ts';
import { TableScroll } from './table-scroll.tsx';

export function LearnersTable({ learners }: { learners: readonly ReportLearner[] }) {
  const { t, locale } = useT();
  const id = useId();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const matching = useMemo(() => searchLearners(learners, search), [learners, search]);
  const columns = useMemo(() => courseColumns(learners, CATALOG_ORDER), [learners]);
  const shown = pageOf(matching, page);
  const course = (courseId: string) => courseTitle(courseId, locale);

  const pager =
    shown.pages > 1 ? (
      <nav className="pager" aria-label={t('console_pagination')}>
        <button type="button" disabled={shown.page <= 1} onClick={() => setPage(shown.page - 1)}>
          {t('console_prevPage')}
        </button>
        <span>{t('console_pageOf', { page: shown.page, pages: shown.pages })}</span>
        <button type="button" disabled={shown.page >= shown.pages} onClick={() => setPage(shown.page + 1)}>
          {t('console_nextPage')}
        </button>
      </nav>
    ) : null;

  return (
    <section className="report-learners" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_learners')}</h2>
      <div className="form-field learner-search">
        <label htmlFor={`${id}-search`}>{t('console_search')}</label>
        <input
          id={`${id}-search`}
          type="search"
          autoComplete="off"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage(1);
          }}
        />
      </div>
      {shown.total === 0 ? (
        <p>{t('console_noLearners')}</p>
      ) : (
        <>
          <TableScroll label={t('console_learners')}>
            <table className="data-table learner-table">
              <caption>{t('console_learnersCaption', { from: shown.from, to: shown.to, total: shown.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console_colName')}</th>
                  <th scope="col">{t('console_colEmployeeId')}</th>
                  <th scope="col">{t('console_colDepartment')}</th>
                  <th scope="col">{t('console_colRank')}</th>
                  <th scope="col">{t('console_colHours')}</th>
                  <th scope="col">{t('console_colStatus')}</th>
                  {columns.map((courseId) => (
                    <th scope="col" key={courseId} data-course={courseId}>
                      {course(courseId)}
                    </th>
                  ))}
                  <th scope="col">{t('console_colExercises')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.rows.map((learner) => (
                  <LearnerRow key={learner.username} learner={learner} columns={columns} course={course} />
                ))}
              </tbody>
            </table>
          </TableScroll>
          {pager}
        </>
      )}
    </section>
  );
}

function LearnerRow({
  learner,
  columns,
  course,
}: {
  learner: ReportLearner;
  columns: readonly string[];
  course: (courseId: string) => string;
}) {
  const { t, locale } = useT();
  const { standing } = learner;
  const exercises = standing.exercises;
  const byCourse = new Map(standing.courses.map((c) => [c.courseId, c]));
  return (
    <tr data-username={learner.username} data-meets={standing.meets}>
      <th scope="row">
        <a
          href={consoleHref({ page: 'admin-attempt', user: learner.username })}
          onClick={followLink}
          aria-label={t('console_viewAttempts', { name: learner.name })}
        >
          {learner.name}
        </a>
      </th>
      <td>{learner.employeeId ?? ''}</td>
      <td>{learner.department ?? ''}</td>
      <td>{learner.rank ?? ''}</td>
      <td data-cell="hours">{t('console_hours', { earned: standing.earnedHours, required: standing.requiredHours })}</td>
      <td data-cell="status">
        {standing.statuses.length === 1 ? (
          statusWords(standing.statuses[0]!, t, course, locale)
        ) : (
          <ul className="status-list">
            {standing.statuses.map((status, index) => (
              <li key={index}>{statusWords(status, t, course, locale)}</li>
            ))}
          </ul>
        )}
        {learner.ledgerIssues.length === 0 ? null : (
          <span
            className="ledger-issue"
            data-ledger-issue={learner.ledgerIssues.map((issue) => issue.kind).join(' ')}
            title={learner.ledgerIssues.map((issue) => issue.detail).join('\n')}
          >
            {' '}
            {t('console_ledgerIssue')}
          </span>
        )}
      </td>
      {columns.map((courseId) => {
        const standingOf = byCourse.get(courseId);
        const counted = standingOf?.counted ?? null;
        return (
          <td key={courseId} data-course={courseId}>
            {counted && standingOf ? (
              <a href={consoleHref({ page: 'admin-attempt', attempt: counted.attemptId })} onClick={followLink}>
                {percent(counted.scaled)}%<span aria-hidden="true">{standingOf.completed ? ' ✓' : ' ×'}</span>
                <span className="visually-hidden">
                  {t(standingOf.completed ? 'console_scoreCountsSr' : 'console_scoreNotCountedSr')}
                </span>
              </a>
            ) : (
              <>
                <span aria-hidden="true">{t('console_noAttempt')}</span>
                <span className="visually-hidden">{t('console_noAttemptSr')}</span>
              </>
            )}
          </td>
        );
      })}
      <td data-cell="exercises" data-exercises-met={exercises.required.length === 0 ? undefined : exercises.met}>
        {t('console_exercisesCount', { count: exercises.count })}
        {exercises.required.length === 0 ? null : <> {t(exercises.met ? 'console_exercisesMet' : 'console_exercisesShort')}</>}
      </td>
    </tr>
  );
}
