// Prints the ten slowest tests and the run's total at the end of every Playwright run, beside the
// 'list' reporter, so a slow journey shows up in CI's log where the next person looks.
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

const SHOWN = 10;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export default class SlowestReporter implements Reporter {
  private readonly runs: { title: string; ms: number; status: string }[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const [, , file, ...rest] = test.titlePath();
    this.runs.push({ title: `${file ?? ''} › ${rest.join(' › ')}`, ms: result.duration, status: result.status });
  }

  onEnd(result: FullResult): void {
    if (this.runs.length === 0) return;
    const slowest = [...this.runs].sort((a, b) => b.ms - a.ms).slice(0, SHOWN);
    const inTests = this.runs.reduce((sum, r) => sum + r.ms, 0);
    const width = Math.max(...slowest.map((r) => seconds(r.ms).length));
    const lines = slowest.map(
      (r, i) =>
        `  ${String(i + 1).padStart(2)}. ${seconds(r.ms).padStart(width)}  ${r.title}${r.status === 'passed' ? '' : ` (${r.status})`}`,
    );
    console.log(
      `\nSlowest ${slowest.length} of ${this.runs.length} tests (${seconds(inTests)} in tests, ${seconds(result.duration)} in all):\n${lines.join('\n')}`,
    );
  }
}
