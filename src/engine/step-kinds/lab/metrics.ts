// Fairness metrics of the lab's model, computed from the data for whatever the learner has set:
// which features are removed and the approval threshold. Nothing here is hard-coded per course.
import type { DataTable, LabMetric, LabStep } from '../../../course/schema.ts';

/** What the metrics read of a lab step: the data and the model, which the learner sees too. */
export type LabModel = Pick<LabStep, 'groupColumn' | 'groups' | 'outcomeColumn' | 'features'> & {
  readonly data?: DataTable | undefined;
};

export interface LabConfig {
  /** Feature ids taken out of the model. */
  readonly removed: readonly string[];
  readonly threshold: number;
}

export interface GroupMetrics {
  readonly value: number;
  readonly n: number;
  readonly eligible: number;
  readonly approved: number;
  /** Approved and eligible. */
  readonly truePositives: number;
  /** Approved but not eligible. */
  readonly falsePositives: number;
  /** approved / n */
  readonly selectionRate: number;
  /** truePositives / eligible */
  readonly tpr: number;
  /** falsePositives / (n − eligible) */
  readonly fpr: number;
}

export interface LabMetrics {
  readonly groups: readonly GroupMetrics[];
  /** Lowest selection rate ÷ highest (the four-fifths rule flags < 0.8). */
  readonly disparateImpact: number;
  /** Highest minus lowest true-positive rate (equal opportunity). */
  readonly tprGap: number;
  readonly selectionRateGap: number;
  /** Eligible people the model rejects. */
  readonly wronglyRejected: number;
  /** Ineligible people the model approves. */
  readonly wronglyApproved: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function columnIndex(step: Pick<LabStep, 'data'>, column: string): number {
  const index = step.data?.columns.indexOf(column) ?? -1;
  if (index < 0) throw new Error(`the lab's data has no column "${column}"`);
  return index;
}

/** Whether the model approves each row under this configuration. */
export function labDecisions(step: LabModel, config: LabConfig): boolean[] {
  const rows = step.data?.rows ?? [];
  const kept = step.features
    .filter((f) => !config.removed.includes(f.id))
    .map((f) => ({ index: columnIndex(step, f.column), weight: f.weight }));
  const total = kept.reduce((s, f) => s + f.weight, 0);
  return rows.map((row) => {
    if (total === 0) return false;
    const score = kept.reduce((s, f) => s + f.weight * (row[f.index] ?? 0), 0) / total;
    // A hair of tolerance so a score that prints as the threshold counts as reaching it.
    return score >= config.threshold - 1e-9;
  });
}

export function labMetrics(step: LabModel, config: LabConfig): LabMetrics {
  const rows = step.data?.rows ?? [];
  const groupIndex = columnIndex(step, step.groupColumn);
  const outcomeIndex = columnIndex(step, step.outcomeColumn);
  const decisions = labDecisions(step, config);
  const groups = step.groups.map(({ value }) => {
    let n = 0;
    let eligible = 0;
    let approved = 0;
    let tp = 0;
    let fp = 0;
    rows.forEach((row, i) => {
      if (row[groupIndex] !== value) return;
      const isEligible = row[outcomeIndex] === 1;
      const isApproved = decisions[i] === true;
      n++;
      if (isEligible) eligible++;
      if (isApproved) approved++;
      if (isApproved && isEligible) tp++;
      if (isApproved && !isEligible) fp++;
    });
    return {
      value,
      n,
      eligible,
      approved,
      truePositives: tp,
      falsePositives: fp,
      selectionRate: ratio(approved, n),
      tpr: ratio(tp, eligible),
      fpr: ratio(fp, n - eligible),
    };
  });
  const rates = groups.map((g) => g.selectionRate);
  const tprs = groups.map((g) => g.tpr);
  return {
    groups,
    disparateImpact: ratio(Math.min(...rates), Math.max(...rates)),
    tprGap: Math.max(...tprs) - Math.min(...tprs),
    selectionRateGap: Math.max(...rates) - Math.min(...rates),
    wronglyRejected: groups.reduce((s, g) => s + (g.eligible - g.truePositives), 0),
    wronglyApproved: groups.reduce((s, g) => s + g.falsePositives, 0),
  };
}

export function metricValue(metrics: LabMetrics, metric: LabMetric): number {
  return metrics[metric];
}

/** Rounds for display and for comparing with a goal the way a learner reads it. */
export function roundMetric(metric: LabMetric, value: number): number {
  return metric === 'wronglyRejected' || metric === 'wronglyApproved' ? value : Math.round(value * 1000) / 1000;
}
