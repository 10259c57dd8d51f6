// The score a trainer sees for a member's progress. Practice: the browser's own (practice is
// open-book). Assessment: the public view the browser plays knows no points, so the server reads its own
// grading of that attempt (the official score once finished) and ignores what the browser sent.
import type { Kysely } from 'kysely';
import type { ClassProgress, ClassProgressReport } from '../../src/contracts/class-types.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import type { StoredResult } from '../grading/attempt-view.ts';

export async function withServerScore(
  db: Kysely<DatabaseSchema>,
  user: SessionUser,
  report: ClassProgressReport,
): Promise<ClassProgress> {
  if (report.mode === 'practice') {
    return { ...report, scoreSource: report.score === null ? 'none' : 'browser' };
  }
  // Only the member's own attempt: another learner's attempt id gives nothing away.
  const attempt = await db
    .selectFrom('attempts')
    .select(['status', 'score', 'max', 'result'])
    .where('attempt_id', '=', report.attemptId)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (attempt !== undefined && attempt.status === 'finished' && attempt.score !== null && attempt.max !== null) {
    return { ...report, score: Number(attempt.score), max: Number(attempt.max), scoreSource: 'server' };
  }
  const steps = attempt === undefined ? [] : (JSON.parse(attempt.result) as StoredResult).steps;
  if (steps.length === 0) return { ...report, score: null, max: null, scoreSource: 'none' };
  const sum = (pick: (step: StoredResult['steps'][number]) => number) =>
    Math.round(steps.reduce((total, step) => total + pick(step), 0) * 100) / 100;
  return { ...report, score: sum((step) => step.result.score), max: sum((step) => step.result.max), scoreSource: 'server' };
}
