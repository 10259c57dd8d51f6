// The lab's metrics as text, shared by the in-world dashboard and the DOM panel.
import type { Localized } from '../course/schema.ts';
import type { PublicLabStep } from '../engine/public-view.ts';
import { labMetrics, type LabMetrics } from '../engine/step-kinds/lab/metrics.ts';
import type { LabResponse } from '../engine/responses.ts';
import type { UiKey } from '../i18n/strings.ts';

type T = (key: UiKey, values?: Record<string, string | number>) => string;
const f2 = (v: number) => v.toFixed(2);

export function labReadout(
  step: PublicLabStep,
  draft: LabResponse,
  t: T,
  l: (text: Localized) => string,
): { metrics: LabMetrics; groupLines: string[]; summary: string } {
  const metrics = labMetrics(step, draft);
  const groupLines = metrics.groups.map((g) => {
    const label = step.groups.find((x) => x.value === g.value)?.label;
    return t('labGroupLine', {
      group: label ? l(label) : String(g.value),
      n: g.n,
      eligible: g.eligible,
      approved: g.approved,
      rate: f2(g.selectionRate),
      tpr: f2(g.tpr),
    });
  });
  const summary = t('labSummary', {
    di: f2(metrics.disparateImpact),
    gap: f2(metrics.tprGap),
    rejected: metrics.wronglyRejected,
    approvedWrongly: metrics.wronglyApproved,
  });
  return { metrics, groupLines, summary };
}
