import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMiniCourse } from './test-course.ts';
import { loadCourses } from '../course/node/load-courses.ts';
import { stableShuffle, toPublicCourse } from './public-view.ts';

const course = loadMiniCourse();
const root = resolve(import.meta.dirname, '../..');
const realCourses = loadCourses(resolve(root, 'courses'), root);

function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe('public view', () => {
  const view = toPublicCourse(course);

  it('carries no answer keys, points, feedback or instructor notes', () => {
    const keys = keysOf(view);
    for (const secret of [
      'points',
      'feedback',
      'hazard',
      'findPoints',
      'penalty',
      'explanation',
      'partial',
      'bin',
      'notes',
      'sources',
    ]) {
      expect(keys.has(secret), `"${secret}" leaked`).toBe(false);
    }
    expect(JSON.stringify(view)).not.toContain('正确。');
  });

  it('keeps what the learner needs to play', () => {
    const step = view.scenes[1]!.steps[2]!;
    expect(step.type).toBe('dialogue');
    if (step.type === 'dialogue') expect(step.nodes[0]!.options!.map((o) => o.next)).toEqual(['n2', 'n2']);
    expect(view.scenes[0]!.props).toHaveLength(4);
  });

  it('shows sequence items shuffled, never in the answer order, the same way every time', () => {
    const step = view.scenes[1]!.steps[1]!;
    if (step.type !== 'sequence') throw new Error('fixture changed');
    expect(step.items.map((i) => i.id)).not.toEqual(['assess', 'mask', 'publish']);
    expect(toPublicCourse(course)).toEqual(view);
    expect(stableShuffle([1, 2], 'x')).toEqual([2, 1]);
  });
});

describe('public view of the real courses', () => {
  it('loads every course', () => {
    expect(realCourses.failures).toEqual([]);
    expect(realCourses.courses.length).toBeGreaterThanOrEqual(3);
  });

  const inspectSteps = realCourses.courses.flatMap(({ id, course: full }) => {
    const view = toPublicCourse(full);
    return full.scenes.flatMap((scene, s) =>
      scene.steps.flatMap((step, i) => {
        const shown = view.scenes[s]!.steps[i]!;
        return step.type === 'inspect' && shown.type === 'inspect' ? [{ name: `${id}/${step.id}`, scene, step, shown }] : [];
      }),
    );
  });

  it('has inspect steps with decoys to check', () => {
    expect(inspectSteps.flatMap((s) => s.step.hotspots.filter((h) => !h.hazard)).length).toBeGreaterThanOrEqual(5);
  });

  it.each(inspectSteps.map((s) => [s.name, s] as const))(
    '%s: a decoy cannot be told from a hazard by its shape',
    (_name, { step, shown }) => {
      expect(shown.hotspots.map((h) => h.id).sort()).toEqual(step.hotspots.map((h) => h.id).sort());
      for (const hotspot of shown.hotspots) {
        expect(Object.keys(hotspot).sort(), hotspot.id).toEqual(['fixes', 'id', 'prop']);
        expect(hotspot.fixes!.length, hotspot.id).toBeGreaterThanOrEqual(2);
        for (const fix of hotspot.fixes!) {
          expect(Object.keys(fix).sort(), `${hotspot.id}.${fix.id}`).toEqual(['id', 'text']);
          expect(Object.keys(fix.text).sort()).toEqual(['en', 'zh-CN']);
        }
      }
    },
  );

  it.each(inspectSteps.map((s) => [s.name, s] as const))(
    '%s: hotspots come in room order, not file order',
    (_name, { scene, step, shown }) => {
      const place = (propId: string) => scene.props.findIndex((p) => p.id === propId);
      const places = shown.hotspots.map((h) => place(h.prop));
      expect(places).toEqual([...places].sort((a, b) => a - b));
      // Decoys are written last in the file; the public list must not end with all of them.
      const decoys = new Set(step.hotspots.filter((h) => !h.hazard).map((h) => h.id));
      const tail = shown.hotspots.slice(shown.hotspots.length - decoys.size).map((h) => h.id);
      if (decoys.size > 0) expect(tail.every((id) => decoys.has(id))).toBe(false);
    },
  );

  it.each(realCourses.courses.map((c) => [c.id, c.course] as const))(
    '%s: the serialized view holds no answer keys',
    (_id, full) => {
      const keys = keysOf(JSON.parse(JSON.stringify(toPublicCourse(full))));
      for (const secret of ['hazard', 'penalty', 'findPoints', 'points', 'feedback', 'explanation']) {
        expect(keys.has(secret), `"${secret}" leaked`).toBe(false);
      }
    },
  );
});

describe('public view option order', () => {
  it('never keeps the authored order of a choice, so "the first option is best" gives nothing away', () => {
    const report = loadCourses(resolve(root, 'courses'), root);
    let lists = 0;
    for (const { course } of report.courses) {
      const view = toPublicCourse(course);
      course.scenes.forEach((scene, si) =>
        scene.steps.forEach((step, ki) => {
          const pub = view.scenes[si]!.steps[ki]!;
          const pairs: [readonly { id: string }[], readonly { id: string }[]][] = [];
          if (step.type === 'choice' && pub.type === 'choice') pairs.push([step.options, pub.options]);
          if (step.type === 'timed' && pub.type === 'timed') pairs.push([step.actions, pub.actions]);
          if (step.type === 'lab' && pub.type === 'lab')
            step.questions.forEach((q, i) => pairs.push([q.options, pub.questions[i]!.options]));
          if (step.type === 'dialogue' && pub.type === 'dialogue')
            step.nodes.forEach((n, i) => pairs.push([n.options ?? [], pub.nodes[i]!.options!]));
          for (const [authored, shown] of pairs) {
            if (authored.length < 2) continue;
            lists++;
            expect(shown.map((o) => o.id).sort()).toEqual(authored.map((o) => o.id).sort());
            expect(shown.map((o) => o.id)).not.toEqual(authored.map((o) => o.id));
          }
        }),
      );
    }
    expect(lists).toBeGreaterThan(20);
  });
});
