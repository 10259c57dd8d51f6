import { describe, expect, it } from 'vitest';
import { loadMiniCourse } from '../engine/test-course.ts';
import { stableShuffle, toPublicCourse } from './public-view.ts';

const course = loadMiniCourse();

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
    for (const secret of ['points', 'feedback', 'hazard', 'findPoints', 'penalty', 'explanation', 'partial', 'bin', 'notes', 'sources']) {
      expect(keys.has(secret), `"${secret}" leaked`).toBe(false);
    }
    expect(JSON.stringify(view)).not.toContain('正确。');
  });

  it('keeps what the learner needs to play', () => {
    const step = view.scenes[1]!.steps[2]!;
    expect(step.type).toBe('dialogue');
    if (step.type === 'dialogue') expect(step.nodes[0]!.options.map((o) => o.next)).toEqual(['n2', 'n2']);
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
