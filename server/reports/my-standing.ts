// A learner's own standing (GET /api/v1/me/standing): the promotion report's code over one
// account — the same results read, the same standing, the same ledger marks — plus what the
// learner's pages need around it: each course's one pass mark, the period's results with whether
// each counts, what is due next and the assessment starts left.
import type { MyCourseStanding, MyPeriodResult, MyStanding } from '../../src/contracts/my-standing-types.ts';
import { passMarkFor, reachesMinimum } from '../../src/policy/pass-mark.ts';
import { periodWindow } from '../../src/policy/period.ts';
import type { Period } from '../../src/policy/schema.ts';
import type { CourseStanding } from '../../src/policy/standing.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import { periodMs, type AssessmentPolicy } from '../grading/assessment-policy.ts';
import { startsSince } from '../grading/attempt-rows.ts';
import { RequestError } from '../http/request-error.ts';
import { markLedgerRows } from './ledger-rows.ts';
import type { StoredPolicy } from './policy-store.ts';
import type { ReportDeps } from './promotion-report.ts';
import { loadReportData } from './report-data.ts';
import { evaluateAccount } from './standing-rows.ts';

export interface MyStandingRequest {
  readonly user: SessionUser;
  readonly stored: StoredPolicy;
  readonly period: Period;
  readonly assessments: AssessmentPolicy;
}

export async function myStanding(deps: ReportDeps, request: MyStandingRequest): Promise<MyStanding> {
  const { user, stored, period, assessments } = request;
  const { policy } = stored;
  const data = await loadReportData(deps.database, periodWindow(period, policy.utcOffset), { userId: user.id });
  const account = data.accounts.find((row) => row.id === user.id);
  if (account === undefined) throw new RequestError(401, 'Sign in again: this account no longer exists.');
  const { standing } = evaluateAccount(policy, period.id, account, data, deps.courses, deps.now()).learner;
  const marks = await markLedgerRows(deps.ledger, data);

  const nowMs = deps.now();
  const since = new Date(nowMs - periodMs(assessments)).toISOString();
  const { max, periodDays } = assessments.assessmentAttempts;
  const ordered = [
    ...standing.courses.filter((course) => course.required).map((course) => course.courseId),
    ...deps.courses.ids.filter((id) => !standing.courses.some((course) => course.required && course.courseId === id)),
    ...standing.courses.map((course) => course.courseId).filter((id) => !deps.courses.get(id)),
  ];
  const courses: MyCourseStanding[] = [];
  for (const courseId of [...new Set(ordered)]) {
    const own = standing.courses.find((course) => course.courseId === courseId);
    const info = deps.courses.get(courseId);
    const mark = passMarkFor(policy, courseId, info?.masteryScore ?? 0);
    const starts = await startsSince(deps.database.db, user.id, courseId, since);
    courses.push({
      courseId,
      title: deps.courses.title(courseId),
      required: own?.required ?? false,
      requiredBy: standing.requiredCourses.find((rule) => rule.courseId === courseId)?.requiredBy ?? [],
      passMark: mark.score,
      passMarkFrom: mark.from,
      creditHours: deps.courses.creditHours(courseId),
      attempts: own?.attempts ?? 0,
      counted: counted(own),
      completed: own?.completed ?? false,
      hoursEarned: own?.hoursEarned ?? 0,
      attemptsLeft: {
        remaining: Math.max(0, max - starts.count),
        max,
        periodDays,
        nextStartAt:
          starts.count >= max && starts.earliest !== null
            ? new Date(Date.parse(starts.earliest) + periodMs(assessments)).toISOString()
            : null,
      },
    });
  }

  const results: MyPeriodResult[] = (data.attemptsByUser.get(user.id) ?? [])
    .map((attempt) => {
      const passMark = courses.find((course) => course.courseId === attempt.courseId)?.passMark ?? 1;
      const reaches = reachesMinimum(attempt, passMark);
      return {
        attemptId: attempt.attemptId,
        courseId: attempt.courseId,
        scaled: attempt.scaled,
        finishedAt: attempt.finishedAt,
        passMark,
        reachesPassMark: reaches,
        counts: reaches && deps.courses.get(attempt.courseId) !== undefined,
      };
    })
    .sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0));

  const dueNext = courses
    .filter((course) => course.required && !course.completed)
    .sort((a, b) => Number(b.attemptsLeft.remaining > 0) - Number(a.attemptsLeft.remaining > 0))
    .map((course) => course.courseId);

  const rankLabel = user.rank === null ? null : (policy.ranks.find((rank) => rank.name === user.rank)?.label ?? null);
  return {
    policy: { version: policy.version },
    period: { id: period.id, label: period.label, start: period.start, end: period.end },
    rank: user.rank === null ? null : { name: user.rank, label: rankLabel },
    departmentLabel:
      user.department === null ? null : (policy.departments?.find((entry) => entry.name === user.department)?.label ?? null),
    department: user.department,
    standing,
    courses,
    results,
    dueNext,
    ledgerIssues: marks.byUser.get(user.id) ?? [],
  };
}

function counted(course: CourseStanding | undefined): MyCourseStanding['counted'] {
  const result = course?.counted;
  if (result === null || result === undefined) return null;
  return { attemptId: result.attemptId, scaled: result.scaled, passed: result.passed, finishedAt: result.finishedAt };
}
