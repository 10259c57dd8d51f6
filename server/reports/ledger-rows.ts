// Marks report rows the ledger does not back: a counted result with no `result` entry, or whose
// values (course, version, finish time, effective scaled and passed, and the department and rank
// held then where the entry records them) differ from what the ledger
// recorded; a joint-exercise result with no `exercise-result` entry or other values (learner,
// session, exercise, role, scores, end time); and every row when the stored log fails its check
// against the signed checkpoints.
// The marks travel in the report itself (ReportLearner.ledgerIssues, PromotionReport.ledgerCheck),
// so the page and the CSV/XLSX files show them, not only the audit.
import type { ReportLedgerIssue } from '../../src/contracts/report-types.ts';
import type { ReportAttempt, ReportData, ReportExerciseResult } from './report-data.ts';

/** What the reports need of the ledger (server/ledger/ledger.ts Ledger). */
export interface ReportLedger {
  check(): Promise<{ readonly ok: true } | { readonly ok: false; readonly problem: string }>;
  recordedResults(attemptIds: readonly string[]): Promise<
    ReadonlyMap<
      string,
      {
        readonly userId: string | null;
        readonly courseId: string;
        readonly courseVersion: string;
        readonly finishedAt: string;
        readonly scaled: number;
        readonly passed: boolean;
        readonly assignment?: { readonly department: string | null; readonly rank: string | null };
      }
    >
  >;
  recordedExerciseResults(resultIds: readonly string[]): Promise<
    ReadonlyMap<
      string,
      {
        readonly userId: string | null;
        readonly sessionId: string;
        readonly exerciseId: string;
        readonly courseId: string;
        readonly roleId: string;
        readonly roleScore: number;
        readonly teamScore: number;
        readonly finishedAt: string;
        readonly assignment?: { readonly department: string | null; readonly rank: string | null };
      }
    >
  >;
}

export interface LedgerRowMarks {
  readonly check: { readonly ok: boolean; readonly problem: string | null };
  /** By users.id: the issues of that learner's counted results (absent: none). */
  readonly byUser: ReadonlyMap<string, readonly ReportLedgerIssue[]>;
}

const EPSILON = 1e-6;

/** The department and rank a row holds against its entry's, where the entry records them. */
function assignmentDifferences(
  row: { readonly department: string | null; readonly rank: string | null },
  recorded: { readonly assignment?: { readonly department: string | null; readonly rank: string | null } },
): string[] {
  const entry = recorded.assignment;
  if (entry === undefined) return [];
  const out: string[] = [];
  if (entry.department !== row.department)
    out.push(`department: report ${row.department ?? '(none)'}, ledger ${entry.department ?? '(none)'}`);
  if (entry.rank !== row.rank) out.push(`rank: report ${row.rank ?? '(none)'}, ledger ${entry.rank ?? '(none)'}`);
  return out;
}

function differences(
  attempt: ReportAttempt,
  recorded: Awaited<ReturnType<ReportLedger['recordedResults']>> extends ReadonlyMap<string, infer R> ? R : never,
): string[] {
  const out: string[] = [];
  if (recorded.userId !== null && recorded.userId !== attempt.userId)
    out.push(`learner: report ${attempt.userId}, ledger ${recorded.userId}`);
  if (recorded.courseId !== attempt.courseId) out.push(`course: report ${attempt.courseId}, ledger ${recorded.courseId}`);
  if (recorded.courseVersion !== attempt.courseVersion)
    out.push(`course version: report ${attempt.courseVersion}, ledger ${recorded.courseVersion}`);
  if (recorded.finishedAt !== attempt.finishedAt)
    out.push(`finished: report ${attempt.finishedAt}, ledger ${recorded.finishedAt}`);
  if (!(Math.abs(recorded.scaled - attempt.scaled) <= EPSILON))
    out.push(`scaled: report ${attempt.scaled}, ledger ${recorded.scaled}`);
  if (recorded.passed !== attempt.passed) out.push(`passed: report ${attempt.passed}, ledger ${recorded.passed}`);
  out.push(...assignmentDifferences(attempt, recorded));
  return out;
}

