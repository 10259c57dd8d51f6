// Node-side loading of courses of joint exercises: courses/<id>/course.yaml with `format: exercise`
// and one file per exercise, exercises/<exercise-id>.{yaml,yml,json}, each parsed and validated.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { declaresExerciseFormat } from '../../course/parse.ts';
import { COURSE_FILES, type CourseLoadFailure } from '../../course/node/load-courses.ts';
import { parseExerciseCourseText, parseExerciseText } from '../parse.ts';
import type { Exercise, ExerciseCourse } from '../schema.ts';

const EXERCISE_EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface LoadedExercise {
  readonly id: string;
  readonly file: string;
  readonly exercise: Exercise;
}
export interface LoadedExerciseCourse {
  readonly id: string;
  readonly file: string;
  readonly course: ExerciseCourse;
  readonly exercises: readonly LoadedExercise[];
}
export interface ExerciseLoadReport {
  readonly courses: LoadedExerciseCourse[];
  readonly failures: CourseLoadFailure[];
}

/** Loads one exercise course file and every exercise it lists; any problem fails the whole course. */
export function loadExerciseCourseFile(file: string, root: string = process.cwd()): LoadedExerciseCourse | CourseLoadFailure[] {
  const display = relative(root, file) || file;
  const folder = resolve(file, '..');
  const filesOf = (exerciseId: string): string[] =>
    EXERCISE_EXTENSIONS.map((ext) => join(folder, 'exercises', `${exerciseId}${ext}`)).filter((f) => existsSync(f));
  const result = parseExerciseCourseText(
    readFileSync(file, 'utf8'),
    display,
    folder.split(/[\\/]/).pop() ?? '',
    (exerciseId) => filesOf(exerciseId).length,
  );
  if (!result.ok) return [{ file: display, problems: result.problems }];
  const failures: CourseLoadFailure[] = [];
  const exercises: LoadedExercise[] = [];
  result.course.exercises.forEach((exerciseId) => {
    const found = filesOf(exerciseId);
    const exerciseFile = relative(root, found[0]!) || found[0]!;
    const parsed = parseExerciseText(readFileSync(found[0]!, 'utf8'), exerciseFile, exerciseId);
    if (parsed.ok) exercises.push({ id: exerciseId, file: exerciseFile, exercise: parsed.exercise });
    else failures.push({ file: exerciseFile, problems: parsed.problems });
  });
  return failures.length ? failures : { id: result.course.id, file: display, course: result.course, exercises };
}

/** Every course of joint exercises under coursesDir (solo courses are left to src/course/node). */
export function loadExerciseCourses(coursesDir: string, root: string = process.cwd()): ExerciseLoadReport {
  const courses: LoadedExerciseCourse[] = [];
  const failures: CourseLoadFailure[] = [];
  if (!existsSync(coursesDir)) return { courses, failures };
  for (const entry of readdirSync(coursesDir).sort()) {
    const folder = join(coursesDir, entry);
    if (!statSync(folder).isDirectory()) continue;
    const file = COURSE_FILES.map((f) => join(folder, f)).find((f) => existsSync(f));
    if (!file || !declaresExerciseFormat(readFileSync(file, 'utf8'))) continue;
    const loaded = loadExerciseCourseFile(file, root);
    if (Array.isArray(loaded)) failures.push(...loaded);
    else courses.push(loaded);
  }
  return { courses, failures };
}
