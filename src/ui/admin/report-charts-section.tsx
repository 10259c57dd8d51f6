// The report's charts, each a figure with its heading, a sentence on how to read it (which
// pattern or symbol means what), the chart and the same numbers as a table in a <details>.
import { useId, useMemo, type ReactNode } from 'react';
import type { ReportAnalytics } from '../../contracts/report-types.ts';
import { useT } from '../../i18n/i18n.ts';
import type { Policy } from '../../policy/schema.ts';
import type { UiKey } from '../../i18n/strings.ts';
import { ChartView } from './chart-view.tsx';
import {
  completionOption,
  itemScatterOption,
  scoreDistributionOption,
  trendOption,
  type ChartSettings,
  type ConsoleChartOption,
} from './report-charts.ts';
import { courseTitle } from './course-titles.ts';
import { departmentLabel } from './learner-sort.ts';
import { binLabels, completionRows, percent } from './report-model.ts';
import { TableScroll } from './table-scroll.tsx';

/** The id of the item-analysis section, which the scatter chart's data link points to. */
export const ITEM_TABLE_ID = 'item-analysis';

function prefersReducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

function ChartFigure({
  name,
  title,
  note,
  option,
  empty,
  children,
}: {
  name: string;
  title: string;
  note: string;
  option: ConsoleChartOption;
  empty: boolean;
  children: ReactNode;
}) {
  const { t } = useT();
  const id = useId();
  return (
    <figure className="chart-figure" data-figure={name} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {empty ? (
        <p>{t('console_noData')}</p>
      ) : (
        <>
          <p className="hint">{note}</p>
          <ChartView option={option} name={title} />
          <details>
            <summary>{t('console_showData')}</summary>
            <TableScroll label={title}>{children}</TableScroll>
          </details>
        </>
      )}
    </figure>
  );
}

export function ReportCharts({ analytics, policy }: { analytics: ReportAnalytics; policy: Policy | null }) {
  const { t, l, locale } = useT();
  const id = useId();
  const settings: ChartSettings = useMemo(() => ({ animation: !prefersReducedMotion() }), []);
  const course = (courseId: string) => courseTitle(courseId, locale);
  // Accounts without a department are counted under an empty name.
  const department = (name: string) => (name === '' ? t('console_noDepartment') : departmentLabel(policy, name, locale));
  const describe = (title: UiKey, note: UiKey) => t('console_chartDescription', { title: t(title), note: t(note) });
  const options = useMemo(
    () => ({
      completion: completionOption(
        analytics,
        {
          title: t('console_chartCompletion'),
          description: describe('console_chartCompletion', 'console_chartCompletionNote'),
          meets: t('console_seriesMeets'),
          short: t('console_seriesShort'),
          axis: t('console_axisLearners'),
          department,
        },
        settings,
      ),
      scores: scoreDistributionOption(
        analytics,
        {
          title: t('console_chartScores'),
          description: describe('console_chartScores', 'console_chartScoresNote'),
          axisScore: t('console_axisScore'),
          axisLearners: t('console_axisLearners'),
          course: (courseId) => courseTitle(courseId, locale),
        },
        settings,
      ),
      trend: trendOption(
        analytics,
        {
          title: t('console_chartTrend'),
          description: describe('console_chartTrend', 'console_chartTrendNote'),
          attempts: t('console_seriesAttempts'),
          passed: t('console_seriesPassed'),
          axis: t('console_axisAttempts'),
        },
        settings,
      ),
      items: itemScatterOption(
        analytics,
        {
          title: t('console_chartItems'),
          description: describe('console_chartItems', 'console_chartItemsNote'),
          fine: t('console_seriesItemsOk'),
          review: t('console_seriesItemsReview'),
          axisDifficulty: t('console_axisDifficulty'),
          axisDiscrimination: t('console_axisDiscrimination'),
          item: (item) => `${courseTitle(item.courseId, locale)} · ${l(item.title)}`,
        },
        settings,
      ),
    }),
    // t changes with the language, and so does locale.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [analytics, locale, settings],
  );
  const bins = binLabels();

  return (
    <section className="report-charts" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('console_charts')}</h2>
      <div className="chart-grid">
        <ChartFigure
          name="completion"
          title={t('console_chartCompletion')}
          note={t('console_chartCompletionNote')}
          option={options.completion}
          empty={analytics.completionByDepartment.length === 0}
        >
          <table className="data-table" data-table="completion">
            <caption>{t('console_chartCompletion')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console_colDepartment')}</th>
                <th scope="col">{t('console_seriesLearners')}</th>
                <th scope="col">{t('console_seriesMeets')}</th>
                <th scope="col">{t('console_seriesShort')}</th>
              </tr>
            </thead>
            <tbody>
              {completionRows(analytics).map((row) => (
                <tr key={row.department} data-department={row.department}>
                  <th scope="row">{department(row.department)}</th>
                  <td>{row.learners}</td>
                  <td>{row.meets}</td>
                  <td>{row.short}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFigure>

        <ChartFigure
          name="scores"
          title={t('console_chartScores')}
          note={t('console_chartScoresNote')}
          option={options.scores}
          empty={analytics.scoreDistribution.length === 0}
        >
          <table className="data-table" data-table="scores">
            <caption>{t('console_chartScores')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console_colCourse')}</th>
                {bins.map((bin) => (
                  <th scope="col" key={bin}>
                    {bin}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {analytics.scoreDistribution.map((row) => (
                <tr key={row.courseId} data-course={row.courseId}>
                  <th scope="row">{course(row.courseId)}</th>
                  {row.bins.map((count, index) => (
                    <td key={bins[index] ?? index}>{count}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFigure>

        <ChartFigure
          name="trend"
          title={t('console_chartTrend')}
          note={t('console_chartTrendNote')}
          option={options.trend}
          empty={analytics.trend.length === 0}
        >
          <table className="data-table" data-table="trend">
            <caption>{t('console_chartTrend')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console_colMonth')}</th>
                <th scope="col">{t('console_seriesAttempts')}</th>
                <th scope="col">{t('console_seriesPassed')}</th>
                <th scope="col">{t('console_seriesMean')}</th>
              </tr>
            </thead>
            <tbody>
              {analytics.trend.map((row) => (
                <tr key={row.month} data-month={row.month}>
                  <th scope="row">{row.month}</th>
                  <td>{row.attempts}</td>
                  <td>{row.passed}</td>
                  <td>{row.meanScaled === null ? '—' : `${percent(row.meanScaled)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFigure>

        <ChartFigure
          name="items"
          title={t('console_chartItems')}
          note={t('console_chartItemsNote')}
          option={options.items}
          empty={!analytics.items.some((item) => item.discrimination !== null)}
        >
          {/* The item-analysis table after the charts holds every number of this chart. */}
          <p>
            <a href={`#${ITEM_TABLE_ID}`}>{t('console_itemsTableLink')}</a>
          </p>
        </ChartFigure>
      </div>
    </section>
  );
}
