// The role ids of every joint exercise the server's courses hold, read from the course folder on
// the first recording and kept: the recorder (./record-outcome.ts) refuses a result for a role
// the exercise does not have. An exercise course that fails to load fails that recording.
import { loadExerciseCourses } from '../../src/exercise/node/load-exercises.ts';

export function exerciseRolesIn(coursesDir: string): (courseId: string, exerciseId: string) => readonly string[] | undefined {
  let roles: Map<string, readonly string[]> | undefined;
  const load = (): Map<string, readonly string[]> => {
    const report = loadExerciseCourses(coursesDir);
    if (report.failures.length > 0)
      throw new Error(`Exercise courses failed to load: ${report.failures.map((failure) => failure.file).join(', ')}`);
    const loaded = new Map<string, readonly string[]>();
    for (const course of report.courses)
      for (const { exercise } of course.exercises)
        loaded.set(
          `${course.course.id}/${exercise.id}`,
          exercise.roles.map((role) => role.id),
        );
    return loaded;
  };
  return (courseId, exerciseId) => (roles ??= load()).get(`${courseId}/${exerciseId}`);
}
