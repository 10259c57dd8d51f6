// Node-side course loading for the check script, the Vite plugin and the server: finds
// courses/<id>/course.{yaml,yml,json}, parses and validates each one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseCourseText } from '../parse.ts';
import { formatProblem, type CourseProblem } from '../problems.ts';
import type { Course } from '../schema.ts';

const COURSE_FILES = ['course.yaml', 'course.yml', 'course.json'];

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
  if (!existsSync(coursesDir))
    return {
      courses,
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
    const loaded = loadCourseFile(found[0]!, root);
    if ('course' in loaded) courses.push(loaded);
    else failures.push(loaded);
  }
  return { courses, failures };
}

export function formatFailures(failures: readonly CourseLoadFailure[]): string[] {
  return failures.flatMap((f) => f.problems.map((p) => formatProblem(f.file, p)));
}
