// What a course list shows of a course: no scenes, no answer keys. The build's catalog module
// and the server's GET /api/v1/courses both list courses with it.
import { courseMaxPoints } from './max-score.ts';
import type { Course, Localized } from './schema.ts';

export interface CourseSummary {
  readonly id: string;
  readonly version: string;
  readonly domain: Course['domain'];
  readonly title: Localized;
  readonly summary: Localized;
  readonly creditHours: number;
  readonly estimatedMinutes: number;
  readonly masteryScore: number;
  readonly sceneCount: number;
  readonly maxScore: number;
  /** A step of the course is timed: in an assessment it runs on the server's clock, so it needs the network. */
  readonly timedSteps: boolean;
}

/** Whether any step of the course (or of its public view) is timed. */
export function hasTimedSteps(course: {
  readonly scenes: readonly { readonly steps: readonly { readonly type: string }[] }[];
}): boolean {
  return course.scenes.some((scene) => scene.steps.some((step) => step.type === 'timed'));
}

export function courseSummary(course: Course): CourseSummary {
  return {
    id: course.id,
    version: course.version,
    domain: course.domain,
    title: course.title,
    summary: course.summary,
    creditHours: course.creditHours,
    estimatedMinutes: course.estimatedMinutes,
    masteryScore: course.masteryScore,
    sceneCount: course.scenes.length,
    maxScore: courseMaxPoints(course),
    timedSteps: hasTimedSteps(course),
  };
}
