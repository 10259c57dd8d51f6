// Course-pass credentials from official results: every passed assessment (its effective result,
// corrections applied) recorded in the ledger gets one credential, issued the first time the
// learner's certificates are listed (or by the issue sweep), never twice.
import type { CourseCatalog } from '../grading/course-catalog.ts';
import type { CredentialDeps, IssueCredentialInput } from './issue.ts';
import { issueCredentials } from './issue-batch.ts';

export interface CoursePassDeps extends CredentialDeps {
  readonly catalog: CourseCatalog;
  /** Whether the score is shown on the credential and certificate. */
  readonly includeScore: boolean;
  /** When a course's credential stops being valid (recertification); undefined: it does not expire. */
  readonly validUntil?: (courseId: string, passedAt: Date) => Date | undefined | Promise<Date | undefined>;
}

/** Issues the missing course-pass credentials of one learner; returns how many were issued. */
export async function issueCoursePasses(deps: CoursePassDeps, userId: string): Promise<number> {
  const { db } = deps.database;
  const results = await db.selectFrom('attempt_results').selectAll().where('user_id', '=', userId).orderBy('finished').execute();
  if (results.length === 0) return 0;
  const attemptIds = results.map((row) => row.attempt_id);
  const entries = await db
    .selectFrom('ledger_entries')
    .select(['seq', 'attempt_id'])
    .where('kind', '=', 'result')
    .where('attempt_id', 'in', attemptIds)
    .execute();
  const seqOf = new Map(entries.map((row) => [row.attempt_id, Number(row.seq)]));
  const adjustments = await db
    .selectFrom('result_adjustments')
    .select(['attempt_id', 'scaled', 'passed'])
    .where('attempt_id', 'in', attemptIds)
    .orderBy('ledger_seq')
    .execute();
  const effective = new Map(results.map((row) => [row.attempt_id, { scaled: row.scaled, passed: row.passed }]));
  for (const row of adjustments) effective.set(row.attempt_id, { scaled: row.scaled, passed: row.passed });
  const issued = new Set(
    (
      await db
        .selectFrom('credentials')
        .select('ledger_seq')
        .where('kind', '=', 'course-pass')
        .where('user_id', '=', userId)
        .execute()
    ).map((row) => Number(row.ledger_seq)),
  );
  const user = await db.selectFrom('users').select(['name', 'username']).where('id', '=', userId).executeTakeFirst();
  if (user === undefined) return 0;
  const courses = new Map(deps.catalog.courses.map((course) => [course.id, course]));
  const missing: IssueCredentialInput[] = [];
  for (const row of results) {
    const seq = seqOf.get(row.attempt_id);
    const result = effective.get(row.attempt_id);
    const course = courses.get(row.course_id);
    if (seq === undefined || result === undefined || result.passed !== 1 || issued.has(seq) || course === undefined) continue;
    const passedAt = new Date(row.finished);
    const mark = Math.round(course.masteryScore * 100);
    missing.push({
      kind: 'course-pass',
      subject: { userId, username: user.username, displayName: user.name },
      achievement: {
        id: course.id,
        name: course.title,
        criteria: {
          'zh-CN': `通过课程"${course.title['zh-CN']}"的正式考核（及格线 ${mark}%）。`,
          en: `Passed the official assessment of "${course.title.en}" (pass mark ${mark}%).`,
        },
      },
      score: deps.includeScore ? result.scaled * 100 : undefined,
      ledgerSeq: seq,
      validUntil: await deps.validUntil?.(course.id, passedAt),
      issuedAt: new Date(),
    });
  }
  // In one batch: signed outside the transaction, the rows written together.
  await issueCredentials(deps, missing);
  return missing.length;
}
