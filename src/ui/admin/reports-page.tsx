// The admin's report (?page=admin-reports): filters, the summary with the policy version and the
// signed ledger head, downloads, then two tabs: every learner's standing (first, what HR reads)
// and the charts (ECharts, loaded only with this page) with the item analysis. Data: GET /api/v1/policy (periods, versions), /reports/promotion and
// /reports/analytics with the same filters.
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../../i18n/i18n.ts';
import { ConsolePage } from './console-page.tsx';
import { ITEM_TABLE_ID, ReportCharts } from './report-charts-section.tsx';
import { ReportFiltersForm, type FilterChoices } from './report-filters.tsx';
import { ItemAnalysis } from './report-items.tsx';
import { LearnersTable } from './report-learners.tsx';
import { policyFromYaml } from './learner-sort.ts';
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
  // The policy version the report was made under: its rank labels and pass marks head the table.
  const reportPolicy = useMemo(() => {
    const version = reportData?.policy.version;
    const info = policyData?.versions.find((entry) => entry.version === version) ?? policyData?.current;
    return info ? policyFromYaml(info.yaml) : null;
  }, [policyData, reportData?.policy.version]);
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
      {filters ? <ReportFiltersForm filters={filters} choices={choices} policy={reportPolicy} onChange={setChosen} /> : null}
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
      <ReportTabs
        learners={
          reportData && filters ? (
            <LearnersTable key={promotionQuery(filters)} learners={reportData.learners} policy={reportPolicy} />
          ) : null
        }
        charts={
          <>
            <LoadFailed state={analytics.state} onRetry={analytics.reload} />
            {analyticsData ? (
              <>
                <ReportCharts analytics={analyticsData} policy={reportPolicy} />
                <ItemAnalysis analytics={analyticsData} id={ITEM_TABLE_ID} />
              </>
            ) : null}
          </>
        }
      />
    </div>
  );
}

type Tab = 'learners' | 'charts';
const TABS: readonly Tab[] = ['learners', 'charts'];

/**
 * The learners table and the charts as two tabs (WAI-ARIA tabs: arrow keys, Home and End move
 * between them). The charts mount only when their tab is open, so they size to a visible box.
 */
function ReportTabs({ learners, charts }: { learners: ReactNode; charts: ReactNode }) {
  const { t } = useT();
  const id = useId();
  const [tab, setTab] = useState<Tab>('learners');
  const buttons = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const choose = (next: Tab) => {
    setTab(next);
    buttons.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index + TABS.length - 1) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    choose(next);
  };
  const label = (which: Tab) => (which === 'learners' ? t('console_tabLearners') : t('console_tabCharts'));
  return (
    <div className="report-tabs">
      <div role="tablist" aria-label={t('console_tabs')} className="tab-list" onKeyDown={onKeyDown}>
        {TABS.map((which) => (
          <button
            key={which}
            ref={(element) => {
              buttons.current[which] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${which}`}
            aria-controls={`${id}-panel-${which}`}
            aria-selected={tab === which}
            tabIndex={tab === which ? 0 : -1}
            data-tab={which}
            onClick={() => choose(which)}
          >
            {label(which)}
          </button>
        ))}
      </div>
      {TABS.map((which) => (
        <div
          key={which}
          role="tabpanel"
          id={`${id}-panel-${which}`}
          aria-labelledby={`${id}-tab-${which}`}
          hidden={tab !== which}
          data-panel={which}
        >
          {tab === which ? (which === 'learners' ? learners : charts) : null}
        </div>
      ))}
    </div>
  );
}
