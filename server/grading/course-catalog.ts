// The courses the server grades against, loaded once at start from courses/<id>/course.yaml with
// the same loader as the build. One version per course id: an attempt made on another version
// cannot be graded and is refused with 409.
import { createHash } from 'node:crypto';
import { formatFailures, loadCourses } from '../../src/course/node/load-courses.ts';
import { toPublicCourse } from '../../src/engine/public-view.ts';
import type { Course } from '../../src/course/schema.ts';
import { courseSummary } from '../../src/course/summary.ts';
import type { CourseSummary } from '../../src/course/summary.ts';
import { RequestError } from '../http/request-error.ts';

export type { CourseSummary } from '../../src/course/summary.ts';

/** The public view as the response body, serialized once, with its entity tag. */
export interface PublicCourseBody {
  readonly json: string;
  readonly etag: string;
}

interface CatalogEntry {
  readonly course: Course;
  readonly summary: CourseSummary;
  readonly publicBody: PublicCourseBody;
}

function entryFor(course: Course): CatalogEntry {
  const json = JSON.stringify(toPublicCourse(course));
  const hash = createHash('sha256').update(json).digest('base64url').slice(0, 27);
  return {
    course,
    summary: courseSummary(course),
    publicBody: { json, etag: `"${course.version}-${hash}"` },
  };
}

export class CourseCatalog {
  readonly #entries: ReadonlyMap<string, CatalogEntry>;

  constructor(courses: readonly Course[]) {
    this.#entries = new Map(courses.map((course) => [course.id, entryFor(course)]));
  }

  /** Loads every course under `coursesDir`; any invalid course fails the start with the loader's messages. */
  static load(coursesDir: string): CourseCatalog {
    const report = loadCourses(coursesDir);
    const problems = formatFailures(report.failures);
    if (problems.length > 0) {
      throw new Error(
        `Course files under ${coursesDir} have problems; fix them (npm run courses:check) and start again:\n${problems.join('\n')}`,
      );
    }
    return new CourseCatalog(report.courses.map((loaded) => loaded.course));
  }

  get ids(): string[] {
    return [...this.#entries.keys()];
  }

  /** Every course, in catalog order. */
  get courses(): Course[] {
    return [...this.#entries.values()].map((entry) => entry.course);
  }

  summaries(): CourseSummary[] {
    return [...this.#entries.values()].map((entry) => entry.summary);
  }

  #entry(courseId: string): CatalogEntry {
    const entry = this.#entries.get(courseId);
    if (entry === undefined) {
      const known = this.ids.length > 0 ? this.ids.join(', ') : 'none';
      throw new RequestError(404, `There is no course "${courseId}" on this server. Known courses: ${known}.`);
    }
    return entry;
  }

  publicBody(courseId: string): PublicCourseBody {
    return this.#entry(courseId).publicBody;
  }

  /** The full course an attempt on `courseVersion` is graded against; 409 once the course has moved on. */
  courseFor(courseId: string, courseVersion: string): Course {
    const { course } = this.#entry(courseId);
    if (course.version !== courseVersion) {
      throw new RequestError(
        409,
        `The course "${courseId}" was updated: this server grades version ${course.version}, and the attempt was made on version ${courseVersion}. ` +
          'An attempt cannot be graded on a different version: reload the course and start a new attempt.',
      );
    }
    return course;
  }
}
