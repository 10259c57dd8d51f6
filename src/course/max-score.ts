// The most points each step can give. The validator proves it is positive; the engine divides by it.
// Each step kind says its own (src/course/steps/<kind>.ts).
import type { Course, Step } from './schema.ts';
import { formatOf } from './steps/index.ts';

export function stepMaxPoints(step: Step): number {
  return formatOf(step).maxPoints(step);
}

export function courseMaxPoints(course: Course): number {
  return course.scenes.reduce((sum, scene) => sum + scene.steps.reduce((s, step) => s + stepMaxPoints(step), 0), 0);
}
