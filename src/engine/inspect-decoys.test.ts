import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepMaxPoints } from '../course/max-score.ts';
import { loadCourses } from '../course/node/load-courses.ts';
import type { InspectStep } from '../course/schema.ts';
import { checkResponse, gradeStep } from './step-kinds/index.ts';
import { loadMiniCourse } from './test-course.ts';

const hunt = loadMiniCourse().scenes[0]!.steps[0] as InspectStep;
const green = hunt.hotspots.find((h) => h.id === 'green')!;

describe('inspect grading with decoys', () => {
  it('uses the fixture: a decoy "green" with two fixes and a penalty of 1', () => {
    expect(hunt.type).toBe('inspect');
    expect(green).toMatchObject({ hazard: false, penalty: 1 });
    expect(green.fixes?.map((f) => f.id)).toEqual(['move', 'tell']);
  });

  it('accepts a decoy fix as a response, and rejects a fix the decoy does not offer', () => {
    expect(checkResponse(hunt, { type: 'inspect', found: { green: 'move' } })).toBeNull();
    expect(checkResponse(hunt, { type: 'inspect', found: { green: null } })).toBeNull();
    expect(checkResponse(hunt, { type: 'inspect', found: { green: 'lock' } })).toBe('hotspot "green" has no fix "lock"');
  });

  it("costs the penalty whichever fix is chosen, and shows that fix's feedback", () => {
    for (const fix of green.fixes!) {
      const result = gradeStep(hunt, { type: 'inspect', found: { screen: 'lock', green: fix.id } });
      expect(result.lines.find((l) => l.ref === 'green')).toEqual({
        ref: 'green',
        points: -1,
        verdict: 'wrong',
        text: fix.feedback,
      });
      expect(result.score).toBe(4);
    }
  });

  it('shows the explanation when a decoy is flagged with no fix chosen', () => {
    const line = gradeStep(hunt, { type: 'inspect', found: { green: null } }).lines.find((l) => l.ref === 'green');
    expect(line).toEqual({ ref: 'green', points: -1, verdict: 'wrong', text: green.explanation });
  });

  it("never counts a decoy fix's own points", () => {
    const harsh: InspectStep = {
      ...hunt,
      hotspots: hunt.hotspots.map((h) => (h.id === 'green' ? { ...h, fixes: h.fixes!.map((f) => ({ ...f, points: -3 })) } : h)),
    };
    const line = gradeStep(harsh, { type: 'inspect', found: { screen: 'lock', green: 'tell' } }).lines.find(
      (l) => l.ref === 'green',
    );
    expect(line?.points).toBe(-1);
  });

  it('leaves an unflagged decoy out of the feedback', () => {
    const result = gradeStep(hunt, { type: 'inspect', found: { screen: 'lock', stick: 'hand-in' } });
    expect(result.lines.map((l) => l.ref)).toEqual(['screen', 'stick']);
    expect(result).toMatchObject({ score: 10, max: 10 });
  });
});

describe('maximum score with decoy fixes', () => {
  const root = resolve(import.meta.dirname, '../..');
  const steps = loadCourses(resolve(root, 'courses'), root).courses.flatMap((c) =>
    c.course.scenes.flatMap((s) =>
      s.steps.flatMap((step) => (step.type === 'inspect' ? [[`${c.id}/${step.id}`, step] as const] : [])),
    ),
  );

  it.each([['mini/hunt', hunt] as const, ...steps])('%s: decoys add nothing to the maximum', (_name, step) => {
    expect(step.hotspots.some((h) => !h.hazard && (h.fixes?.length ?? 0) >= 2)).toBe(true);
    const withoutDecoys: InspectStep = { ...step, hotspots: step.hotspots.filter((h) => h.hazard) };
    expect(stepMaxPoints(step)).toBe(stepMaxPoints(withoutDecoys));
  });
});
