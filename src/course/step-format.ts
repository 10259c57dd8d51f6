// What each step kind adds to the course format (src/course/steps/<kind>.ts): its part of the
// schema, the validator's checks of meaning beyond the shape, and the most points it can give.
// Its behaviour (public view, grading, xAPI) is in src/engine/step-kinds/<kind>/.
import { describeKnown, type PathSegment } from './problems.ts';

export type Report = (path: PathSegment[], message: string) => void;

export interface StepFormat<S> {
  /** Reports what the shape cannot say: duplicate ids, dangling references, impossible settings. */
  readonly check: (
    step: S,
    path: PathSegment[],
    scene: { readonly props: ReadonlySet<string>; readonly characters: ReadonlySet<string> },
    report: Report,
  ) => void;
  /** The most points the step can give. The validator proves it is positive; the engine divides by it. */
  readonly maxPoints: (step: S) => number;
}

export function checkUnique(items: readonly { id: string }[], path: PathSegment[], what: string, report: Report): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) report([...path, i, 'id'], `duplicate ${what} id "${item.id}": ids must be unique`);
    seen.add(item.id);
  });
  return seen;
}

export function checkRef(id: string, known: ReadonlySet<string>, path: PathSegment[], what: string, report: Report): void {
  if (!known.has(id)) report(path, `no ${what} "${id}" (known: ${describeKnown([...known])})`);
}
