// The console's four charts as ECharts options, built from the analytics contract and the
// translated words. Only the charts and components used are registered, with the SVG renderer, so
// the admin chunk stays small. Every chart turns on ECharts' aria (a generated description and
// decal patterns): colour is never the only difference between series, and the page shows the
// same numbers as tables.
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
// Aliased: ECharts' `use` is no React hook, whatever its name.
import { use as registerChartParts } from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ReportAnalytics } from '../../contracts/report-types.ts';
import { binLabels, completionRows, percent, reviewReasons } from './report-model.ts';

registerChartParts([
  BarChart,
  LineChart,
  ScatterChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type ConsoleChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

/** Each at least 3:1 against white (WCAG 1.4.11) and told apart by pattern or symbol too. */
export const CHART_COLOURS = ['#1f5fa0', '#b35a00', '#6b3fa0', '#1d7a45', '#4a5a6a'] as const;
const FONT = "system-ui, 'Shixun SC', 'Noto Sans SC', sans-serif";
const INK = '#14212e';

/** Diagonal hatching: marks the "short" bars apart from the plain "meets" bars without colour. */
const HATCH: BarDecal = {
  symbol: 'rect',
  symbolSize: 1,
  rotation: Math.PI / 4,
  dashArrayX: [1, 0],
  dashArrayY: [3, 5],
  color: 'rgba(255, 255, 255, 0.75)',
};
// An object, not the string 'none': ECharts 6 mutates the decal it is given.
const PLAIN: BarDecal = { symbol: 'none' };
type BarDecal = NonNullable<NonNullable<BarSeriesOption['itemStyle']>['decal']>;

export interface ChartSettings {
  /** False when the person prefers reduced motion (and in tests). */
  readonly animation: boolean;
}

function base(title: string, description: string, settings: ChartSettings): ConsoleChartOption {
  return {
    animation: settings.animation,
    color: [...CHART_COLOURS],
    textStyle: { fontFamily: FONT, color: INK },
    title: { text: title, show: false },
    // ECharts' own generated description reads every value in a long, awkward sentence; ours says
    // what the chart shows and how to read it, and the table beside it holds the numbers.
    aria: { enabled: true, label: { enabled: true, description }, decal: { show: true } },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: INK } },
    // ECharts 6 keeps axis labels inside the box by itself (grid.outerBoundsMode 'auto').
    grid: { left: 48, right: 24, top: 48, bottom: 56 },
  };
}

export function completionOption(
  analytics: Pick<ReportAnalytics, 'completionByDepartment'>,
  words: { title: string; description: string; meets: string; short: string; axis: string; department: (name: string) => string },
  settings: ChartSettings,
): ConsoleChartOption {
  const rows = completionRows(analytics);
  return {
    ...base(words.title, words.description, settings),
    // Every department named; slanted and cut short when many share the axis (the table has them whole).
    xAxis: {
      type: 'category',
      data: rows.map((r) => words.department(r.department)),
      axisLabel: { interval: 0, rotate: rows.length > 3 ? 30 : 0, width: 110, overflow: 'truncate', color: INK },
    },
    yAxis: { type: 'value', name: words.axis, minInterval: 1, axisLabel: { color: INK } },
    series: [
      { type: 'bar', name: words.meets, data: rows.map((r) => r.meets), itemStyle: { decal: PLAIN } },
      { type: 'bar', name: words.short, data: rows.map((r) => r.short), itemStyle: { decal: HATCH } },
    ],
  };
}

export function scoreDistributionOption(
  analytics: Pick<ReportAnalytics, 'scoreDistribution'>,
  words: { title: string; description: string; axisScore: string; axisLearners: string; course: (courseId: string) => string },
  settings: ChartSettings,
): ConsoleChartOption {
  const courses = analytics.scoreDistribution.length;
  const basic = base(words.title, words.description, settings);
  return {
    ...basic,
    // Course names are long: one legend line each, above the plot, never over it.
    legend: { top: 0, left: 'center', orient: 'vertical', itemGap: 6, textStyle: { color: INK } },
    grid: { ...(basic.grid as GridComponentOption), top: 40 + 22 * courses },
    xAxis: {
      type: 'category',
      name: words.axisScore,
      nameLocation: 'middle',
      nameGap: 32,
      data: binLabels(),
      axisLabel: { color: INK },
    },
    yAxis: { type: 'value', name: words.axisLearners, minInterval: 1, axisLabel: { color: INK } },
    series: analytics.scoreDistribution.map((course) => ({
      type: 'bar',
      name: words.course(course.courseId),
      data: [...course.bins],
    })),
  };
}

export function trendOption(
  analytics: Pick<ReportAnalytics, 'trend'>,
  words: { title: string; description: string; attempts: string; passed: string; axis: string },
  settings: ChartSettings,
): ConsoleChartOption {
  const months = analytics.trend.map((m) => m.month);
  return {
    ...base(words.title, words.description, settings),
    xAxis: { type: 'category', data: months, boundaryGap: false, axisLabel: { color: INK } },
    yAxis: { type: 'value', name: words.axis, minInterval: 1, axisLabel: { color: INK } },
    series: [
      {
        type: 'line',
        name: words.attempts,
        data: analytics.trend.map((m) => m.attempts),
        symbol: 'circle',
        symbolSize: 8,
        lineStyle: { type: 'solid', width: 2 },
      },
      {
        type: 'line',
        name: words.passed,
        data: analytics.trend.map((m) => m.passed),
        symbol: 'triangle',
        symbolSize: 10,
        lineStyle: { type: 'dashed', width: 2 },
      },
    ],
  };
}

/** Difficulty across, discrimination up; questions to review as triangles, the rest as circles. */
export function itemScatterOption(
  analytics: Pick<ReportAnalytics, 'items'>,
  words: {
    title: string;
    description: string;
    fine: string;
    review: string;
    axisDifficulty: string;
    axisDiscrimination: string;
    item: (item: ReportAnalytics['items'][number]) => string;
  },
  settings: ChartSettings,
): ConsoleChartOption {
  const measured = analytics.items.filter((item) => item.discrimination !== null);
  const point = (item: ReportAnalytics['items'][number]) => ({
    value: [item.difficulty, item.discrimination ?? 0],
    name: words.item(item),
  });
  return {
    ...base(words.title, words.description, settings),
    tooltip: { trigger: 'item', formatter: (params: unknown) => scatterTooltip(params) },
    xAxis: {
      type: 'value',
      name: words.axisDifficulty,
      nameLocation: 'middle',
      nameGap: 28,
      min: 0,
      max: 1,
      axisLabel: { color: INK },
    },
    yAxis: { type: 'value', name: words.axisDiscrimination, min: -1, max: 1, axisLabel: { color: INK } },
    series: [
      {
        type: 'scatter',
        name: words.fine,
        symbol: 'circle',
        symbolSize: 10,
        data: measured.filter((i) => reviewReasons(i).length === 0).map(point),
      },
      {
        type: 'scatter',
        name: words.review,
        symbol: 'triangle',
        symbolSize: 13,
        data: measured.filter((i) => reviewReasons(i).length > 0).map(point),
      },
    ],
  };
}

function scatterTooltip(params: unknown): string {
  const { name, value } = params as { name?: string; value?: [number, number] };
  const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return value ? `${escape(name ?? '')}<br>${percent(value[0])}% · ${value[1].toFixed(2)}` : escape(name ?? '');
}
