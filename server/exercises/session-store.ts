// Reads and writes of joint-exercise sessions, their participants and their logs. A log entry is
// written in one transaction with the session's log length and only under the room's epoch, so a
// room that another process has replaced can never add to the log.
import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ExerciseParticipant, ExerciseSessionView } from '../../src/contracts/exercise-types.ts';
import { iso } from '../accounts/policy.ts';
import type { Clock } from '../accounts/policy.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import type { ExerciseLogTable, ExerciseParticipantsTable, ExerciseSessionsTable } from './tables.ts';

export type SessionRow = Selectable<ExerciseSessionsTable>;
export type ParticipantRow = Selectable<ExerciseParticipantsTable>;
export type LogRow = Selectable<ExerciseLogTable>;
type Db = Kysely<DatabaseSchema>;

/** A log entry as the room writes it (seq and session come from the store). */
export type NewLogEntry = Omit<LogRow, 'session_id' | 'seq'>;

/** The room was replaced (the session resumed elsewhere) or the session ended: it must stop. */
export class StaleRoomError extends Error {
  readonly ended: boolean;

  constructor(sessionId: string, ended: boolean) {
    super(
      `The room of exercise session ${sessionId} no longer holds its log: ${ended ? 'the session ended' : 'another room took it over'}.`,
    );
    this.ended = ended;
  }
}

