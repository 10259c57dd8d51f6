// The report's learners, one page of rows at a time (a 10,000-learner report never puts more than
// LEARNERS_PER_PAGE rows in the DOM), with a search and a sort on every column (buttons in sticky
// headers, aria-sort on the sorted one). A name leads to that learner's attempts; a course score
// leads to the attempt that counts; a course's header gives its one pass mark, and ranks read as
// the policy labels them in the page's language.
import { useId, useMemo, useState, type ReactNode } from 'react';
import { followLink } from '../../client/route.ts';
import type { ReportLearner } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { consoleHref } from './admin-nav.tsx';
import type { Policy } from '../../policy/schema.ts';
import { CATALOG_ORDER, courseMastery, courseTitle } from './course-titles.ts';
import {
  coursePassMark,
  departmentLabel,
  nextSort,
  rankLabel,
  sortLearnerRows,
  type LearnerSort,
  type LearnerSortKey,
} from './learner-sort.ts';
import { courseColumns, pageOf, percent, searchLearners, statusWords } from './report-model.ts';
import { TableScroll } from './table-scroll.tsx';

export function LearnersTable({ learners, policy }: { learners: readonly ReportLearner[]; policy: Policy | null }) {
  const { t, locale } = useT();
  const id = useId();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<LearnerSort | null>(null);
  const matching = useMemo(() => sortLearnerRows(searchLearners(learners, search), sort), [learners, search, sort]);
  const columns = useMemo(() => courseColumns(learners, CATALOG_ORDER), [learners]);
  const shown = pageOf(matching, page);
  const course = (courseId: string) => courseTitle(courseId, locale);
  const rank = (name: string) => rankLabel(policy, name, locale);
  const department = (name: string) => departmentLabel(policy, name, locale);
  const header = (key: LearnerSortKey, label: ReactNode, extra: Record<string, string> = {}) => (
    <th scope="col" key={key} aria-sort={sort?.key === key ? sort.direction : undefined} {...extra}>
      <button
        type="button"
        className="sort-button"
        data-sort={key}
        onClick={() => {
          setSort(nextSort(sort, key));
          setPage(1);
        }}
      >
        {label}
        <span aria-hidden="true" className="sort-mark">
          {sort?.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );

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
          <TableScroll label={t('console_learners')} className="learner-table-scroll">
            <table className="data-table learner-table">
              <caption>{t('console_learnersCaption', { from: shown.from, to: shown.to, total: shown.total })}</caption>
              <thead>
                <tr>
                  {header('name', t('console_colName'))}
                  {header('employeeId', t('console_colEmployeeId'))}
                  {header('department', t('console_colDepartment'))}
                  {header('rank', t('console_colRank'))}
                  {header('hours', t('console_colHours'))}
                  {header('status', t('console_colStatus'))}
                  {columns.map((courseId) => {
                    const mark = coursePassMark(policy, courseId, courseMastery(courseId));
                    return header(
                      `course:${courseId}`,
                      <>
                        {course(courseId)}
                        {mark === null ? null : (
                          <span className="pass-mark-note" data-pass-mark={mark}>
                            {' '}
                            {t('console_passMark', { percent: percent(mark) })}
                          </span>
                        )}
                      </>,
                      { 'data-course': courseId },
                    );
                  })}
                  <th scope="col">{t('console_colExercises')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.rows.map((learner) => (
                  <LearnerRow
                    key={learner.username}
                    learner={learner}
                    columns={columns}
                    course={course}
                    rank={rank}
                    department={department}
                  />
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
  rank,
  department,
}: {
  learner: ReportLearner;
  columns: readonly string[];
  course: (courseId: string) => string;
  rank: (name: string) => string;
  department: (name: string) => string;
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
      <td>{learner.department === null ? '' : department(learner.department)}</td>
      <td data-cell="rank" data-rank={learner.rank ?? ''}>
        {learner.rank === null ? '' : rank(learner.rank)}
      </td>
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
