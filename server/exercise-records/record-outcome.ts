// Records a finished joint-exercise session as official results: for each participant one
// `exercise_results` row (what the reports read), one ledger entry (`exercise-result`) and the
// grader's xAPI statement, all in one write transaction, so the reports, the ledger and the LRS
// never disagree. The live room calls this once the session ends; a second call for the same
// session records nothing. Input the room should never send (an unknown user, a role the
// exercise does not have, a score outside 0..max) is refused and nothing is written.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Localized } from '../../src/course/schema.ts';
import type { ExerciseOutcome } from '../../src/exercise/rules.ts';
import { accountAgent } from '../../src/records/actor.ts';
import { DEFAULT_IRI_BASE, VERBS } from '../../src/records/statements.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { graderAgent, officialStatementId } from '../grading/official-statements.ts';
import type { Ledger, LedgerPayload } from '../ledger/ledger.ts';
import { issuesMessage } from '../xapi/errors.ts';
import { prepareStatement, type PreparedStatement } from '../xapi/statement-prepare.ts';
import type { StatementStore } from '../xapi/statement-store.ts';
import type { Statement } from '../xapi/types.ts';
import { validateStatement } from '../xapi/validate/statement.ts';
import type { WriteClock } from '../xapi/write-clock.ts';
import type { ExerciseResultsTable } from './tables.ts';

/** The IRIs of joint exercises (docs/xapi-vocabulary.md, "Joint exercises"). */
export const EXERCISE_IRIS = {
  activityType: `${DEFAULT_IRI_BASE}/activity-types/joint-exercise`,
  teamType: `${DEFAULT_IRI_BASE}/context-types/exercise-team`,
  departmentType: `${DEFAULT_IRI_BASE}/context-types/department`,
  role: `${DEFAULT_IRI_BASE}/extensions/exercise-role`,
  teamScore: `${DEFAULT_IRI_BASE}/extensions/team-score`,
  variables: `${DEFAULT_IRI_BASE}/extensions/outcome-variables`,
  courseVersion: `${DEFAULT_IRI_BASE}/extensions/course-version`,
} as const;

const STATEMENT_LOCALE = 'zh-CN';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ExerciseParticipant {
  /** users.id */
  readonly userId: string;
  readonly username: string;
  readonly name: string;
  readonly department: string | null;
  readonly rank: string | null;
  /** The exercise role (department) the participant played. */
  readonly roleId: string;
  readonly roleName: Localized;
}

export interface ExerciseOutcomeInput {
  /** The session's UUID: every statement's `context.registration`. */
  readonly sessionId: string;
  readonly exerciseId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly exerciseTitle: Localized;
  /** When the session ended, ISO 8601. */
  readonly endedAt: string;
  readonly participants: readonly ExerciseParticipant[];
  /** The engine's outcome at the end (src/exercise/rules.ts ExerciseOutcome). */
  readonly outcome: ExerciseOutcome;
  readonly trainerUsername: string;
}

export interface ExerciseRecordDeps {
  readonly database: Database;
  readonly ledger: Pick<Ledger, 'appendWithin'>;
  readonly statements: Pick<StatementStore, 'storeWithin'>;
  readonly clock: WriteClock;
  /** The server's home page: account agents' homePage. */
  readonly homePage: string;
  /** The role ids of an exercise of a course, or undefined when the server does not know that exercise. */
  readonly exerciseRoles: (courseId: string, exerciseId: string) => readonly string[] | undefined;
}

export interface ExerciseRecordResult {
  /** False when the session had already been recorded: nothing was written this time. */
  readonly recorded: boolean;
  /** The participants' result ids, in input order. */
  readonly resultIds: readonly string[];
}

/** Input the recorder refuses (nothing was written): `code` names the rule, the message says what to fix. */
export class ExerciseRecordError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExerciseRecordError';
  }
}

/** The id of a participant's result in a session: stable, so the same session always names the same rows. */
export function exerciseResultId(sessionId: string, userId: string): string {
  return officialStatementId(sessionId.toLowerCase(), `exercise-result:${userId}`);
}

function refuse(code: string, message: string): never {
  throw new ExerciseRecordError(code, message);
}

