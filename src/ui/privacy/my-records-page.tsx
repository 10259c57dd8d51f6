// My records (?page=my-records): everything the platform holds about the signed-in person — account,
// official results with any corrections, assessments in progress and those that ran out of time
// (./expired-attempts-section.tsx), how many xAPI statements, notice
// confirmations and retention — with downloads of it all (JSON) and of the results (CSV).
import { useEffect, useId, useState } from 'react';
import { catalog } from 'virtual:shixun/catalog';
import { api, ApiError } from '../../client/api.ts';
import type { MyAccount, MyRecordsSummary, MyResult } from '../../contracts/privacy-types.ts';
import { currentPath, followLink, hrefFor } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import { useT } from '../../i18n/i18n.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { usePageTitle } from '../page-title.ts';
import { RetentionList } from '../privacy-notice-page.tsx';
import { ExpiredAttemptsSection } from './expired-attempts-section.tsx';
import type { MyStanding } from '../../contracts/my-standing-types.ts';
import { reachesMinimum } from '../../policy/pass-mark.ts';
import { useMyStanding } from '../use-my-standing.ts';

type Load =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly summary: MyRecordsSummary }
  | { readonly kind: 'failed'; readonly message: string };

type T = ReturnType<typeof useT>['t'];
type Locale = ReturnType<typeof useT>['locale'];

const percent = (scaled: number): number => Math.round(scaled * 1000) / 10;

export function MyRecordsPage() {
  const { t } = useT();
  const status = useSession((state) => state.status);
  const userId = useSession((state) => state.user?.id ?? null);
  usePageTitle(t('privacy_recordsTitle'));

  if (userId === null) {
    return (
      <main id="main" className="my-records">
        <h1>{t('privacy_recordsTitle')}</h1>
        {status === 'loading' ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : (
          <p>
            {t('privacy_signInFirst')}{' '}
            <a href={hrefFor({ page: 'sign-in', next: currentPath() })} onClick={followLink}>
              {t('account_signIn')}
            </a>
          </p>
        )}
      </main>
    );
  }
  return <MyRecords key={userId} />;
}

