// Turns exercise file text (YAML or JSON) into a validated exercise, or problems that name the
// field, the fix and the line, through the same reader as course files. Pure: no file system.
import { parseValidatedYaml } from '../course/parse.ts';
import { validateExercise, validateExerciseCourse, type ExerciseCourseValidation, type ExerciseValidation } from './validate.ts';

const syntaxOf = (fileName: string): 'YAML' | 'JSON' => (fileName.endsWith('.json') ? 'JSON' : 'YAML');

export function parseExerciseText(text: string, fileName: string, expectedId?: string): ExerciseValidation {
  return parseValidatedYaml(text, syntaxOf(fileName), (raw) => validateExercise(raw, expectedId));
}

export function parseExerciseCourseText(
  text: string,
  fileName: string,
  expectedId?: string,
  exerciseFiles?: (exerciseId: string) => number,
): ExerciseCourseValidation {
  return parseValidatedYaml(text, syntaxOf(fileName), (raw) => validateExerciseCourse(raw, expectedId, exerciseFiles));
}