function checkInput(deps: ExerciseRecordDeps, input: ExerciseOutcomeInput): string {
  if (!UUID.test(input.sessionId)) refuse('bad-session', `The session id "${input.sessionId}" is not a UUID.`);
  const ended = Date.parse(input.endedAt);
  if (!Number.isFinite(ended)) refuse('bad-time', `endedAt "${input.endedAt}" is not an ISO 8601 time.`);
  if (!input.outcome.finished)
    refuse('not-finished', `Session ${input.sessionId} has not ended: only a finished session is recorded.`);
  const roles = deps.exerciseRoles(input.courseId, input.exerciseId);
  if (roles === undefined)
    refuse('unknown-exercise', `Course "${input.courseId}" has no exercise "${input.exerciseId}" on this server.`);
  if (input.participants.length === 0) refuse('no-participants', `Session ${input.sessionId} has no participants to record.`);
  const seen = new Set<string>();
  for (const participant of input.participants) {
    if (seen.has(participant.userId))
      refuse('duplicate-participant', `User ${participant.username} is listed twice in session ${input.sessionId}.`);
    seen.add(participant.userId);
    if (!roles.includes(participant.roleId))
      refuse(
        'unknown-role',
        `Exercise "${input.exerciseId}" has no role "${participant.roleId}" (roles: ${roles.join(', ')}), so ${participant.username}'s result cannot be recorded.`,
      );
    if (input.outcome.roles[participant.roleId] === undefined)
      refuse('no-role-score', `The outcome holds no score for role "${participant.roleId}".`);
  }
  for (const [name, score] of [['team', input.outcome.team], ...Object.entries(input.outcome.roles)] as const)
    if (!(
      Number.isFinite(score.max) &&
      score.max >= 0 &&
      Number.isFinite(score.score) &&
      score.score >= 0 &&
      score.score <= score.max
    ))
      refuse('bad-score', `The ${name} score ${score.score} of ${score.max} is not a score between 0 and its maximum.`);
  return new Date(ended).toISOString();
}

/**
 * Every participant is an account under its username; returns the name of the trainer's account
 * and each participant's department and rank now (by users.id), recorded with the results.
 */
async function checkUsers(
  trx: Kysely<DatabaseSchema>,
  participants: readonly ExerciseParticipant[],
  trainerUsername: string,
): Promise<{ trainerName: string; held: ReadonlyMap<string, { department: string | null; rank: string | null }> }> {
  const trainer = await trx.selectFrom('users').select('name').where('username', '=', trainerUsername).executeTakeFirst();
  if (trainer === undefined) refuse('unknown-trainer', `No user "${trainerUsername}" exists to have run the session.`);
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'username', 'department', 'rank'])
    .where(
      'id',
      'in',
      participants.map((p) => p.userId),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row.username]));
  for (const participant of participants) {
    const username = byId.get(participant.userId);
    if (username === undefined) refuse('unknown-user', `No user ${participant.userId} (${participant.username}) exists.`);
    if (username !== participant.username)
      refuse('unknown-user', `User ${participant.userId} is "${username}", not "${participant.username}".`);
  }
  return {
    trainerName: trainer.name,
    held: new Map(rows.map((row) => [row.id, { department: row.department, rank: row.rank }])),
  };
}

const languageMap = (text: Localized) => ({ 'zh-CN': text['zh-CN'], 'en-US': text.en });

/** The grader's `completed` statement of one participant's result. */
function participantStatement(
  deps: ExerciseRecordDeps,
  input: ExerciseOutcomeInput,
  participant: ExerciseParticipant,
  finished: string,
  stored: string,
  trainerName: string,
): PreparedStatement {
  const role = input.outcome.roles[participant.roleId]!;
  const team = input.outcome.team;
  const courseIri = `${DEFAULT_IRI_BASE}/courses/${input.courseId}`;
  const members = input.participants.map((p) => accountAgent(deps.homePage, p));
  const contextGroups: unknown[] = [
    {
      objectType: 'contextGroup',
      group: { objectType: 'Group', name: `${input.exerciseTitle['zh-CN']} · ${input.sessionId.slice(0, 8)}`, member: members },
      relevantTypes: [EXERCISE_IRIS.teamType],
    },
  ];
  if (participant.department !== null)
    contextGroups.push({
      objectType: 'contextGroup',
      group: {
        objectType: 'Group',
        name: participant.department,
        account: { homePage: deps.homePage, name: `department:${participant.department}` },
      },
      relevantTypes: [EXERCISE_IRIS.departmentType],
    });
  const statement = {
    id: randomUUID(),
    actor: accountAgent(deps.homePage, participant),
    verb: VERBS.completed,
    object: {
      objectType: 'Activity',
      id: `${courseIri}/exercises/${input.exerciseId}`,
      definition: { type: EXERCISE_IRIS.activityType, name: languageMap(input.exerciseTitle) },
    },
    result: {
      score: { raw: role.score, min: 0, max: role.max, ...(role.max > 0 ? { scaled: role.score / role.max } : {}) },
      completion: true,
      extensions: {
        [EXERCISE_IRIS.role]: { id: participant.roleId, name: participant.roleName },
        [EXERCISE_IRIS.teamScore]: { score: team.score, max: team.max },
        [EXERCISE_IRIS.variables]: input.outcome.variables,
      },
    },
    context: {
      registration: input.sessionId.toLowerCase(),
      revision: input.courseVersion,
      language: STATEMENT_LOCALE,
      instructor: accountAgent(deps.homePage, { username: input.trainerUsername, name: trainerName }),
      contextActivities: {
        parent: [{ objectType: 'Activity', id: courseIri }],
        grouping: [{ objectType: 'Activity', id: courseIri }],
      },
      contextGroups,
      extensions: { [EXERCISE_IRIS.courseVersion]: input.courseVersion },
    },
    timestamp: finished,
  };
  const plain = JSON.parse(JSON.stringify(statement)) as unknown;
  const issues = validateStatement(plain, 'statement', '2.0');
  if (issues.length > 0) throw new Error(`The exercise recorder built an invalid statement: ${issuesMessage(issues)}`);
  return prepareStatement(plain as Statement, {
    stored,
    authority: graderAgent(deps.homePage),
    defaultVersion: '2.0.0',
  });
}

