// The browser-safe view of a course: the same structure without answer keys, points, feedback or
// instructor notes. Assessment attempts ship only this and the browser plays it as it is; the
// server grades against the full course. Each step kind makes its own part
// (src/engine/step-kinds/<kind>/), its option lists in the order the learner is shown them.
import type { Character, Course, Localized, Prop, Scene, Station } from '../course/schema.ts';
import { publicStep, type PublicStep } from './step-kinds/index.ts';

export type { PublicStep } from './step-kinds/index.ts';
export type { PublicChoiceStep } from './step-kinds/choice/index.ts';
export type { PublicClassifyStep } from './step-kinds/classify/index.ts';
export type { PublicDialogueStep } from './step-kinds/dialogue/index.ts';
export type { PublicInspectStep } from './step-kinds/inspect/index.ts';
export type { PublicLabStep } from './step-kinds/lab/index.ts';
export type { PublicSequenceStep } from './step-kinds/sequence/index.ts';
export type { PublicTimedStep } from './step-kinds/timed/index.ts';
export { stableShuffle } from './step-kinds/shuffle.ts';

export interface PublicScene {
  readonly id: string;
  readonly title: Localized;
  readonly intro: Localized;
  readonly environment: Scene['environment'];
  readonly stations: readonly Station[];
  /** Who the scene's people are (gender, age, role): the person props are drawn from them. */
  readonly characters?: readonly Character[] | undefined;
  readonly props: readonly Prop[];
  readonly steps: readonly PublicStep[];
}

export interface PublicCourse {
  readonly schemaVersion: number;
  readonly id: string;
  readonly version: string;
  readonly domain: Course['domain'];
  readonly title: Localized;
  readonly summary: Localized;
  readonly objectives: readonly Localized[];
  readonly creditHours: number;
  readonly estimatedMinutes: number;
  readonly masteryScore: number;
  readonly dimensions: readonly { id: string; title: Localized }[];
  readonly scenes: readonly PublicScene[];
}

export function toPublicCourse(course: Course): PublicCourse {
  return {
    schemaVersion: course.schemaVersion,
    id: course.id,
    version: course.version,
    domain: course.domain,
    title: course.title,
    summary: course.summary,
    objectives: course.objectives,
    creditHours: course.creditHours,
    estimatedMinutes: course.estimatedMinutes,
    masteryScore: course.masteryScore,
    dimensions: course.dimensions ?? [],
    scenes: course.scenes.map((scene) => ({
      id: scene.id,
      title: scene.title,
      intro: scene.intro,
      environment: scene.environment,
      stations: scene.stations,
      characters: scene.characters ?? [],
      props: scene.props,
      steps: scene.steps.map((step) => publicStep(step, scene)),
    })),
  };
}

/**
 * A course as the engine plays it: a public view, or a course file itself, which has everything
 * the view has (and whose option lists are in the author's order, as practice shows them).
 */
export type PlayedCourse = Omit<PublicCourse, 'dimensions'> & { readonly dimensions?: PublicCourse['dimensions'] | undefined };
export type PlayedScene = PlayedCourse['scenes'][number];
