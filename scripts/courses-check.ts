// npm run courses:check — validates every course under courses/ (solo courses and courses of joint
// exercises) and exits non-zero on any problem.
import { resolve } from 'node:path';
import { courseMaxPoints } from '../src/course/max-score.ts';
import { formatFailures, loadCourses, type CourseLoadFailure } from '../src/course/node/load-courses.ts';
import { formatProblem } from '../src/course/problems.ts';
import { lintCourseText, lintLocalizedText } from '../src/course/text-lint.ts';
import { loadExerciseCourses } from '../src/exercise/node/load-exercises.ts';
import { roleMaxPoints, teamMaxPoints } from '../src/exercise/score.ts';
import { describeChar, missingGlyphs, readSourceFont } from './font-subset.ts';

const root = process.cwd();
const { courses, failures } = loadCourses(resolve(root, 'courses'), root);
const font = await readSourceFont();
for (const { file, course } of courses) {
  const lint = lintCourseText(course);
  for (const w of lint.warnings) console.warn(`warn ${formatProblem(file, w)}`);
  // Every character must have a glyph in the font the app ships, or the headset shows a box.
  const chars = [...new Set(JSON.stringify(course))].join('');
  const missing = missingGlyphs(font, chars);
  const problems = [
    ...lint.errors,
    ...missing.map((c) => ({
      path: [],
      message: `${describeChar(c)} has no glyph in the app's font (Noto Sans SC): use another character`,
    })),
  ];
  if (problems.length) {
    failures.push({ file, problems } satisfies CourseLoadFailure);
    continue;
  }
  const steps = course.scenes.reduce((n, s) => n + s.steps.length, 0);
  console.log(
    `ok   ${file}: ${course.scenes.length} scenes, ${steps} steps, max score ${courseMaxPoints(course)}${lint.warnings.length ? `, ${lint.warnings.length} warnings` : ''}`,
  );
}
const exerciseReport = loadExerciseCourses(resolve(root, 'courses'), root);
failures.push(...exerciseReport.failures);
for (const { file, exercises } of exerciseReport.courses) {
  let clean = true;
  for (const { file: exerciseFile, exercise } of exercises) {
    const lint = lintLocalizedText(exercise);
    for (const w of lint.warnings) console.warn(`warn ${formatProblem(exerciseFile, w)}`);
    const missing = missingGlyphs(font, [...new Set(JSON.stringify(exercise))].join(''));
    const problems = [
      ...lint.errors,
      ...missing.map((c) => ({
        path: [],
        message: `${describeChar(c)} has no glyph in the app's font (Noto Sans SC): use another character`,
      })),
    ];
    if (problems.length) {
      clean = false;
      failures.push({ file: exerciseFile, problems });
      continue;
    }
    const roles = exercise.roles.map((r) => `${r.id} ${roleMaxPoints(exercise, r.id)}`).join(', ');
    console.log(
      `ok   ${exerciseFile}: ${exercise.roles.length} roles, ${exercise.phases.length} phases, ${exercise.actions.length} actions, ${exercise.requests.length} requests, team max ${teamMaxPoints(exercise)} (${roles})`,
    );
  }
  if (clean) console.log(`ok   ${file}: ${exercises.length} exercise${exercises.length > 1 ? 's' : ''}`);
}
const lines = formatFailures(failures);
for (const line of lines) console.error(line);
if (lines.length) {
  console.error(
    `\n${lines.length} problem${lines.length > 1 ? 's' : ''} in ${failures.length} course${failures.length > 1 ? 's' : ''}.`,
  );
  process.exit(1);
}
const total = courses.length + exerciseReport.courses.length;
if (total === 0) {
  console.error('No courses found under courses/.');
  process.exit(1);
}
console.log(`${total} course${total > 1 ? 's' : ''} valid.`);
