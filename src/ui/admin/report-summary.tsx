// The report's summary: how many learners meet the requirement, under which policy version, and
// the signed ledger head the report was built from; then the download links with the same filters.
import { useId } from 'react';
import type { PromotionReport } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { formatDate, formatDateTime } from './format.ts';
import { downloadHref, shortHash, type ReportFilters } from './report-model.ts';

export function ReportSummary({ report }: { report: PromotionReport }) {
  const { t, locale } = useT();
  const id = useId();
  const { summary, policy, ledgerHead } = report;
  return (
    <section className="report-summary" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_summary')}</h2>
      <dl className="summary-numbers">
        <div data-summary="learners">
          <dt>{t('console_summaryLearners')}</dt>
          <dd>{summary.learners}</dd>
        </div>
        <div data-summary="meets">
          <dt>{t('console_summaryMeets')}</dt>
          <dd>{summary.meets}</dd>
        </div>
        <div data-summary="short">
          <dt>{t('console_summaryShort')}</dt>
          <dd>{summary.short}</dd>
        </div>
      </dl>
      <dl className="summary-facts">
        <div>
          <dt>{t('console_summaryPolicy')}</dt>
          <dd data-summary="policy">
            {t('console_summaryPolicyValue', { version: policy.version, adopted: formatDate(policy.adopted, locale) })}
          </dd>
        </div>
        <div>
          <dt>{t('console_summaryLedger')}</dt>
          <dd data-summary="ledger" data-seq={ledgerHead.seq} data-hash={ledgerHead.hash}>
            {t('console_summaryLedgerValue', {
              seq: ledgerHead.seq,
              hash: shortHash(ledgerHead.hash),
              signedAt: formatDateTime(ledgerHead.signedAt, locale),
            })}
            {report.ledgerCheck.ok ? null : (
              <strong className="ledger-failed" data-summary="ledger-check">
                {' '}
                {t('console_ledgerCheckFailed', { problem: report.ledgerCheck.problem ?? '' })}
              </strong>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('console_summaryGenerated')}</dt>
          <dd>{formatDateTime(report.generatedAt, locale)}</dd>
        </div>
      </dl>
      <p className="hint">{t('console_ledgerHint')}</p>
    </section>
  );
}

export function ReportDownloads({ filters }: { filters: ReportFilters }) {
  const { t, locale } = useT();
  const id = useId();
  return (
    <section className="report-downloads" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_downloads')}</h2>
      <p className="download-links">
        <a className="button" href={downloadHref(filters, 'csv', locale)} download data-format="csv">
          {t('console_downloadCsv')}
        </a>
        <a className="button" href={downloadHref(filters, 'xlsx', locale)} download data-format="xlsx">
          {t('console_downloadXlsx')}
        </a>
      </p>
      <p className="hint">{t('console_downloadHint')}</p>
    </section>
  );
}
