// npm run courses:check — validates every course under courses/ and exits non-zero on any problem.
import { resolve } from 'node:path';
import { courseMaxPoints } from '../src/course/max-score.ts';
import { formatFailures, loadCourses } from '../src/course/node/load-courses.ts';

const root = process.cwd();
const { courses, failures } = loadCourses(resolve(root, 'courses'), root);
for (const { file, course } of courses) {
  const steps = course.scenes.reduce((n, s) => n + s.steps.length, 0);
  console.log(`ok   ${file}: ${course.scenes.length} scenes, ${steps} steps, max score ${courseMaxPoints(course)}`);
}
const lines = formatFailures(failures);
for (const line of lines) console.error(line);
if (lines.length) {
  console.error(`\n${lines.length} problem${lines.length > 1 ? 's' : ''} in ${failures.length} course${failures.length > 1 ? 's' : ''}.`);
  process.exit(1);
}
if (courses.length === 0) {
  console.error('No courses found under courses/.');
  process.exit(1);
}
console.log(`${courses.length} course${courses.length > 1 ? 's' : ''} valid.`);
