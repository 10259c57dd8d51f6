// The official xAPI statements of an assessment attempt: the records layer's statements for the
// new learning events, with ids no one outside the server can predict, prepared the way the LRS
// route prepares what clients send, with the grader as authority.
import { createHash } from 'node:crypto';
import type { Course } from '../../src/course/schema.ts';
import type { StepDraw } from '../../src/engine/draw.ts';
import type { LearningEvent } from '../../src/engine/learning-events.ts';
import { accountAgent } from '../../src/records/actor.ts';
import { DEFAULT_IRI_BASE, statementsForEvents } from '../../src/records/statements.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import { issuesMessage } from '../xapi/errors.ts';
import { prepareStatement } from '../xapi/statement-prepare.ts';
import type { PreparedStatement } from '../xapi/statement-prepare.ts';
import type { Agent, Statement } from '../xapi/types.ts';
import { validateStatement } from '../xapi/validate/statement.ts';

/** Statements are written in the platform's first language; the course's text carries both. */
const STATEMENT_LOCALE = 'zh-CN';

/** Who vouches for official statements: the server's grader, an account on the server's home page. */
export function graderAgent(homePage: string): Agent {
  return { objectType: 'Agent', name: 'Shixun grader', account: { homePage, name: 'shixun-grader' } };
}

/**
 * The official id of a statement: a UUID (version 8) hashed from the attempt's server-only seed
 * and the records layer's own id. The same on every retry, but unknowable in advance, so a
 * statement posted early under that id cannot block or pre-empt the official one.
 */
export function officialStatementId(seed: string, recordsId: string): string {
  const hex = createHash('sha256').update(`${seed}:${recordsId}`).digest('hex').slice(0, 32);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = `${hex.slice(0, 12)}8${hex.slice(13, 16)}${variant}${hex.slice(17, 32)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface OfficialContext {
  readonly course: Course;
  /** The learner; their department and rank (where given) are those in force as the result is made. */
  readonly user: Pick<SessionUser, 'username' | 'name'> & Partial<Pick<SessionUser, 'department' | 'rank'>>;
  readonly homePage: string;
  readonly seed: string;
  /** `stored`, from the shared write clock. */
  readonly stored: string;
  /** What the attempt drew of the steps with variants or a pool; `course` is the course as drawn. */
  readonly draws?: readonly StepDraw[];
  /** The learner's extra time on timed steps, where they had some. */
  readonly extraTime?: number;
}

/** The learner's department and rank on official statements (docs/xapi-vocabulary.md). */
export const ASSIGNMENT_IRIS = {
  departmentType: `${DEFAULT_IRI_BASE}/context-types/department`,
  rank: `${DEFAULT_IRI_BASE}/extensions/rank`,
} as const;

/**
 * The department as an identified group (as on joint-exercise statements) and the rank as an
 * extension, added to a statement's context; nothing for an account without them.
 */
function withAssignment<T extends { context?: { extensions?: Record<string, unknown> } }>(
  statement: T,
  user: OfficialContext['user'],
  homePage: string,
): T {
  const { department, rank } = user;
  if ((department === undefined || department === null) && (rank === undefined || rank === null)) return statement;
  const context = statement.context ?? {};
  return {
    ...statement,
    context: {
      ...context,
      ...(department !== undefined &&
        department !== null && {
          contextGroups: [
            {
              objectType: 'contextGroup',
              group: { objectType: 'Group', name: department, account: { homePage, name: `department:${department}` } },
              relevantTypes: [ASSIGNMENT_IRIS.departmentType],
            },
          ],
        }),
      extensions: { ...context.extensions, ...(rank !== undefined && rank !== null && { [ASSIGNMENT_IRIS.rank]: rank }) },
    },
  };
}

export function officialStatements(context: OfficialContext, events: readonly LearningEvent[]): PreparedStatement[] {
  const statements = statementsForEvents(
    {
      course: context.course,
      actor: accountAgent(context.homePage, context.user),
      mode: 'assessment',
      locale: STATEMENT_LOCALE,
      ...(context.draws === undefined ? {} : { draws: context.draws }),
      ...(context.extraTime === undefined ? {} : { extraTime: context.extraTime }),
    },
    events,
  );
  const authority = graderAgent(context.homePage);
  return statements.map((statement, index) => {
    // Through JSON, as a client's statement arrives: the validator checks plain data.
    const plain = JSON.parse(
      JSON.stringify(
        withAssignment({ ...statement, id: officialStatementId(context.seed, statement.id) }, context.user, context.homePage),
      ),
    ) as unknown;
    const issues = validateStatement(plain, `statements[${index}]`, '2.0');
    // Only a bug in the records layer gets here; refuse it rather than store what the LRS would refuse.
    if (issues.length > 0) throw new Error(`The grader built an invalid statement: ${issuesMessage(issues)}`);
    return prepareStatement(plain as Statement, { stored: context.stored, authority, defaultVersion: '2.0.0' });
  });
}
