// The console's charts rendered for real by ECharts (server-side SVG, the renderer the page uses):
// each draws its series from the analytics, with aria on and no series told apart by colour alone.
import { init } from 'echarts/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportAnalytics } from '../../contracts/report-types.ts';
import {
  CHART_COLOURS,
  completionOption,
  itemScatterOption,
  scoreDistributionOption,
  trendOption,
  type ConsoleChartOption,
} from './report-charts.ts';

const ANALYTICS: ReportAnalytics = {
  period: { id: '2026', label: { 'zh-CN': '2026 年度', en: 'Year 2026' } },
  policyVersion: '2026.2',
  completionByDepartment: [
    { department: '大数据局', learners: 4, meets: 3 },
    { department: 'Audit', learners: 2, meets: 0 },
  ],
  scoreDistribution: [
    { courseId: 'data-security', bins: [0, 0, 0, 1, 0, 0, 2, 0, 3, 1] },
    { courseId: 'governance', bins: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0] },
  ],
  trend: [
    { month: '2026-01', attempts: 4, passed: 3, meanScaled: 0.8 },
    { month: '2026-02', attempts: 2, passed: 0, meanScaled: 0.3 },
  ],
  items: [
    {
      courseId: 'data-security',
      courseVersion: '1.0.0',
      sceneId: 's1',
      stepId: 'easy',
      title: { 'zh-CN': '易', en: 'Easy' },
      attempts: 12,
      difficulty: 0.99,
      discrimination: 0.05,
    },
    {
      courseId: 'data-security',
      courseVersion: '1.0.0',
      sceneId: 's1',
      stepId: 'good',
      title: { 'zh-CN': '好', en: 'Good' },
      attempts: 12,
      difficulty: 0.6,
      discrimination: 0.5,
    },
    {
      courseId: 'data-security',
      courseVersion: '1.0.0',
      sceneId: 's1',
      stepId: 'few',
      title: { 'zh-CN': '少', en: 'Few' },
      attempts: 3,
      difficulty: 0.6,
      discrimination: null,
    },
  ],
};

const SETTINGS = { animation: false };
const charts: { dispose(): void }[] = [];
afterEach(() => {
  for (const chart of charts.splice(0)) chart.dispose();
});

function render(option: ConsoleChartOption): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 320, locale: 'EN' });
  charts.push(chart);
  chart.setOption(option);
  return chart.renderToSVGString();
}

/** Filled shapes in a series colour: bars, symbols (axis lines and text are other colours). */
function shapesIn(svg: string, colour: string): number {
  return (svg.match(new RegExp(`<path[^>]*fill="${colour}"`, 'gi')) ?? []).length;
}

describe('console charts', () => {
  it('draws completion by department: a meets bar and a hatched short bar per department', () => {
    const option = completionOption(
      ANALYTICS,
      {
        title: 'Completion',
        description: 'Completion: meets and short',
        meets: 'Meets',
        short: 'Short',
        axis: 'Learners',
        department: (name) => name || '(none)',
      },
      SETTINGS,
    );
    expect(option.aria).toMatchObject({
      enabled: true,
      label: { enabled: true, description: 'Completion: meets and short' },
      decal: { show: true },
    });
    const series = option.series as { name: string; data: number[]; itemStyle: { decal: unknown } }[];
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['Meets', [3, 0]],
      ['Short', [1, 2]],
    ]);
    // The two series differ by pattern, not only by colour.
    expect(series[0]?.itemStyle.decal).toEqual({ symbol: 'none' });
    expect(series[1]?.itemStyle.decal).toMatchObject({ symbol: 'rect' });
    const svg = render(option);
    expect(svg).toContain('<svg');
    // Meets: 3 and 0 (a zero bar is drawn flat or not at all), plus the legend mark.
    expect(shapesIn(svg, CHART_COLOURS[0])).toBeGreaterThanOrEqual(2);
    expect(shapesIn(svg, CHART_COLOURS[1])).toBeGreaterThanOrEqual(3);
    expect(svg).toContain('大数据局');
  });

  it('draws the score distribution as one bar series per course over ten bins', () => {
    const option = scoreDistributionOption(
      ANALYTICS,
      { title: 'Scores', description: 'Scores', axisScore: 'Score', axisLearners: 'Learners', course: (id) => `Course ${id}` },
      SETTINGS,
    );
    const series = option.series as { name: string; data: number[] }[];
    expect(series.map((s) => s.name)).toEqual(['Course data-security', 'Course governance']);
    expect(series[0]?.data).toEqual([0, 0, 0, 1, 0, 0, 2, 0, 3, 1]);
    const svg = render(option);
    // Axis labels that would overlap are thinned out; the first bin always shows.
    expect(svg).toContain('0–10%');
    expect(svg).toContain('Course governance');
  });

  it('draws the monthly trend as a solid line with circles and a dashed line with triangles', () => {
    const option = trendOption(
      ANALYTICS,
      { title: 'Trend', description: 'Trend', attempts: 'Attempts', passed: 'Passed', axis: 'Attempts' },
      SETTINGS,
    );
    const series = option.series as { symbol: string; lineStyle: { type: string }; data: number[] }[];
    expect(series.map((s) => [s.symbol, s.lineStyle.type, s.data])).toEqual([
      ['circle', 'solid', [4, 2]],
      ['triangle', 'dashed', [3, 0]],
    ]);
    const svg = render(option);
    expect(svg).toContain('2026-02');
    expect(svg).toMatch(/stroke-dasharray/);
  });

  it('plots measured questions, those to review as triangles, and leaves out unmeasured ones', () => {
    const option = itemScatterOption(
      ANALYTICS,
      {
        title: 'Items',
        description: 'Items',
        fine: 'Questions',
        review: 'Review',
        axisDifficulty: 'Difficulty',
        axisDiscrimination: 'Discrimination',
        item: (i) => i.stepId,
      },
      SETTINGS,
    );
    const series = option.series as { name: string; symbol: string; data: { name: string; value: number[] }[] }[];
    expect(series.map((s) => [s.name, s.symbol, s.data.map((d) => d.name)])).toEqual([
      ['Questions', 'circle', ['good']],
      ['Review', 'triangle', ['easy']],
    ]);
    expect(series[1]?.data[0]?.value).toEqual([0.99, 0.05]);
    expect(render(option)).toContain('Discrimination');
  });
});
