// Where the live room finds an exercise's rules by id. The server is handed a registry at start
// (the exercises of the shipped courses); tests hand it their own rules.
import { formatFailures } from '../../src/course/node/load-courses.ts';
import { createExerciseRules } from '../../src/exercise/exercise-rules.ts';
import { loadExerciseCourses } from '../../src/exercise/node/load-exercises.ts';
import type { ExerciseRules } from './rules-port.ts';

export interface ExerciseRegistry {
  /** The rules of the exercise with this id, or undefined when there is none. */
  get(exerciseId: string): ExerciseRules | undefined;
}

/** A registry of exactly these rules, by their ids. */
export function exerciseRegistryOf(rules: readonly ExerciseRules[]): ExerciseRegistry {
  const byId = new Map(rules.map((entry) => [entry.id, entry]));
  return { get: (exerciseId) => byId.get(exerciseId) };
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
  return exerciseRegistryOf(
    report.courses.flatMap((course) => course.exercises.map(({ exercise }) => createExerciseRules(exercise) as ExerciseRules)),
  );
}
