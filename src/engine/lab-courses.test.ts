// The shipped check-up labs: every metric the scene shows, recomputed here straight from the CSV
// (independently of the engine) and compared with the engine and with the values the scenario
// was designed around, before and after each remedy.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../course/node/load-courses.ts';
import type { LabStep } from '../course/schema.ts';
import { labMetrics } from './step-kinds/lab/metrics.ts';
import { gradeStep } from './step-kinds/index.ts';

const root = resolve(import.meta.dirname, '../..');
const course = loadCourses(resolve(root, 'courses'), root).courses.find((c) => c.id === 'algorithm-ethics')!.course;
const step = (id: string) => course.scenes.flatMap((s) => s.steps).find((s) => s.id === id) as LabStep;

/** A second, plain implementation over the raw CSV text: no shared code with the engine. */
function recompute(file: string, lab: LabStep, removed: string[], threshold: number) {
  const [header, ...lines] = readFileSync(resolve(root, 'courses/algorithm-ethics', file), 'utf8')
    .trim()
    .split('\n');
  const cols = header!.split(',');
  const rows = lines.map((l) => l.split(',').map(Number));
  const kept = lab.features.filter((f) => !removed.includes(f.id));
  const weightSum = kept.reduce((s, f) => s + f.weight, 0);
  const at = (row: number[], name: string) => row[cols.indexOf(name)]!;
  const stats = lab.groups.map(({ value }) => {
    const members = rows.filter((r) => at(r, lab.groupColumn) === value);
    const approved = members.filter(
      (r) => kept.reduce((s, f) => s + f.weight * at(r, f.column), 0) / weightSum >= threshold - 1e-9,
    );
    const eligible = members.filter((r) => at(r, lab.outcomeColumn) === 1);
    const tp = approved.filter((r) => at(r, lab.outcomeColumn) === 1).length;
    return { n: members.length, eligible: eligible.length, approved: approved.length, tp, fp: approved.length - tp };
  });
  const rates = stats.map((g) => g.approved / g.n);
  const tprs = stats.map((g) => g.tp / g.eligible);
  return {
    groups: stats,
    disparateImpact: Math.min(...rates) / Math.max(...rates),
    tprGap: Math.max(...tprs) - Math.min(...tprs),
    wronglyRejected: stats.reduce((s, g) => s + g.eligible - g.tp, 0),
    wronglyApproved: stats.reduce((s, g) => s + g.fp, 0),
  };
}

function expectSame(lab: LabStep, file: string, removed: string[], threshold: number) {
  const engine = labMetrics(lab, { removed, threshold });
  const plain = recompute(file, lab, removed, threshold);
  expect(
    engine.groups.map((g) => ({ n: g.n, eligible: g.eligible, approved: g.approved, tp: g.truePositives, fp: g.falsePositives })),
  ).toEqual(plain.groups);
  expect(engine.disparateImpact).toBeCloseTo(plain.disparateImpact, 9);
  expect(engine.tprGap).toBeCloseTo(plain.tprGap, 9);
  expect(engine.wronglyRejected).toBe(plain.wronglyRejected);
  expect(engine.wronglyApproved).toBe(plain.wronglyApproved);
  return engine;
}

describe('the proxy check-up lab (housing subsidy)', () => {
  const lab = step('proxy-lab');

  it('flags the model as shipped: non-local applicants are more often eligible yet approved less', () => {
    const m = expectSame(lab, 'assets/housing-subsidy.csv', [], lab.threshold);
    expect(m.groups.map((g) => [g.n, g.eligible, g.approved])).toEqual([
      [600, 400, 360],
      [400, 300, 160],
    ]);
    expect(m.disparateImpact).toBeCloseTo(0.6667, 4);
    expect(m.tprGap).toBeCloseTo(0.33, 4);
    expect(m.wronglyRejected).toBe(204);
  });

  it('removing the proxy restores parity in opportunity, from the data', () => {
    const m = expectSame(lab, 'assets/housing-subsidy.csv', ['insurance12'], lab.threshold);
    expect(m.disparateImpact).toBeCloseTo(0.9044, 4);
    expect(m.tprGap).toBeCloseTo(0.0133, 4);
    expect(m.wronglyRejected).toBe(137);
    expect(m.wronglyApproved).toBe(12);
  });

  it('moving the threshold alone does not meet the goals; removing the proxy does', () => {
    for (const t of [0.3, 0.45, 0.55, 0.6, 0.7, 0.8]) expectSame(lab, 'assets/housing-subsidy.csv', [], t);
    const answers = Object.fromEntries(
      lab.questions.map((q) => [q.id, q.options.reduce((a, b) => (b.points > a.points ? b : a)).id]),
    );
    const thresholdOnly = gradeStep(lab, { type: 'lab', removed: [], threshold: 0.55, answers });
    const fixed = gradeStep(lab, { type: 'lab', removed: ['insurance12'], threshold: lab.threshold, answers });
    expect(fixed.score).toBe(fixed.max);
    expect(thresholdOnly.score).toBeLessThan(fixed.max);
  });
});

describe('the base-rate lab (a flag explained by eligibility)', () => {
  const lab = step('base-rate');

  it('shows a disparate-impact flag with nearly equal true-positive rates', () => {
    const m = expectSame(lab, 'assets/second-dataset.csv', [], lab.threshold);
    expect(m.disparateImpact).toBeCloseTo(0.525, 4);
    expect(m.tprGap).toBeCloseTo(0.0167, 4);
  });

  it('forcing parity by lowering the threshold approves hundreds of ineligible people', () => {
    const m = expectSame(lab, 'assets/second-dataset.csv', [], 0.35);
    expect(m.disparateImpact).toBeGreaterThan(0.8);
    expect(m.wronglyApproved).toBe(241);
  });
});
