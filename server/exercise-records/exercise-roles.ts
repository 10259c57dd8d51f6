// The role ids of every joint exercise the server's courses hold, loaded once at start: the
// recorder (./record-outcome.ts) refuses a result for a role the exercise does not have.
import { loadExerciseCourses } from '../../src/exercise/node/load-exercises.ts';

export function exerciseRolesIn(coursesDir: string): (courseId: string, exerciseId: string) => readonly string[] | undefined {
  const report = loadExerciseCourses(coursesDir);
  if (report.failures.length > 0)
    throw new Error(`Exercise courses failed to load: ${report.failures.map((failure) => failure.file).join(', ')}`);
  const roles = new Map<string, readonly string[]>();
  for (const course of report.courses)
    for (const { exercise } of course.exercises)
      roles.set(
        `${course.course.id}/${exercise.id}`,
        exercise.roles.map((r) => r.id),
      );
  return (courseId, exerciseId) => roles.get(`${courseId}/${exerciseId}`);
}