const LIST_LIMIT = 200;

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export class ExerciseSessionStore {
  readonly #database: Database;
  readonly #db: Db;
  readonly #now: Clock;

  constructor(database: Database, now: Clock) {
    this.#database = database;
    this.#db = database.db;
    this.#now = now;
  }

  async create(
    trainer: SessionUser,
    input: {
      exerciseId: string;
      title: string;
      classId: string | null;
      /** A fork: the source session, the last entry copied, and its seed and clock start. */
      forkedFrom?: { sessionId: string; seq: number; seed: string; startedAt: string; log: readonly NewLogEntry[] };
    },
  ): Promise<SessionRow> {
    const now = this.#now();
    // A clash with an open session's code is rare: draw again.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const code = newCode();
      const row: SessionRow = {
        id: randomUUID(),
        exercise_id: input.exerciseId,
        title: input.title,
        class_id: input.classId,
        trainer_id: trainer.id,
        trainer_name: trainer.name,
        code,
        open_code: code,
        status: 'open',
        seed: input.forkedFrom?.seed ?? randomUUID(),
        started_at: input.forkedFrom?.startedAt ?? iso(now),
        room_id: null,
        room_epoch: 0,
        log_length: input.forkedFrom?.log.length ?? 0,
        created: iso(now),
        ended: null,
        forked_from: input.forkedFrom?.sessionId ?? null,
        forked_at_seq: input.forkedFrom?.seq ?? null,
      };
      const log = input.forkedFrom?.log ?? [];
      // The session and the log it starts with arrive together, or not at all.
      const inserted = await writeTransaction(this.#database, async (trx) => {
        const result = await trx
          .insertInto('exercise_sessions')
          .values(row)
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
        const rows = log.map((entry, seq) => ({ ...entry, session_id: row.id, seq }));
        // 100 rows of 11 columns a statement: within both databases' bound-parameter limits.
        for (let from = 0; from < rows.length; from += 100)
          await trx
            .insertInto('exercise_log')
            .values(rows.slice(from, from + 100))
            .execute();
        return true;
      });
      if (inserted) return row;
    }
    throw new Error('Could not find a free exercise session code in 10 tries.');
  }

  find(sessionId: string): Promise<SessionRow | undefined> {
    return this.#db.selectFrom('exercise_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  }

  findOpenByCode(code: string): Promise<SessionRow | undefined> {
    return this.#db.selectFrom('exercise_sessions').selectAll().where('open_code', '=', code).executeTakeFirst();
  }

  /** A trainer's own sessions, or every session for an admin; newest first. */
  list(user: SessionUser): Promise<SessionRow[]> {
    let query = this.#db.selectFrom('exercise_sessions').selectAll().orderBy('created', 'desc').limit(LIST_LIMIT);
    if (user.role !== 'admin') query = query.where('trainer_id', '=', user.id);
    return query.execute();
  }

  participants(sessionId: string): Promise<ParticipantRow[]> {
    return this.#db
      .selectFrom('exercise_participants')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('joined')
      .orderBy('user_id')
      .execute();
  }

  async participant(sessionId: string, userId: string): Promise<ParticipantRow | undefined> {
    return this.#db
      .selectFrom('exercise_participants')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Is the user a current member of the class? */
  async inClass(classId: string, userId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('class_members')
      .select('user_id')
      .where('class_id', '=', classId)
      .where('user_id', '=', userId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Adds the person without a role; someone already in keeps their role. */
  async addParticipant(sessionId: string, user: Pick<SessionUser, 'id' | 'username' | 'name'>): Promise<void> {
    await this.#db
      .insertInto('exercise_participants')
      .values({
        session_id: sessionId,
        user_id: user.id,
        username: user.username,
        name: user.name,
        role: null,
        joined: iso(this.#now()),
      })
      .onConflict((conflict) => conflict.columns(['session_id', 'user_id']).doNothing())
      .execute();
  }

  async setRole(sessionId: string, userId: string, role: string | null): Promise<boolean> {
    const result = await this.#db
      .updateTable('exercise_participants')
      .set({ role })
      .where('session_id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Gives `userId` the role when no one else holds it; one transaction, so two learners picking
   * the same role at once cannot both get it. Answers who holds it when refused.
   */
  async pickRole(sessionId: string, userId: string, role: string): Promise<{ ok: true } | { ok: false; heldBy: string }> {
    return writeTransaction(this.#database, async (trx) => {
      if (this.#database.dialect === 'postgres')
        await trx.selectFrom('exercise_sessions').select('id').where('id', '=', sessionId).forUpdate().executeTakeFirst();
      const holder = await trx
        .selectFrom('exercise_participants')
        .select(['user_id', 'name'])
        .where('session_id', '=', sessionId)
        .where('role', '=', role)
        .where('user_id', '!=', userId)
        .executeTakeFirst();
      if (holder !== undefined) return { ok: false, heldBy: holder.name };
      await trx
        .updateTable('exercise_participants')
        .set({ role })
        .where('session_id', '=', sessionId)
        .where('user_id', '=', userId)
        .execute();
      return { ok: true };
    });
  }

  async end(sessionId: string): Promise<void> {
    await this.#db
      .updateTable('exercise_sessions')
      .set({ status: 'ended', open_code: null, ended: iso(this.#now()) })
      .where('id', '=', sessionId)
      .where('status', '=', 'open')
      .execute();
  }

  /** Starts a new room epoch for the session: from now on only a room holding it may write the log. */
  async claimRoom(sessionId: string, roomId: string): Promise<number> {
    return writeTransaction(this.#database, async (trx) => {
      const row = await trx
        .selectFrom('exercise_sessions')
        .select('room_epoch')
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow();
      const epoch = row.room_epoch + 1;
      await trx
        .updateTable('exercise_sessions')
        .set({ room_epoch: epoch, room_id: roomId })
        .where('id', '=', sessionId)
        .execute();
      return epoch;
    });
  }

  /** Appends an entry at `seq` for the room of `epoch`; StaleRoomError when that room no longer holds the log. */
  async append(sessionId: string, epoch: number, seq: number, entry: NewLogEntry): Promise<void> {
    await writeTransaction(this.#database, async (trx) => {
      const result = await trx
        .updateTable('exercise_sessions')
        .set({ log_length: seq + 1 })
        .where('id', '=', sessionId)
        .where('room_epoch', '=', epoch)
        .where('log_length', '=', seq)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        const row = await trx.selectFrom('exercise_sessions').select('status').where('id', '=', sessionId).executeTakeFirst();
        throw new StaleRoomError(sessionId, row?.status !== 'open');
      }
      await trx
        .insertInto('exercise_log')
        .values({ ...entry, session_id: sessionId, seq })
        .execute();
    });
  }

  log(sessionId: string): Promise<LogRow[]> {
    return this.#db.selectFrom('exercise_log').selectAll().where('session_id', '=', sessionId).orderBy('seq').execute();
  }

  async view(row: SessionRow, roleIds: readonly string[]): Promise<ExerciseSessionView> {
    const participants: ExerciseParticipant[] = (await this.participants(row.id)).map((p) => ({
      userId: p.user_id,
      username: p.username,
      name: p.name,
      role: p.role,
      joinedAt: p.joined,
    }));
    return {
      id: row.id,
      exerciseId: row.exercise_id,
      title: row.title,
      classId: row.class_id,
      code: row.code,
      status: row.status,
      trainer: { userId: row.trainer_id, name: row.trainer_name },
      roleIds,
      participants,
      logLength: row.log_length,
      createdAt: row.created,
      endedAt: row.ended,
      forkedFrom: row.forked_from === null ? null : { sessionId: row.forked_from, seq: row.forked_at_seq ?? 0 },
    };
  }
}
