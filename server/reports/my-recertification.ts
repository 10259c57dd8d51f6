// A learner's own renewals (GET /api/v1/me/recertification): their standing in the period running
// now under the policy in force, reduced to the courses whose passes expire (policy
// `recertification`): each one's state, and what is due.
import type { MyRecertification } from '../../src/contracts/honour-types.ts';
import { periodWindow } from '../../src/policy/period.ts';
import type { Policy } from '../../src/policy/schema.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { ReportCourses } from './report-courses.ts';
import { loadReportData } from './report-data.ts';
import { defaultPeriod } from './report-query.ts';
import { RequestError } from '../http/request-error.ts';
import { evaluateLearners } from './standing-rows.ts';

export async function myRecertification(
  database: Database,
  policy: Policy,
  user: SessionUser,
  courses: ReportCourses,
  now: number,
): Promise<MyRecertification> {
  const period = defaultPeriod(policy.periods, policy.utcOffset, now);
  if (period === undefined) throw new RequestError(404, `Training policy ${policy.version} has no period.`);
  const data = await loadReportData(database, periodWindow(period, policy.utcOffset), { userId: user.id });
  // Only this account was read; an admin without results has no standing, and nothing is due.
  const standing = evaluateLearners(policy, period.id, data, courses, now)[0]?.learner.standing;
  const withValidity = (standing?.courses ?? []).flatMap((course) => {
    const v = course.validity;
    if (v === null || (v.state === 'missing' && !course.required)) return [];
    const { validMonths, state, validUntil, expiresOn, daysLeft } = v;
    return [{ courseId: course.courseId, required: course.required, validMonths, state, validUntil, expiresOn, daysLeft }];
  });
  return {
    policyVersion: policy.version,
    period: { id: period.id, label: period.label },
    asOf: standing?.asOf ?? new Date(now).toISOString(),
    due: standing?.due ?? [],
    courses: withValidity,
  };
}
