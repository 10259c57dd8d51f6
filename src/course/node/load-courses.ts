// Node-side course loading for the check script, the Vite plugin and the server: finds
// courses/<id>/course.{yaml,yml,json}, parses and validates each one. A course of joint exercises
// (`format: exercise`) is not a solo course: it is listed apart, for src/exercise/node to load.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { declaresExerciseFormat, parseCourseText } from '../parse.ts';
import { formatProblem, type CourseProblem } from '../problems.ts';
import type { Course } from '../schema.ts';

export const COURSE_FILES = ['course.yaml', 'course.yml', 'course.json'];

export interface LoadedCourse {
  readonly id: string;
  readonly file: string;
  readonly course: Course;
}

export interface CourseLoadFailure {
  readonly file: string;
  readonly problems: readonly CourseProblem[];
}

export interface LoadReport {
  readonly courses: LoadedCourse[];
  readonly failures: CourseLoadFailure[];
  /** Course files that declare `format: exercise` (joint exercises, loaded by src/exercise/node). */
  readonly exerciseCourseFiles: string[];
}

export function loadCourseFile(file: string, root: string = process.cwd()): LoadedCourse | CourseLoadFailure {
  const display = relative(root, file) || file;
  const folder = resolve(file, '..');
  const expectedId = folder.split(/[\\/]/).pop() ?? '';
  const result = parseCourseText(readFileSync(file, 'utf8'), display, {
    expectedId,
    assetExists: (p) => existsSync(join(folder, p)),
    readAsset: (p) => (existsSync(join(folder, p)) ? readFileSync(join(folder, p), 'utf8') : undefined),
  });
  return result.ok
    ? { id: result.course.id, file: display, course: result.course }
    : { file: display, problems: result.problems };
}

export function loadCourses(coursesDir: string, root: string = process.cwd()): LoadReport {
  const courses: LoadedCourse[] = [];
  const failures: CourseLoadFailure[] = [];
  const exerciseCourseFiles: string[] = [];
  if (!existsSync(coursesDir))
    return {
      courses,
      exerciseCourseFiles,
      failures: [{ file: relative(root, coursesDir), problems: [{ path: [], message: 'the courses folder does not exist' }] }],
    };
  for (const entry of readdirSync(coursesDir).sort()) {
    const folder = join(coursesDir, entry);
    if (!statSync(folder).isDirectory()) continue;
    const found = COURSE_FILES.map((f) => join(folder, f)).filter((f) => existsSync(f));
    if (found.length === 0) {
      failures.push({
        file: relative(root, folder),
        problems: [{ path: [], message: `no course file: add ${COURSE_FILES.join(' or ')}` }],
      });
      continue;
    }
    if (found.length > 1) {
      failures.push({
        file: relative(root, folder),
        problems: [
          { path: [], message: `more than one course file (${found.map((f) => relative(folder, f)).join(', ')}): keep one` },
        ],
      });
      continue;
    }
    if (declaresExerciseFormat(readFileSync(found[0]!, 'utf8'))) {
      exerciseCourseFiles.push(found[0]!);
      continue;
    }
    const loaded = loadCourseFile(found[0]!, root);
    if ('course' in loaded) courses.push(loaded);
    else failures.push(loaded);
  }
  return { courses, failures, exerciseCourseFiles };
}

export function formatFailures(failures: readonly CourseLoadFailure[]): string[] {
  return failures.flatMap((f) => f.problems.map((p) => formatProblem(f.file, p)));
}
