// The kept graded states: used only for the exact count of actions the row holds, taken out while
// a batch is graded, the least recently graded dropped first, finished attempts not kept.
import { describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { gradeFrom, ungraded } from './attempt-grader.ts';
import { GradedAttempts } from './graded-attempts.ts';
import { assessmentLog, miniCourse } from './test-support/grading-test-app.ts';

const log = assessmentLog(MINI_PASSING);
const pointAfter = (count: number) =>
  gradeFrom(
    miniCourse(),
    ungraded(2_000),
    log.slice(0, count),
    log.map(() => 1),
  ).point;

describe('GradedAttempts', () => {
  it('gives back a kept state only for the count of actions it was graded on, and only once', () => {
    const kept = new GradedAttempts(100);
    const point = pointAfter(3);
    kept.keep('a', point);
    expect(kept.take('a', 4)).toBeUndefined();
    // A mismatch drops the entry: it can never match again, the log only grows.
    expect(kept.take('a', 3)).toBeUndefined();
    kept.keep('a', point);
    expect(kept.take('a', 3)).toBe(point);
    expect(kept.take('a', 3)).toBeUndefined();
  });

  it('drops the least recently graded attempts beyond its capacity in actions, and never keeps a finished one', () => {
    const kept = new GradedAttempts(5);
    kept.keep('a', pointAfter(1));
    kept.keep('b', pointAfter(2));
    kept.keep('c', pointAfter(3));
    expect(kept.size).toBe(2);
    expect(kept.take('a', 1)).toBeUndefined();
    expect(kept.take('c', 3)).toBeDefined();
    const finished = pointAfter(log.length);
    expect(finished.state.status).toBe('finished');
    const roomy = new GradedAttempts(1_000);
    roomy.keep('d', finished);
    expect(roomy.take('d', log.length)).toBeUndefined();
    roomy.keep('e', pointAfter(log.length - 1));
    expect(roomy.take('e', log.length - 1)).toBeDefined();
  });
});
