// One assessment attempt for an admin (?page=admin-attempt&attempt=<id>): the learner, course and
// version, the server's original grading, every adjustment (who, when, why, before → after), the
// ledger entries about it and a form to adjust it with a reason. With ?user=<username> instead it
// lists that learner's attempts, which is how an admin gets here from the report.
import { useId } from 'react';
import { followLink } from '../../client/route.ts';
import { useSession } from '../../client/session.ts';
import { useT } from '../../i18n/i18n.ts';
import { AdjustmentForm } from './adjustment-form.tsx';
import { consoleHref } from './admin-nav.tsx';
import { ConsolePage } from './console-page.tsx';
import { courseTitle } from './course-titles.ts';
import { formatDateTime } from './format.ts';
import { LearnerAttempts } from './learner-attempts.tsx';
import { percent, shortHash } from './report-model.ts';
import { shown, useApi } from './use-api.ts';
import { NotLoaded } from './load-state.tsx';
import { TableScroll } from './table-scroll.tsx';

export function AdminAttemptPage({ attemptId }: { attemptId: string | null }) {
  const { t } = useT();
  // ?user= is the console's own parameter (route.ts knows only ?attempt=); read on every render,
  // and the app re-renders this page on each navigation.
  const username = attemptId === null ? new URLSearchParams(location.search).get('user') : null;
  const title = username ? t('console_attemptsOf', { username }) : t('console_attemptTitle');
  return (
    <ConsolePage section={null} title={title} className="admin-attempt">
      {attemptId ? (
        <Attempt key={attemptId} attemptId={attemptId} />
      ) : username ? (
        <LearnerAttempts username={username} />
      ) : (
        <p>{t('console_attemptMissing')}</p>
      )}
      <p>
        <a href={consoleHref({ page: 'admin-reports' })} onClick={followLink}>
          {t('console_backToReport')}
        </a>
      </p>
    </ConsolePage>
  );
}

function Attempt({ attemptId }: { attemptId: string }) {
  const { t, locale } = useT();
  const id = useId();
  // Only the organisation admin corrects results; a department admin reads them.
  const mayAdjust = useSession((state) => state.user?.role === 'admin');
  const { state, reload } = useApi('adjustments.list', { params: { attemptId } });
  const data = shown(state);
  if (data === null) {
    return <NotLoaded state={state} onRetry={reload} />;
  }
  const { original, adjustments, ledger } = data;
  const result = (passed: boolean) => t(passed ? 'console_passed' : 'console_failed');
  const effective = adjustments.at(-1) ?? original;
  return (
    <>
      <dl className="attempt-facts">
        <div>
          <dt>{t('console_learner')}</dt>
          <dd>
            <a
              href={consoleHref({ page: 'admin-attempt', user: data.username })}
              onClick={followLink}
              data-username={data.username}
            >
              {data.username}
            </a>
          </dd>
        </div>
        <div>
          <dt>{t('console_course')}</dt>
          <dd>{courseTitle(data.courseId, locale)}</dd>
        </div>
        <div>
          <dt>{t('console_courseVersion')}</dt>
          <dd>{data.courseVersion}</dd>
        </div>
        <div>
          <dt>{t('console_attemptId')}</dt>
          <dd>
            <code>{data.attemptId}</code>
          </dd>
        </div>
      </dl>

      <section aria-labelledby={`${id}-original`}>
        <h2 id={`${id}-original`}>{t('console_original')}</h2>
        {original ? (
          <p data-testid="original">
            {t('console_originalLine', {
              score: original.score,
              max: original.max,
              percent: percent(original.scaled),
              result: result(original.passed),
              finishedAt: formatDateTime(original.finishedAt, locale),
            })}
          </p>
        ) : (
          <p>{t('console_notFinished')}</p>
        )}
        {effective && adjustments.length > 0 ? (
          <p className="note" data-testid="effective">
            <strong>{t('console_effective')}</strong>
            {t('console_colon')}
            {t('console_effectiveLine', { percent: percent(effective.scaled), result: result(effective.passed) })}
          </p>
        ) : null}
      </section>

      <section aria-labelledby={`${id}-adjustments`}>
        <h2 id={`${id}-adjustments`}>{t('console_adjustments')}</h2>
        {adjustments.length === 0 ? (
          <p>{t('console_noAdjustments')}</p>
        ) : (
          <TableScroll label={t('console_adjustmentsCaption')}>
            <table className="data-table adjustment-table">
              <caption>{t('console_adjustmentsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console_colWhen')}</th>
                  <th scope="col">{t('console_colWho')}</th>
                  <th scope="col">{t('console_colChange')}</th>
                  <th scope="col">{t('console_colWhy')}</th>
                  <th scope="col">{t('console_colLedgerSeq')}</th>
                </tr>
              </thead>
              <tbody>
                {adjustments.map((adjustment, index) => {
                  const before = index === 0 ? original : adjustments[index - 1];
                  const text = (r: { scaled: number; passed: boolean }) => `${percent(r.scaled)}% ${result(r.passed)}`;
                  return (
                    <tr key={adjustment.id} data-adjustment={adjustment.id}>
                      <th scope="row">{formatDateTime(adjustment.adjustedAt, locale)}</th>
                      <td>{adjustment.adjustedBy}</td>
                      <td>{t('console_change', { before: before ? text(before) : '—', after: text(adjustment) })}</td>
                      <td className="reason">{adjustment.reason}</td>
                      <td>{adjustment.ledgerSeq}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby={`${id}-ledger`}>
        <h2 id={`${id}-ledger`}>{t('console_ledger')}</h2>
        <TableScroll label={t('console_ledgerCaption')}>
          <table className="data-table ledger-table">
            <caption>{t('console_ledgerCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console_colSeq')}</th>
                <th scope="col">{t('console_colKind')}</th>
                <th scope="col">{t('console_colRecorded')}</th>
                <th scope="col">{t('console_colHash')}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.map((entry) => (
                <tr key={entry.seq} data-seq={entry.seq} data-kind={entry.kind}>
                  <th scope="row">{entry.seq}</th>
                  <td>{t(entry.kind === 'adjustment' ? 'console_kind_adjustment' : 'console_kind_result')}</td>
                  <td>{formatDateTime(entry.recordedAt, locale)}</td>
                  <td>
                    <code title={entry.hash}>{shortHash(entry.hash)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      {original && mayAdjust ? (
        <AdjustmentForm attemptId={data.attemptId} current={effective ?? original} onSaved={reload} />
      ) : null}
    </>
  );
}
