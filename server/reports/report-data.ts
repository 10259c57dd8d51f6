// Reads what a report counts, fast: every account (or one, for a learner's own standing), the official results of one period with
// their adjustments applied, and the period's joint-exercise results, in four queries (no per-learner query, never the statements table).
// Results come from the narrow `attempt_results` table (indexed on `finished`), never from the
// large `attempts.result`/`log` columns, except the graded steps item analysis asks for.
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { PeriodWindow } from '../../src/policy/period.ts';
import { assignmentsAt } from '../accounts/assignments.ts';
import { ROLES, type Role } from '../accounts/session-user.ts';

export interface ReportAccount {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly role: Role;
  readonly employeeId: string | null;
  /** In force at the period's end (user_assignments), or now for a period still running. */
  readonly department: string | null;
  readonly rank: string | null;
}

/** One finished official attempt, with the effective result (its latest adjustment, else its own). */
export interface ReportAttempt {
  readonly attemptId: string;
  readonly userId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly finishedAt: string;
  readonly scaled: number;
  readonly passed: boolean;
  /** The grader's own scaled score, which the graded steps add up to. */
  readonly gradedScaled: number;
  readonly adjusted: boolean;
  /** JSON text: `[{ dimensionId, score, max }]` (null when the result holds none). */
  readonly dimensionsJson: string | null;
  /** JSON text of the graded steps as `[[sceneId, stepId, score, max], …]`, only when asked for (item analysis). */
  readonly stepsJson: string | null;
  /** The learner's department and rank when the result was made. */
  readonly department: string | null;
  readonly rank: string | null;
}

/** One joint-exercise result (server/exercise-records): a participant's part in a finished session. */
export interface ReportExerciseResult {
  readonly resultId: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly courseId: string;
  readonly exerciseId: string;
  readonly roleId: string;
  readonly roleScore: number;
  readonly teamScore: number;
  readonly teamMax: number;
  readonly finishedAt: string;
  /** The learner's department and rank when the session ended. */
  readonly department: string | null;
  readonly rank: string | null;
}

