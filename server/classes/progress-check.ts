// A member's progress report checked against the course it names, so the trainer's live table
// shows only what the course allows: known scene and step, the course's step count and maximum,
// a score within it. Titles are taken from the course, not from the browser.
import type { ClassProgressReport } from '../../src/contracts/class-types.ts';
import { courseMaxPoints } from '../../src/course/max-score.ts';
import { openBookCourse } from '../../src/engine/draw.ts';
import type { CourseCatalog } from '../grading/course-catalog.ts';
import { RequestError } from '../http/request-error.ts';

/** Rounding slack for sums of fractional points. */
const EPSILON = 1e-6;

export function checkedAgainstCourse(report: ClassProgressReport, catalog: CourseCatalog): ClassProgressReport {
  const course = catalog.courses.find((item) => item.id === report.courseId);
  if (course === undefined)
    throw new RequestError(
      400,
      `progress.courseId "${report.courseId}" is not a course on this server; known courses: ${catalog.ids.join(', ') || 'none'}.`,
    );
  const stepCount = course.scenes.reduce((total, scene) => total + scene.steps.length, 0);
  if (report.stepCount !== stepCount)
    throw new RequestError(
      400,
      `progress.stepCount is ${report.stepCount}, but the course "${course.id}" has ${stepCount} steps.`,
    );
  const scene = report.sceneId === null ? undefined : course.scenes.find((item) => item.id === report.sceneId);
  if (report.sceneId !== null && scene === undefined)
    throw new RequestError(400, `progress.sceneId "${report.sceneId}" is not a scene of the course "${course.id}".`);
  const step = report.stepId === null ? undefined : scene?.steps.find((item) => item.id === report.stepId);
  if (report.stepId !== null && step === undefined)
    throw new RequestError(
      400,
      scene === undefined
        ? 'progress.stepId needs progress.sceneId, the scene the step belongs to.'
        : `progress.stepId "${report.stepId}" is not a step of the scene "${scene.id}".`,
    );
  // An assessment is scored out of the course's maximum; practice shows every pool whole, which
  // can give more (src/engine/draw.ts). Either is a maximum the course allows.
  const maxima = [courseMaxPoints(course), courseMaxPoints(openBookCourse(course))];
  const max = report.max !== null && maxima.some((m) => Math.abs(report.max! - m) <= EPSILON) ? report.max : maxima[0]!;
  if (report.max !== null && Math.abs(report.max - max) > EPSILON)
    throw new RequestError(
      400,
      `progress.max is ${report.max}, but the course "${course.id}" gives at most ${maxima[0]} points${maxima[1] === maxima[0] ? '' : ` (${maxima[1]} in practice, where every pool is shown whole)`}.`,
    );
  if (report.score !== null && report.score > max + EPSILON)
    throw new RequestError(400, `progress.score (${report.score}) cannot exceed the course's ${max} points.`);
  return {
    ...report,
    courseTitle: course.title,
    sceneTitle: scene?.title ?? null,
    stepTitle: step?.title ?? null,
  };
}