/** The ledger payload of one result (docs/ledger.md, `exercise-result`). */
export function exerciseResultPayload(row: ExerciseResultsTable): LedgerPayload {
  return {
    resultId: row.result_id,
    sessionId: row.session_id,
    userId: row.user_id,
    username: row.username,
    exerciseId: row.exercise_id,
    courseId: row.course_id,
    courseVersion: row.course_version,
    roleId: row.role_id,
    roleScore: row.role_score,
    roleMax: row.role_max,
    teamScore: row.team_score,
    teamMax: row.team_max,
    variables: JSON.parse(row.variables) as unknown,
    finishedAt: row.finished,
    trainer: row.trainer_username,
    // The participant's department and rank when the session ended (entries since migration 0027).
    department: row.department,
    rank: row.rank,
  };
}

/** Records a finished session's results (see the file comment); idempotent per session. */
export async function recordExerciseOutcome(
  deps: ExerciseRecordDeps,
  input: ExerciseOutcomeInput,
): Promise<ExerciseRecordResult> {
  const finished = checkInput(deps, input);
  const sessionId = input.sessionId.toLowerCase();
  const resultIds = input.participants.map((p) => exerciseResultId(sessionId, p.userId));
  const alreadyRecorded = async (db: Kysely<DatabaseSchema>) =>
    (await db
      .selectFrom('exercise_results')
      .select('result_id')
      .where('session_id', '=', sessionId)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  const write = deps.clock.begin();
  try {
    return await writeTransaction(deps.database, async (trx) => {
      if (await alreadyRecorded(trx)) return { recorded: false, resultIds };
      const { trainerName, held } = await checkUsers(trx, input.participants, input.trainerUsername);
      const rows: ExerciseResultsTable[] = input.participants.map((participant, index) => {
        const role = input.outcome.roles[participant.roleId]!;
        return {
          result_id: resultIds[index]!,
          session_id: sessionId,
          user_id: participant.userId,
          username: participant.username,
          exercise_id: input.exerciseId,
          course_id: input.courseId,
          course_version: input.courseVersion,
          role_id: participant.roleId,
          role_score: role.score,
          role_max: role.max,
          team_score: input.outcome.team.score,
          team_max: input.outcome.team.max,
          variables: JSON.stringify(input.outcome.variables),
          finished,
          trainer_username: input.trainerUsername,
          department: held.get(participant.userId)?.department ?? null,
          rank: held.get(participant.userId)?.rank ?? null,
        };
      });
      await trx.insertInto('exercise_results').values(rows).execute();
      for (const row of rows) await deps.ledger.appendWithin(trx, 'exercise-result', exerciseResultPayload(row));
      const statements = input.participants.map((participant) =>
        participantStatement(deps, { ...input, sessionId }, participant, finished, write.stored, trainerName),
      );
      await deps.statements.storeWithin(trx, statements);
      return { recorded: true, resultIds };
    });
  } catch (error) {
    // Two recordings of one session at once (PostgreSQL): the one that lost the unique index finds the other's rows.
    if (!(error instanceof ExerciseRecordError) && (await alreadyRecorded(deps.database.db).catch(() => false)))
      return { recorded: false, resultIds };
    throw error;
  } finally {
    write.end();
  }
}