export interface ReportData {
  readonly accounts: readonly ReportAccount[];
  /** By users.id; only users with finished attempts in the window appear. */
  readonly attemptsByUser: ReadonlyMap<string, readonly ReportAttempt[]>;
  /** By users.id; only users with joint-exercise results in the window appear. */
  readonly exercisesByUser: ReadonlyMap<string, readonly ReportExerciseResult[]>;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * The graded steps as compact `[sceneId, stepId, score, max]` tuples, built by the database: the
 * feedback lines (most of the result's bytes) never reach Node.
 */
function stepTuplesOf(dialect: Database['dialect']) {
  return dialect === 'postgres'
    ? sql<
        string | null
      >`(select json_agg(json_build_array(s ->> 'sceneId', s ->> 'stepId', (s -> 'result' ->> 'score')::float8, (s -> 'result' ->> 'max')::float8))::text from json_array_elements(result::json -> 'steps') as s)`
    : sql<
        string | null
      >`(select json_group_array(json_array(json_extract(value, '$.sceneId'), json_extract(value, '$.stepId'), json_extract(value, '$.result.score'), json_extract(value, '$.result.max'))) from json_each(result, '$.steps'))`;
}

/**
 * Accounts and the results finished inside `window`. Finish times are ISO 8601 UTC strings as the
 * grader writes them (`toISOString()`), so the window is a string range on `attempt_results_finished`.
 */
export async function loadReportData(
  database: Database,
  window: PeriodWindow,
  options: {
    readonly steps?: boolean;
    /** Only this account (users.id) and its results: a learner's own standing. */
    readonly userId?: string;
  } = {},
): Promise<ReportData> {
  const { db, dialect } = database;
  const { userId } = options;
  const from = new Date(window.startsAt).toISOString();
  const before = new Date(window.endsBefore).toISOString();

  // The department and rank in force at the period's last millisecond: for a period still running,
  // the latest ones (no change is dated in the future), so a past period keeps its answer.
  const inForce = await assignmentsAt(db, new Date(window.endsBefore - 1).toISOString(), userId);
  const [users, attempts, adjustments, exercises] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'username', 'name', 'role', 'employee_id', 'department', 'rank'])
      .$if(userId !== undefined, (query) => query.where('id', '=', userId ?? ''))
      .execute(),
    db
      .selectFrom('attempt_results as r')
      .select([
        'r.attempt_id',
        'r.user_id',
        'r.course_id',
        'r.course_version',
        'r.finished',
        'r.scaled',
        'r.passed',
        'r.dimensions',
        'r.department',
        'r.rank',
      ])
      // Item analysis only: the steps are in the attempt's result, reduced by the database.
      .$if(options.steps === true, (query) =>
        query.innerJoin('attempts as a', 'a.attempt_id', 'r.attempt_id').select(stepTuplesOf(dialect).as('steps')),
      )
      .where('r.finished', '>=', from)
      .where('r.finished', '<', before)
      .$if(userId !== undefined, (query) => query.where('r.user_id', '=', userId ?? ''))
      .execute(),
    db
      .selectFrom('result_adjustments as j')
      .innerJoin('attempt_results as r', 'r.attempt_id', 'j.attempt_id')
      .select(['j.attempt_id', 'j.scaled', 'j.passed', 'j.adjusted_at', 'j.id'])
      .where('r.finished', '>=', from)
      .where('r.finished', '<', before)
      .$if(userId !== undefined, (query) => query.where('r.user_id', '=', userId ?? ''))
      .execute(),
    db
      .selectFrom('exercise_results')
      .select([
        'result_id',
        'session_id',
        'user_id',
        'course_id',
        'exercise_id',
        'role_id',
        'role_score',
        'team_score',
        'team_max',
        'finished',
        'department',
        'rank',
      ])
      .where('finished', '>=', from)
      .where('finished', '<', before)
      .$if(userId !== undefined, (query) => query.where('user_id', '=', userId ?? ''))
      .execute(),
  ]);

  // The effective adjustment: the latest by adjusted_at, then id.
  const latest = new Map<string, (typeof adjustments)[number]>();
  for (const adjustment of adjustments) {
    const seen = latest.get(adjustment.attempt_id);
    if (
      seen === undefined ||
      adjustment.adjusted_at > seen.adjusted_at ||
      (adjustment.adjusted_at === seen.adjusted_at && adjustment.id > seen.id)
    ) {
      latest.set(adjustment.attempt_id, adjustment);
    }
  }

  const attemptsByUser = new Map<string, ReportAttempt[]>();
  for (const row of attempts) {
    const adjustment = latest.get(row.attempt_id);
    const attempt: ReportAttempt = {
      attemptId: row.attempt_id,
      userId: row.user_id,
      courseId: row.course_id,
      courseVersion: row.course_version,
      finishedAt: row.finished,
      scaled: adjustment === undefined ? Number(row.scaled) : Number(adjustment.scaled),
      passed: adjustment === undefined ? Number(row.passed) === 1 : Number(adjustment.passed) === 1,
      gradedScaled: Number(row.scaled),
      adjusted: adjustment !== undefined,
      dimensionsJson: row.dimensions,
      stepsJson: 'steps' in row ? (row.steps as string | null) : null,
      department: row.department,
      rank: row.rank,
    };
    const list = attemptsByUser.get(row.user_id);
    if (list === undefined) attemptsByUser.set(row.user_id, [attempt]);
    else list.push(attempt);
  }

  const exercisesByUser = new Map<string, ReportExerciseResult[]>();
  for (const row of exercises) {
    const result: ReportExerciseResult = {
      resultId: row.result_id,
      sessionId: row.session_id,
      userId: row.user_id,
      courseId: row.course_id,
      exerciseId: row.exercise_id,
      roleId: row.role_id,
      roleScore: Number(row.role_score),
      teamScore: Number(row.team_score),
      teamMax: Number(row.team_max),
      finishedAt: row.finished,
      department: row.department,
      rank: row.rank,
    };
    const list = exercisesByUser.get(row.user_id);
    if (list === undefined) exercisesByUser.set(row.user_id, [result]);
    else list.push(result);
  }

  const accounts: ReportAccount[] = [];
  for (const user of users) {
    if (!isRole(user.role)) continue;
    const held = inForce.get(user.id);
    accounts.push({
      id: user.id,
      username: user.username,
      name: user.name,
      role: user.role,
      employeeId: user.employee_id,
      department: held === undefined ? user.department : held.department,
      rank: held === undefined ? user.rank : held.rank,
    });
  }
  return { accounts, attemptsByUser, exercisesByUser };
}
