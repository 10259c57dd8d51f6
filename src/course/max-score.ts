// The most points each step can give. The validator proves it is positive; the engine divides by it.
import { analyzeDialogue } from './dialogue-graph.ts';
import type { Course, Step } from './schema.ts';

export function stepMaxPoints(step: Step): number {
  switch (step.type) {
    case 'inspect':
      return step.hotspots
        .filter((h) => h.hazard)
        .reduce((sum, h) => sum + (h.findPoints ?? 0) + Math.max(0, ...(h.fixes ?? []).map((f) => f.points)), 0);
    case 'choice':
      return step.multiple
        ? step.options.reduce((sum, o) => sum + Math.max(0, o.points), 0)
        : Math.max(0, ...step.options.map((o) => o.points));
    case 'classify':
      return step.items.reduce((sum, i) => sum + i.points, 0);
    case 'sequence':
      return step.points;
    case 'dialogue':
      return Math.max(0, analyzeDialogue(step, []).maxPoints);
    case 'lab':
      return (
        step.questions.reduce((sum, q) => sum + Math.max(0, ...q.options.map((o) => o.points)), 0) +
        (step.goals ?? []).reduce((sum, g) => sum + g.points, 0)
      );
    case 'timed':
      return step.actions.reduce((sum, a) => sum + Math.max(0, a.points), 0) + (step.deadlines ?? []).reduce((sum, d) => sum + d.points, 0);
  }
}

export function courseMaxPoints(course: Course): number {
  return course.scenes.reduce((sum, scene) => sum + scene.steps.reduce((s, step) => s + stepMaxPoints(step), 0), 0);
}