function MyRecords() {
  const { t, l, locale } = useT();
  const id = useId();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  // The pass marks and what counts come from the server's standing, the same as the report's.
  const mine = useMyStanding();

  useEffect(() => {
    let current = true;
    api('records.summary').then(
      (summary) => current && setLoad({ kind: 'loaded', summary }),
      (error: unknown) =>
        current && setLoad({ kind: 'failed', message: error instanceof ApiError ? error.message : t('signIn_offline') }),
    );
    return () => {
      current = false;
    };
  }, [t]);

  const courseTitle = (courseId: string): string => {
    const entry = catalog.find((course) => course.id === courseId);
    return entry ? l(entry.title) : courseId;
  };

  return (
    <main id="main" className="my-records" aria-busy={load.kind === 'loading'}>
      <h1>{t('privacy_recordsTitle')}</h1>
      <p>{t('privacy_recordsIntro')}</p>
      <section aria-labelledby={`${id}-download`} className="records-downloads">
        <h2 id={`${id}-download`}>{t('privacy_downloadTitle')}</h2>
        <p className="toolbar">
          <a className="button primary" href="/api/v1/me/records" download data-testid="download-json">
            {t('privacy_downloadJson')}
          </a>
          <a className="button" href="/api/v1/me/records?format=csv" download data-testid="download-csv">
            {t('privacy_downloadCsv')}
          </a>
        </p>
      </section>
      {load.kind === 'loading' ? <p>{t('loading')}</p> : null}
      {load.kind === 'failed' ? (
        <p role="alert" className="form-error">
          {t('privacy_loadFailed', { message: load.message })}
        </p>
      ) : null}
      {load.kind === 'loaded' ? (
        <>
          <AccountSection account={load.summary.account} t={t} locale={locale} headingId={`${id}-account`} />
          <section aria-labelledby={`${id}-results`}>
            <h2 id={`${id}-results`}>{t('privacy_resultsTitle')}</h2>
            {load.summary.results.length === 0 ? (
              <p>{t('privacy_noResults')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table records-results">
                  <caption>{t('privacy_resultsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('privacy_course')}</th>
                      <th scope="col">{t('privacy_finished')}</th>
                      <th scope="col">{t('privacy_score')}</th>
                      <th scope="col">{t('privacy_result')}</th>
                      <th scope="col">{t('privacy_adjustment')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {load.summary.results.map((result) => (
                      <ResultRow
                        key={result.attemptId}
                        result={result}
                        title={courseTitle(result.courseId)}
                        mine={mine}
                        t={t}
                        locale={locale}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby={`${id}-progress`}>
            <h2 id={`${id}-progress`}>{t('privacy_inProgressTitle')}</h2>
            {load.summary.inProgress.length === 0 ? (
              <p>{t('privacy_noInProgress')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <caption>{t('privacy_inProgressCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('privacy_course')}</th>
                      <th scope="col">{t('privacy_started')}</th>
                      <th scope="col">{t('privacy_lastAction')}</th>
                      <th scope="col">{t('privacy_actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {load.summary.inProgress.map((attempt) => (
                      <tr key={attempt.attemptId} data-attempt={attempt.attemptId}>
                        <th scope="row">{courseTitle(attempt.courseId)}</th>
                        <td>{formatDateTime(attempt.started, locale)}</td>
                        <td>{formatDateTime(attempt.updated, locale)}</td>
                        <td>{attempt.actions}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <ExpiredAttemptsSection expired={load.summary.expired} courseTitle={courseTitle} />
          <section aria-labelledby={`${id}-statements`}>
            <h2 id={`${id}-statements`}>{t('privacy_statementsTitle')}</h2>
            <p data-testid="statement-count" data-count={load.summary.statementCount}>
              {t('privacy_statementCount', { count: load.summary.statementCount })}
            </p>
          </section>
          <section aria-labelledby={`${id}-acknowledgements`}>
            <h2 id={`${id}-acknowledgements`}>{t('privacy_acknowledgementsTitle')}</h2>
            <ul className="privacy-list">
              {load.summary.acknowledgements.map((ack) => (
                <li key={ack.noticeVersion}>
                  {t('privacy_acknowledgedLine', {
                    version: ack.noticeVersion,
                    date: formatDateTime(ack.acknowledgedAt, locale),
                  })}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby={`${id}-retention`}>
            <h2 id={`${id}-retention`}>{t('privacy_retentionTitle')}</h2>
            <RetentionList retention={load.summary.retention} />
          </section>
        </>
      ) : null}
    </main>
  );
}

function AccountSection({ account, t, locale, headingId }: { account: MyAccount; t: T; locale: Locale; headingId: string }) {
  const none = t('privacy_none');
  const rows: [string, string][] = [
    [t('privacy_name'), account.name],
    [t('privacy_username'), account.username],
    [t('privacy_employeeId'), account.employeeId ?? none],
    [t('privacy_department'), account.department ?? none],
    [t('privacy_rank'), account.rank ?? none],
    [t('privacy_role'), t(`role_${account.role}`)],
    [t('privacy_created'), formatDateTime(account.created, locale)],
  ];
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('privacy_accountTitle')}</h2>
      <dl className="records-account">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * Whether a result passed against the one pass mark: the standing's verdict for a result of the
 * period, else the server's pass mark for the course applied to the effective (adjusted) result.
 */
function passedAgainstMark(result: MyResult, mine: MyStanding | null): { passed: boolean; passMark: number | null } {
  const inPeriod = mine?.results.find((entry) => entry.attemptId === result.attemptId);
  if (inPeriod) return { passed: inPeriod.reachesPassMark, passMark: inPeriod.passMark };
  const passMark = mine?.courses.find((course) => course.courseId === result.courseId)?.passMark;
  const effective = result.adjustments.at(-1) ?? result;
  return passMark === undefined
    ? { passed: effective.passed, passMark: null }
    : { passed: reachesMinimum(effective, passMark), passMark };
}

function ResultRow({
  result,
  title,
  mine,
  t,
  locale,
}: {
  result: MyResult;
  title: string;
  mine: MyStanding | null;
  t: T;
  locale: Locale;
}) {
  const latest = result.adjustments.at(-1);
  const { passed, passMark } = passedAgainstMark(result, mine);
  return (
    <tr data-attempt={result.attemptId} data-passed={String(passed)} data-adjusted={String(latest !== undefined)}>
      <th scope="row">{title}</th>
      <td>{formatDateTime(result.finishedAt, locale)}</td>
      <td>
        {result.score} / {result.max} ({percent(result.scaled)}%)
      </td>
      <td data-testid="result-verdict">
        {passed ? t('privacy_passed') : t('privacy_failed')}
        {passMark === null ? null : ` (${t('training_passMark')} ${percent(passMark)}%)`}
      </td>
      <td>
        {result.adjustments.length === 0 ? (
          t('privacy_notAdjusted')
        ) : (
          <ul className="privacy-list">
            {result.adjustments.map((adjustment) => (
              <li key={`${adjustment.adjustedAt}-${adjustment.reason}`}>
                {t('privacy_adjusted', {
                  date: formatDateTime(adjustment.adjustedAt, locale),
                  by: adjustment.adjustedBy,
                  percent: percent(adjustment.scaled),
                  result: adjustment.passed ? t('privacy_passed') : t('privacy_failed'),
                  reason: adjustment.reason,
                })}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
