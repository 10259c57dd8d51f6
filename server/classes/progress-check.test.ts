// A practice progress report on a course with a pool: practice shows the pool whole, so its
// maximum is more than the assessment's, and both are maxima the course allows; others are refused.
import { describe, expect, it } from 'vitest';
import { courseMaxPoints } from '../../src/course/max-score.ts';
import type { ClassProgressReport } from '../../src/contracts/class-types.ts';
import { openBookCourse } from '../../src/engine/draw.ts';
import { loadDrawnMiniCourse } from '../../src/engine/test-course.ts';
import { CourseCatalog } from '../grading/course-catalog.ts';
import { RequestError } from '../http/request-error.ts';
import { checkedAgainstCourse } from './progress-check.ts';

const course = loadDrawnMiniCourse();
const catalog = new CourseCatalog([course]);
const report = (max: number): ClassProgressReport => ({
  courseId: 'mini',
  courseTitle: course.title,
  mode: 'practice',
  attemptId: '00000000-0000-4000-8000-000000000001',
  sceneId: null,
  sceneTitle: null,
  stepId: null,
  stepTitle: null,
  stepsDone: 0,
  stepCount: 5,
  finished: false,
  score: 0,
  max,
});

describe('progress against a course with a pool', () => {
  const assessmentMax = courseMaxPoints(course);
  const practiceMax = courseMaxPoints(openBookCourse(course));

  it('accepts the assessment maximum and the practice maximum, which differ', () => {
    expect(practiceMax).toBe(assessmentMax + 6);
    expect(checkedAgainstCourse(report(assessmentMax), catalog).max).toBe(assessmentMax);
    expect(checkedAgainstCourse(report(practiceMax), catalog).max).toBe(practiceMax);
  });

  it('refuses any other maximum, naming both', () => {
    expect(() => checkedAgainstCourse(report(assessmentMax + 1), catalog)).toThrow(RequestError);
    expect(() => checkedAgainstCourse(report(assessmentMax + 1), catalog)).toThrow(
      `progress.max is ${assessmentMax + 1}, but the course "mini" gives at most ${assessmentMax} points (${practiceMax} in practice, where every pool is shown whole).`,
    );
  });
});
