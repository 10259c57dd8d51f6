import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { courseMaxPoints } from '../course/max-score.ts';
import { parseNumericCsv } from '../course/csv.ts';
import { parseCourseText } from '../course/parse.ts';
import { toPublicCourse } from './public-view.ts';
import type { Course, LabStep, TimedStep } from '../course/schema.ts';
import { validateCourse } from '../course/validate.ts';
import { labMetrics } from './step-kinds/lab/metrics.ts';
import { gradeStep } from './step-kinds/index.ts';
import { runTimedClock } from './step-kinds/timed/clock.ts';

const text = readFileSync(new URL('../course/fixtures/lab-timed-course.yaml', import.meta.url), 'utf8');
const result = parseCourseText(text, 'lab-timed.yaml');
if (!result.ok) throw new Error(JSON.stringify(result.problems));
const course: Course = result.course;
const lab = course.scenes[0]!.steps[0] as LabStep;
const timed = course.scenes[1]!.steps[0] as TimedStep;

describe('lab metrics, from the data', () => {
  it('computes rates, disparate impact, TPR gap and wrong decisions with every feature', () => {
    const m = labMetrics(lab, { removed: [], threshold: 0.5 });
    // local scores (need+insured)/2: .95 .9 .85 .8 .6 .05 → 5 approved, 5 of 5 eligible
    // non-local: .45 .4 .35 .3 .95 .05 → 1 approved, 1 of 5 eligible
    expect(m.groups.map((g) => [g.n, g.eligible, g.approved, g.truePositives])).toEqual([
      [6, 5, 5, 5],
      [6, 5, 1, 1],
    ]);
    expect(m.disparateImpact).toBeCloseTo(0.2, 6);
    expect(m.tprGap).toBeCloseTo(0.8, 6);
    expect(m.wronglyRejected).toBe(4);
    expect(m.wronglyApproved).toBe(0);
  });

  it('recomputes everything when the proxy is removed or the threshold moves', () => {
    const m = labMetrics(lab, { removed: ['insured'], threshold: 0.5 });
    // need only: local .9 .8 .7 .6 .2 .1 → 4; non-local .9 .8 .7 .6 .9 .1 → 5
    expect(m.groups.map((g) => g.approved)).toEqual([4, 5]);
    expect(m.disparateImpact).toBeCloseTo(0.8, 6);
    expect(m.tprGap).toBeCloseTo(0.2, 6);
    expect(m.wronglyRejected).toBe(1);
    const lower = labMetrics(lab, { removed: ['insured'], threshold: 0.15 });
    expect(lower.groups.map((g) => g.approved)).toEqual([5, 5]);
    expect(lower.tprGap).toBe(0);
  });

  it('grades the answers and the goals the final model meets', () => {
    const good = gradeStep(lab, { type: 'lab', removed: ['insured'], threshold: 0.15, answers: { proxy: 'insured' } });
    expect(good).toMatchObject({ score: 5, max: 5 });
    const bad = gradeStep(lab, { type: 'lab', removed: [], threshold: 0.5, answers: { proxy: 'need' } });
    expect(bad.score).toBe(0);
    expect(bad.lines.find((l) => l.ref === 'goal:disparateImpact')).toMatchObject({
      verdict: 'missed',
      text: { en: expect.stringContaining('now 0.2') },
    });
  });
});

describe('timed steps', () => {
  it('advances the simulated clock with actions and hesitation, and containment stops the counter', () => {
    // 10 s of hesitation = 10 min; contain takes 10 → min 20, counter 5 + 2×20 = 45, then stops.
    const s = runTimedClock(timed, [
      { id: 'contain', atMs: 10_000 },
      { id: 'report', atMs: 20_000 },
    ]);
    expect(s.finishedAt).toEqual({ contain: 20, report: 35 });
    expect(s.counter).toBe(45);
    expect(runTimedClock(timed, [], 30_000).counter).toBe(65);
  });

  it('scores actions, deadlines and the outcome; dithering costs the deadline', () => {
    const fast = gradeStep(timed, {
      type: 'timed',
      done: [
        { id: 'report', atMs: 1000 },
        { id: 'contain', atMs: 2000 },
      ],
      endedMs: 3000,
    });
    expect(fast).toMatchObject({ score: 7, max: 7 });
    const slow = gradeStep(timed, {
      type: 'timed',
      done: [
        { id: 'hide', atMs: 20_000 },
        { id: 'report', atMs: 40_000 },
      ],
      endedMs: 50_000,
    });
    // hide −2, report +2 (too late for the deadline), contain missed; the leak spread widely.
    expect(slow.score).toBe(0);
    expect(slow.lines.find((l) => l.ref === 'deadline:report')?.verdict).toBe('missed');
    expect(slow.lines.at(-1)?.text.en).toMatch(/^Widely spread/);
    // Actions stamped after the time limit do not count.
    const late = gradeStep(timed, { type: 'timed', done: [{ id: 'contain', atMs: 61_000 }], endedMs: 61_000 });
    expect(late.lines.find((l) => l.ref === 'contain')?.verdict).toBe('missed');
  });

  it('keeps points, feedback, deadlines and outcomes out of the public view, but not the clock rules', () => {
    const view = JSON.stringify(toPublicCourse(course));
    expect(view).not.toContain('Stop the spread');
    expect(view).not.toContain('byMinute');
    expect(view).toContain('"minutesPerSecond":1');
    expect(view).not.toContain('Disparate impact in range');
    expect(courseMaxPoints(course)).toBe(12);
  });
});

describe('lab data checks', () => {
  const raw = () => parse(text) as { scenes: { steps: Record<string, unknown>[] }[] };

  it('names a missing column, a bad value and a group nobody declared', () => {
    const a = raw();
    (a.scenes[0]!.steps[0]!['features'] as { column: string }[])[1]!.column = 'insurance';
    const b = raw();
    (b.scenes[0]!.steps[0]!['data'] as { rows: number[][] }).rows[2]![2] = 7;
    const c = raw();
    (c.scenes[0]!.steps[0]!['data'] as { rows: number[][] }).rows[0]![0] = 3;
    const messages = [a, b, c].map((x) => {
      const r = validateCourse(x);
      return r.ok ? '' : r.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('\n');
    });
    expect(messages[0]).toBe(
      'scenes.0.steps.0.features.1.column: no column "insurance" in data (columns: group, eligible, need, insured)',
    );
    expect(messages[1]).toBe('scenes.0.steps.0.data: data, data row 3: feature column need must be between 0 and 1, got 7');
    expect(messages[2]).toBe('scenes.0.steps.0.data: data, data row 1: group is 3, which no group declares (groups: 0, 1)');
  });

  it('loads a dataset from a CSV file through the course folder', () => {
    const x = raw();
    const step = x.scenes[0]!.steps[0]!;
    const table = step['data'] as { columns: string[]; rows: number[][] };
    delete step['data'];
    step['dataset'] = 'assets/applicants.csv';
    const csv = [table.columns.join(','), ...table.rows.map((r) => r.join(','))].join('\n');
    const loaded = validateCourse(x, { readAsset: (p) => (p === 'assets/applicants.csv' ? csv : undefined) });
    expect(loaded.ok).toBe(true);
    const missing = validateCourse(raw(), {});
    expect(missing.ok).toBe(true);
    expect(parseNumericCsv('a,b\n1,x').ok).toBe(false);
    expect(parseNumericCsv('a,b\n1,x')).toEqual({ ok: false, message: 'line 2, column "b": "x" is not a number' });
  });
});
