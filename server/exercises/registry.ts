// Where the live room finds an exercise's rules by id. The server is handed a registry at start
// (the exercises of the shipped courses); tests hand it their own rules.
import { formatFailures } from '../../src/course/node/load-courses.ts';
import { createExerciseRules } from '../../src/exercise/exercise-rules.ts';
import { loadExerciseCourses } from '../../src/exercise/node/load-exercises.ts';
import type { Exercise } from '../../src/exercise/schema.ts';
import type { ExerciseRules } from './rules-port.ts';

export interface ExerciseRegistry {
  /** The rules of the exercise with this id, or undefined when there is none. */
  get(exerciseId: string): ExerciseRules | undefined;
  /** What the official records name: the exercise's course, title and role names (undefined: unknown). */
  about?(exerciseId: string): ExerciseAbout | undefined;
  /** The exercise file as parsed, for the replay page (undefined: not known, as for test rules). */
  definition?(exerciseId: string): Exercise | undefined;
}

type Localized = { readonly 'zh-CN': string; readonly en: string };

/** An exercise as its results are recorded: its course (id and version), title and each role's name. */
export interface ExerciseAbout {
  readonly courseId: string;
  readonly courseVersion: string;
  readonly title: Localized;
  readonly roleNames: Readonly<Record<string, Localized>>;
}

/** A registry of exactly these rules, by their ids (and what their records name, where given). */
export function exerciseRegistryOf(
  rules: readonly ExerciseRules[],
  about: ReadonlyMap<string, ExerciseAbout> = new Map(),
  definitions: ReadonlyMap<string, Exercise> = new Map(),
): ExerciseRegistry {
  const byId = new Map(rules.map((entry) => [entry.id, entry]));
  return {
    get: (exerciseId) => byId.get(exerciseId),
    about: (exerciseId) => about.get(exerciseId),
    definition: (exerciseId) => definitions.get(exerciseId),
  };
}

/** A registry of these parsed exercises, with their rules and definitions (and records' names, where given). */
export function exerciseRegistryOfExercises(
  exercises: readonly Exercise[],
  about: ReadonlyMap<string, ExerciseAbout> = new Map(),
): ExerciseRegistry {
  return exerciseRegistryOf(
    exercises.map((exercise) => createExerciseRules(exercise) as ExerciseRules),
    about,
    new Map(exercises.map((exercise) => [exercise.id, exercise])),
  );
}

/**
 * The exercises of every exercise course under `coursesDir` (courses/<id>/course.yaml with
 * `format: exercise`); an invalid exercise fails the start with the loader's messages, as an
 * invalid course does.
 */
export function loadExerciseRegistry(coursesDir: string): ExerciseRegistry {
  const report = loadExerciseCourses(coursesDir);
  const problems = formatFailures(report.failures);
  if (problems.length > 0)
    throw new Error(
      `Exercise files under ${coursesDir} have problems; fix them (npm run courses:check) and start again:\n${problems.join('\n')}`,
    );
  const about = new Map<string, ExerciseAbout>();
  for (const { course, exercises } of report.courses)
    for (const { exercise } of exercises)
      about.set(exercise.id, {
        courseId: course.id,
        courseVersion: course.version,
        title: exercise.title,
        roleNames: Object.fromEntries(exercise.roles.map((role) => [role.id, role.name])),
      });
  return exerciseRegistryOfExercises(
    report.courses.flatMap((course) => course.exercises.map(({ exercise }) => exercise)),
    about,
  );
}
