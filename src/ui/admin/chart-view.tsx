// One ECharts chart in the page: created on mount with the SVG renderer in the UI's language,
// resized with its box, disposed on unmount. The box is an image to assistive technology, named by
// ECharts' aria description; the numbers themselves are in the table beside every chart.
import { init } from 'echarts/core';
import type { EChartsType } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/i18n.ts';
import type { ConsoleChartOption } from './report-charts.ts';

export function ChartView({ option, name }: { option: ConsoleChartOption; name: string }) {
  const { locale } = useT();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const created = init(element, null, { renderer: 'svg', locale: locale === 'en' ? 'EN' : 'ZH' });
    chart.current = created;
    const observer = new ResizeObserver(() => created.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      created.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, locale]);

  // ECharts replaces aria-label with its generated description; `name` holds until it does.
  return <div ref={box} className="chart-box" role="img" aria-label={name} data-chart={name} />;
}
