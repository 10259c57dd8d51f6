// What reports need to know about courses: their order, credit hours, titles, competency
// dimensions and step titles, from the courses the server grades (server/grading/course-catalog.ts).
import type { Course, Localized } from '../../src/course/schema.ts';
import type { CourseCatalog } from '../grading/course-catalog.ts';

export interface ReportCourse {
  readonly id: string;
  readonly version: string;
  readonly title: Localized;
  readonly creditHours: number;
  /** The course's own pass mark (scaled), which the policy's minimum may raise. */
  readonly masteryScore: number;
  readonly dimensions: ReadonlyMap<string, Localized>;
  /** `sceneId/stepId` → the step's title and its place in the course, for ordering items. */
  readonly steps: ReadonlyMap<string, { readonly title: Localized; readonly order: number }>;
}

const plain = (text: string): Localized => ({ 'zh-CN': text, en: text });

export class ReportCourses {
  readonly list: readonly ReportCourse[];
  readonly #byId: ReadonlyMap<string, ReportCourse>;
  readonly #order: ReadonlyMap<string, number>;
  /** Each dimension's label and place, from the first course (in catalog order) that declares it. */
  readonly #dimensions = new Map<string, { readonly label: Localized; readonly order: number }>();

  constructor(courses: readonly Course[]) {
    this.list = courses.map(reportCourse);
    this.#byId = new Map(this.list.map((course) => [course.id, course]));
    this.#order = new Map(this.list.map((course, index) => [course.id, index]));
    for (const course of this.list) {
      for (const [id, label] of course.dimensions)
        if (!this.#dimensions.has(id)) this.#dimensions.set(id, { label, order: this.#dimensions.size });
    }
  }

  /** The courses of the grader's catalog, in its order. */
  static fromCatalog(catalog: CourseCatalog): ReportCourses {
    return new ReportCourses(catalog.summaries().map((summary) => catalog.courseFor(summary.id, summary.version)));
  }

  get ids(): string[] {
    return this.list.map((course) => course.id);
  }

  get(courseId: string): ReportCourse | undefined {
    return this.#byId.get(courseId);
  }

  /** Hours a finished course earns; a course no longer on the server earns none (it cannot be checked). */
  creditHours(courseId: string): number {
    return this.#byId.get(courseId)?.creditHours ?? 0;
  }

  title(courseId: string): Localized {
    return this.#byId.get(courseId)?.title ?? plain(courseId);
  }

  /** Catalog order, then courses the server no longer has, by id. */
  order(courseId: string): number {
    return this.#order.get(courseId) ?? this.list.length;
  }

  /** A dimension's label in the given course, else from the first course declaring it, else its id. */
  dimensionLabel(dimensionId: string, courseId?: string): Localized {
    const own = courseId === undefined ? undefined : this.#byId.get(courseId)?.dimensions.get(dimensionId);
    return own ?? this.#dimensions.get(dimensionId)?.label ?? plain(dimensionId);
  }

  /** Where a dimension sorts: by the first course declaring it, in catalog order, then its place there. */
  dimensionOrder(dimensionId: string): number {
    return this.#dimensions.get(dimensionId)?.order ?? this.#dimensions.size;
  }
}

function reportCourse(course: Course): ReportCourse {
  const steps = new Map<string, { title: Localized; order: number }>();
  for (const scene of course.scenes)
    for (const step of scene.steps) steps.set(`${scene.id}/${step.id}`, { title: step.title, order: steps.size });
  return {
    id: course.id,
    version: course.version,
    title: course.title,
    creditHours: course.creditHours,
    masteryScore: course.masteryScore,
    dimensions: new Map((course.dimensions ?? []).map((dimension) => [dimension.id, dimension.title])),
    steps,
  };
}
