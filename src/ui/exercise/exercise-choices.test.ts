// The lobby's list of exercises is the public part of the shipped exercise files, exactly.
import { describe, expect, it } from 'vitest';
import { loadExerciseCourses } from '../../exercise/node/load-exercises.ts';
import { exerciseChoices } from './exercise-choices.ts';

describe('exerciseChoices', () => {
  it('lists every shipped exercise with its title and role names, and nothing private', () => {
    const report = loadExerciseCourses('courses');
    expect(report.failures).toEqual([]);
    const shipped = report.courses.flatMap((course) =>
      course.exercises.map(({ exercise }) => ({
        id: exercise.id,
        title: exercise.title,
        roles: exercise.roles.map((role) => ({ id: role.id, name: role.name })),
      })),
    );
    expect([...exerciseChoices].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      shipped.sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(JSON.stringify(exerciseChoices)).not.toContain('briefing');
  });
});
