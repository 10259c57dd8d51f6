// Attempt tickets: the server, not the browser, chooses the id of a learner's next assessment
// attempt of a course, because the id seeds what the attempt draws (src/engine/draw.ts). One ticket
// per learner and course stays outstanding until an attempt starts with it, so asking again gives
// the same id and a learner cannot draw again without spending a start.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Course } from '../../src/course/schema.ts';
import type { AttemptTicket } from '../../src/contracts/attempt-view.ts';
import { hasDrawnSteps } from '../../src/engine/draw.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { RequestError } from '../http/request-error.ts';

/**
 * The learner's outstanding ticket for the course, issued now if there is none. The same ticket
 * whatever the course's version: a new version is not a new draw for the learner to ask for.
 */
export async function issueTicket(database: Database, user: SessionUser, course: Course, nowIso: string): Promise<AttemptTicket> {
  const row = await writeTransaction(database, async (trx) => {
    await trx
      .insertInto('attempt_tickets')
      .values({ user_id: user.id, course_id: course.id, attempt_id: randomUUID(), issued_at: nowIso })
      .onConflict((conflict) => conflict.columns(['user_id', 'course_id']).doNothing())
      .execute();
    return trx
      .selectFrom('attempt_tickets')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('course_id', '=', course.id)
      .executeTakeFirstOrThrow();
  });
  return {
    attemptId: row.attempt_id,
    courseId: course.id,
    version: course.version,
    issuedAt: row.issued_at,
    required: hasDrawnSteps(course),
  };
}

/**
 * Before a new attempt is created (in its start's transaction): its id must be the learner's
 * outstanding ticket where the course draws steps, and may never be a ticket issued to someone
 * else. The ticket it uses is removed with the same commit; a refused start leaves it outstanding.
 */
export async function spendTicket(
  trx: Kysely<DatabaseSchema>,
  user: SessionUser,
  course: Course,
  attemptId: string,
): Promise<void> {
  const issued = await trx.selectFrom('attempt_tickets').selectAll().where('attempt_id', '=', attemptId).executeTakeFirst();
  if (issued !== undefined && issued.user_id !== user.id) {
    throw new RequestError(
      403,
      `Attempt id ${attemptId} was issued by the server to another learner: start your own attempt with the ticket the server issues you (POST /api/v1/courses/${course.id}/attempt-ticket).`,
    );
  }
  if (issued !== undefined && issued.course_id !== course.id) {
    throw new RequestError(
      409,
      `Attempt id ${attemptId} was issued for an attempt of "${issued.course_id}", not "${course.id}": start each course with its own ticket (POST /api/v1/courses/${course.id}/attempt-ticket).`,
      {},
      { reason: 'attempt-ticket' },
    );
  }
  if (issued === undefined && hasDrawnSteps(course)) {
    throw new RequestError(
      409,
      `This attempt id was not issued by the server for you: "${course.id}" has steps drawn per attempt, so its assessments start only with the id of your attempt ticket. Fetch it while online (POST /api/v1/courses/${course.id}/attempt-ticket) and start the attempt with it.`,
      {},
      { reason: 'attempt-ticket' },
    );
  }
  if (issued !== undefined)
    await trx
      .deleteFrom('attempt_tickets')
      .where('user_id', '=', user.id)
      .where('course_id', '=', course.id)
      .where('attempt_id', '=', attemptId)
      .execute();
}