function exerciseDifferences(
  result: ReportExerciseResult,
  recorded: Awaited<ReturnType<ReportLedger['recordedExerciseResults']>> extends ReadonlyMap<string, infer R> ? R : never,
): string[] {
  const out: string[] = [];
  if (recorded.userId !== result.userId) out.push(`learner: report ${result.userId}, ledger ${recorded.userId}`);
  if (recorded.sessionId !== result.sessionId) out.push(`session: report ${result.sessionId}, ledger ${recorded.sessionId}`);
  if (recorded.courseId !== result.courseId) out.push(`course: report ${result.courseId}, ledger ${recorded.courseId}`);
  if (recorded.exerciseId !== result.exerciseId) out.push(`exercise: report ${result.exerciseId}, ledger ${recorded.exerciseId}`);
  if (recorded.roleId !== result.roleId) out.push(`role: report ${result.roleId}, ledger ${recorded.roleId}`);
  if (!(Math.abs(recorded.roleScore - result.roleScore) <= EPSILON))
    out.push(`role score: report ${result.roleScore}, ledger ${recorded.roleScore}`);
  if (!(Math.abs(recorded.teamScore - result.teamScore) <= EPSILON))
    out.push(`team score: report ${result.teamScore}, ledger ${recorded.teamScore}`);
  if (recorded.finishedAt !== result.finishedAt) out.push(`ended: report ${result.finishedAt}, ledger ${recorded.finishedAt}`);
  out.push(...assignmentDifferences(result, recorded));
  return out;
}

export async function markLedgerRows(ledger: ReportLedger | undefined, data: ReportData): Promise<LedgerRowMarks> {
  const byUser = new Map<string, ReportLedgerIssue[]>();
  const add = (userId: string, issue: ReportLedgerIssue) => {
    const list = byUser.get(userId);
    if (list === undefined) byUser.set(userId, [issue]);
    else list.push(issue);
  };
  const attempts = [...data.attemptsByUser.values()].flat();
  const exercises = [...data.exercisesByUser.values()].flat();
  if (ledger === undefined) {
    const problem = 'the ledger was not checked for this report';
    const users = new Set([...attempts, ...exercises].map((row) => row.userId));
    for (const userId of users) add(userId, { attemptId: null, courseId: null, kind: 'log', detail: problem });
    return { check: { ok: false, problem }, byUser };
  }
  const checked = await ledger.check();
  const recorded = await ledger.recordedResults(attempts.map((attempt) => attempt.attemptId));
  for (const attempt of attempts) {
    const entry = recorded.get(attempt.attemptId);
    if (entry === undefined) {
      add(attempt.userId, {
        attemptId: attempt.attemptId,
        courseId: attempt.courseId,
        kind: 'missing',
        detail: 'no ledger entry records this result',
      });
      continue;
    }
    const differ = differences(attempt, entry);
    if (differ.length > 0)
      add(attempt.userId, {
        attemptId: attempt.attemptId,
        courseId: attempt.courseId,
        kind: 'differs',
        detail: differ.join('; '),
      });
  }
  // Joint-exercise results: the issue names the result (in attemptId) and its course.
  const recordedExercises = await ledger.recordedExerciseResults(exercises.map((e) => e.resultId));
  for (const result of exercises) {
    const entry = recordedExercises.get(result.resultId);
    if (entry === undefined) {
      add(result.userId, {
        attemptId: result.resultId,
        courseId: result.courseId,
        kind: 'missing',
        detail: `no ledger entry records this joint-exercise result (${result.exerciseId})`,
      });
      continue;
    }
    const differ = exerciseDifferences(result, entry);
    if (differ.length > 0)
      add(result.userId, {
        attemptId: result.resultId,
        courseId: result.courseId,
        kind: 'differs',
        detail: `joint exercise ${result.exerciseId}: ${differ.join('; ')}`,
      });
  }
  if (!checked.ok) {
    // The log itself no longer matches its signed checkpoints: no row can be vouched for.
    const users = new Set([...attempts, ...exercises].map((row) => row.userId));
    for (const userId of users) add(userId, { attemptId: null, courseId: null, kind: 'log', detail: checked.problem });
  }
  return { check: checked.ok ? { ok: true, problem: null } : { ok: false, problem: checked.problem }, byUser };
}
