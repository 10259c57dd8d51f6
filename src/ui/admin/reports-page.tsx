// The admin's report (?page=admin-reports): filters, the summary with the policy version and the
// signed ledger head, downloads, charts (ECharts, loaded only with this page), item analysis and
// every learner's standing. Data: GET /api/v1/policy (periods, versions), /reports/promotion and
// /reports/analytics with the same filters.
import { useId, useMemo, useState } from 'react';
import { useT } from '../../i18n/i18n.ts';
import { ConsolePage } from './console-page.tsx';
import { ITEM_TABLE_ID, ReportCharts } from './report-charts-section.tsx';
import { ReportFiltersForm, type FilterChoices } from './report-filters.tsx';
import { ItemAnalysis } from './report-items.tsx';
import { LearnersTable } from './report-learners.tsx';
import { analyticsQuery, defaultPeriod, periodsFromPolicyYaml, promotionQuery, type ReportFilters } from './report-model.ts';
import { ReportDownloads, ReportSummary } from './report-summary.tsx';
import { shown, useApi } from './use-api.ts';
import { LoadFailed } from './load-state.tsx';

export function AdminReportsPage() {
  const { t } = useT();
  return (
    <ConsolePage section="reports" title={t('console_reportsTitle')} className="admin-reports">
      <Reports />
    </ConsolePage>
  );
}

function Reports() {
  const { t } = useT();
  const statusId = useId();
  const policy = useApi('policy.get', {});
  const policyData = shown(policy.state);
  const periods = useMemo(() => (policyData ? periodsFromPolicyYaml(policyData.current.yaml) : []), [policyData]);
  // The period defaults once the policy says which periods exist (this year's without one).
  const [chosen, setChosen] = useState<Omit<ReportFilters, 'period'> & { period: string | null }>({
    period: null,
    department: null,
    rank: null,
    status: null,
    policyVersion: null,
  });
  const policySettled = policy.state.kind !== 'loading';
  const period = chosen.period ?? (policySettled ? (defaultPeriod(periods) ?? String(new Date().getFullYear())) : null);
  const filters: ReportFilters | null = period === null ? null : { ...chosen, period };

  const report = useApi(
    'reports.promotion',
    filters ? { query: Object.fromEntries(new URLSearchParams(promotionQuery(filters))) } : null,
  );
  const analytics = useApi(
    'reports.analytics',
    filters ? { query: Object.fromEntries(new URLSearchParams(analyticsQuery(filters))) } : null,
  );
  const reportData = shown(report.state);
  const analyticsData = shown(analytics.state);
  const choices: FilterChoices = {
    periods,
    departments: reportData?.departments ?? [],
    ranks: reportData?.ranks ?? [],
    versions: policyData?.versions ?? [],
  };
  const busy = report.state.kind === 'loading' || analytics.state.kind === 'loading';

  return (
    <div className="report-body" aria-busy={busy}>
      <LoadFailed state={policy.state} onRetry={policy.reload} />
      {filters ? <ReportFiltersForm filters={filters} choices={choices} onChange={setChosen} /> : null}
      {/* Announces the new numbers after each change of filters. */}
      <p id={statusId} role="status" className="report-status" data-loaded={report.state.kind === 'loaded'}>
        {report.state.kind === 'loaded'
          ? t('console_showing', { ...report.state.data.summary })
          : report.state.kind === 'loading'
            ? t('loading')
            : ''}
      </p>
      <LoadFailed state={report.state} onRetry={report.reload} />
      {reportData && filters ? (
        <>
          <ReportSummary report={reportData} />
          <ReportDownloads filters={filters} />
        </>
      ) : null}
      <LoadFailed state={analytics.state} onRetry={analytics.reload} />
      {analyticsData ? (
        <>
          <ReportCharts analytics={analyticsData} />
          <ItemAnalysis analytics={analyticsData} id={ITEM_TABLE_ID} />
        </>
      ) : null}
      {reportData && filters ? <LearnersTable key={promotionQuery(filters)} learners={reportData.learners} /> : null}
    </div>
  );
}
