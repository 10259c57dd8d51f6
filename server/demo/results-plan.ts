// A synthetic learner's training year: which courses they take (the policy's required ones and
// optional ones, by profile), when (working hours on weekdays, Beijing time, spread over the
// period, some in the previous year), and retakes after a result below the policy's minimum.
// Every attempt is played by the step-answer generator and graded by the server's own grader.
import type { Course } from '../../src/course/schema.ts';
import type { AttemptAction } from '../../src/engine/attempt-actions.ts';
import type { Policy } from '../../src/policy/schema.ts';
import { minimumScoreFor, requiredCoursesFor, requiredHoursFor } from '../../src/policy/standing.ts';
import { gradeBatch } from '../grading/attempt-grader.ts';
import type { GradedBatch } from '../grading/attempt-grader.ts';
import { playAttempt } from './attempt-log.ts';
import type { DemoPerson, LearnerProfile } from './organisation.ts';
import type { Random } from './random.ts';
import { clamp01 } from './random.ts';

export interface DemoAttempt {
  readonly attemptId: string;
  readonly employeeId: string;
  readonly course: Course;
  readonly log: readonly AttemptAction[];
  /** The grader's result of the whole log (the attempt is finished, so totals are set). */
  readonly graded: GradedBatch & { readonly totals: NonNullable<GradedBatch['totals']> };
  /** ISO 8601: the first and the finishing action. */
  readonly started: string;
  readonly finished: string;
}

/** The windows attempts fall in, as ms since the epoch (UTC). */
export interface DemoCalendar {
  /** The main year: most attempts. */
  readonly year: readonly [number, number];
  /** The end of the previous year: a few earlier attempts. */
  readonly previous: readonly [number, number];
}

/** 2026 up to late November (before the date the demo was written), and autumn 2025. */
export const DEMO_CALENDAR: DemoCalendar = {
  year: [Date.UTC(2026, 0, 12), Date.UTC(2026, 10, 20)],
  previous: [Date.UTC(2025, 8, 1), Date.UTC(2025, 11, 19)],
};

const BEIJING_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** A weekday time between 09:00 and 16:30 Beijing time, on or after `fromMs` and before `toMs`. */
export function workingTime(random: Random, fromMs: number, toMs: number): number {
  for (;;) {
    const day = Math.floor((fromMs + random.next() * Math.max(0, toMs - fromMs)) / DAY_MS) * DAY_MS;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    return day - BEIJING_MS + Math.round((9 + random.next() * 7.5) * 3600_000);
  }
}

const RETAKE_CHANCE: Readonly<Record<LearnerProfile, number>> = {
  diligent: 0.9,
  minimal: 0.7,
  skipper: 0.6,
  struggling: 0.5,
  late: 0,
};
const EXTRA_COURSE_CHANCE: Readonly<Record<LearnerProfile, number>> = {
  diligent: 0.3,
  minimal: 0,
  skipper: 0.2,
  struggling: 0.3,
  late: 0,
};
const MAX_RETAKES = 2;

interface PlanContext {
  readonly courses: ReadonlyMap<string, Course>;
  readonly policy: Policy;
  readonly calendar: DemoCalendar;
}

/** The courses a person takes in the main year, by their profile and the policy. */
function coursesToTake(person: DemoPerson, context: PlanContext, random: Random): string[] {
  const { policy, courses } = context;
  const required = requiredCoursesFor(policy, {
    username: person.employeeId,
    name: person.name,
    department: person.department,
    rank: person.rank,
    role: person.role,
  })
    .map((r) => r.courseId)
    .filter((id) => courses.has(id));
  const optional = random.shuffle([...courses.keys()].filter((id) => !required.includes(id)));
  const hoursNeeded = requiredHoursFor(policy, person.rank);
  const hoursOf = (ids: readonly string[]) => ids.reduce((sum, id) => sum + (courses.get(id)?.creditHours ?? 0), 0);
  const topUp = (taken: string[]) => {
    for (const id of optional) {
      if (hoursOf(taken) < hoursNeeded || random.chance(EXTRA_COURSE_CHANCE[person.profile])) taken.push(id);
    }
    return taken;
  };
  switch (person.profile) {
    case 'late':
      return [];
    case 'minimal':
      return required;
    case 'skipper': {
      const skipped = random.pick(required.length > 0 ? required : optional);
      return topUp(required.filter((id) => id !== skipped)).filter((id) => id !== skipped);
    }
    case 'struggling':
      return [...required, ...optional.filter(() => random.chance(EXTRA_COURSE_CHANCE.struggling))];
    case 'diligent':
      return topUp([...required]);
  }
}

export function planResults(person: DemoPerson, context: PlanContext, random: Random): DemoAttempt[] {
  const attempts: DemoAttempt[] = [];
  const take = (course: Course, skill: number, startMs: number): DemoAttempt => {
    const attemptId = random.uuid();
    const played = playAttempt(course, { attemptId, skill: clamp01(skill), random, startMs });
    const graded = gradeBatch(course, [], played.log);
    if (graded.totals === undefined) throw new Error(`the generated attempt ${attemptId} on ${course.id} did not finish`);
    const attempt: DemoAttempt = {
      attemptId,
      employeeId: person.employeeId,
      course,
      log: played.log,
      graded: { ...graded, totals: graded.totals },
      started: new Date(played.startedMs).toISOString(),
      finished: new Date(played.finishedMs).toISOString(),
    };
    attempts.push(attempt);
    return attempt;
  };

  // The previous year: the late ones did their training then; some others tried a course early.
  const [previousStart, previousEnd] = context.calendar.previous;
  const firstCourse = context.courses.values().next().value;
  const dataSecurity = context.courses.get('data-security') ?? firstCourse;
  if (dataSecurity && (person.profile === 'late' || random.chance(0.3))) {
    take(dataSecurity, person.skill + random.normal(0, 0.05), workingTime(random, previousStart, previousEnd));
  }

  const [yearStart, yearEnd] = context.calendar.year;
  for (const courseId of coursesToTake(person, context, random)) {
    const course = context.courses.get(courseId)!;
    const skill = person.skill + random.normal(0, 0.05);
    let attempt = take(course, skill, workingTime(random, yearStart, yearEnd - 30 * DAY_MS));
    const minimum = minimumScoreFor(context.policy, courseId);
    for (let retake = 1; retake <= MAX_RETAKES; retake++) {
      const met = attempt.graded.totals.passed && attempt.graded.totals.scaled >= minimum;
      const after = Date.parse(attempt.finished) + 7 * DAY_MS;
      if (met || after >= yearEnd || !random.chance(RETAKE_CHANCE[person.profile])) break;
      attempt = take(course, skill + 0.06 * retake, workingTime(random, after, Math.min(yearEnd, after + 40 * DAY_MS)));
    }
  }
  return attempts.sort((a, b) => a.started.localeCompare(b.started));
}
