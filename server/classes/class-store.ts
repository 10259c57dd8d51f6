// Reads and writes of classes and their members. Every change to a class or a member bumps the
// class's revision in the same transaction, which is how the trainer's event streams, on any
// server instance sharing the database, learn that something changed.
import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type {
  ClassMemberView,
  ClassProgress,
  ClassProgressReport,
  ClassSnapshot,
  ClassView,
  MembershipView,
} from '../../src/contracts/class-types.ts';
import { CONNECTED_WINDOW_MS } from '../../src/contracts/class-types.ts';
import { iso } from '../accounts/policy.ts';
import type { Clock } from '../accounts/policy.ts';
import type { SessionUser } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import type { NewClass } from './class-requests.ts';
import { withServerScore } from './progress-score.ts';
import type { ClassesTable, ClassMembersTable } from './tables.ts';

export type ClassRow = Selectable<ClassesTable>;
type MemberRow = Selectable<ClassMembersTable>;
type Db = Kysely<DatabaseSchema>;

export type JoinOutcome =
  | { readonly kind: 'joined'; readonly membership: MembershipView }
  | { readonly kind: 'no-such-code' }
  | { readonly kind: 'in-another-class'; readonly title: string };

const LIST_LIMIT = 200;

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** PostgreSQL 23505 or SQLite's constraint error: a unique index refused the row. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = String(error.code);
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}

function classView(row: ClassRow, memberCount: number): ClassView {
  return {
    id: row.id,
    title: row.title,
    courseId: row.course_id,
    code: row.code,
    status: row.status,
    trainer: { id: row.trainer_id, username: row.trainer_username, name: row.trainer_name },
    created: row.created,
    ended: row.ended,
    memberCount,
  };
}

function membershipView(row: ClassRow, member: MemberRow): MembershipView {
  return {
    classId: row.id,
    title: row.title,
    courseId: row.course_id,
    trainerName: row.trainer_name,
    status: row.status,
    joined: member.joined,
    ended: row.ended,
    helpRequestedAt: member.help_requested_at,
  };
}

/** Seen within the window, the page not closed since, still in the class and the class open. */
export function isConnected(row: ClassRow, member: Pick<MemberRow, 'last_seen' | 'gone_at' | 'left_at'>, now: number): boolean {
  if (row.status !== 'open' || member.left_at !== null || member.last_seen === null) return false;
  if (member.gone_at !== null && member.gone_at >= member.last_seen) return false;
  return now - Date.parse(member.last_seen) <= CONNECTED_WINDOW_MS;
}

function memberView(row: ClassRow, member: MemberRow, now: number): ClassMemberView {
  return {
    userId: member.user_id,
    username: member.username,
    name: member.name,
    joined: member.joined,
    left: member.left_at,
    lastSeen: member.last_seen,
    connected: isConnected(row, member, now),
    progress: member.progress === null ? null : (JSON.parse(member.progress) as ClassProgress),
    helpRequestedAt: member.help_requested_at,
  };
}

export interface ClassRows {
  readonly row: ClassRow;
  readonly members: readonly MemberRow[];
}

/** What the trainer sees at time `now`: connected is worked out from the last heartbeat. */
export function snapshotAt(rows: ClassRows, now: number): ClassSnapshot {
  const { row, members } = rows;
  return {
    class: classView(row, members.length),
    members: members.map((member) => memberView(row, member, now)),
    now: iso(now),
    revision: Number(row.revision),
  };
}

async function bumpRevision(trx: Db, classId: string): Promise<void> {
  await trx
    .updateTable('classes')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', classId)
    .execute();
}

export class ClassStore {
  readonly #database: Database;
  readonly #now: Clock;

  constructor(database: Database, now: Clock) {
    this.#database = database;
    this.#now = now;
  }

  get #db(): Db {
    return this.#database.db;
  }

  /** The class row, locked until the transaction ends on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises writers). */
  async #lockClass(trx: Db, where: { id: string } | { openCode: string }): Promise<ClassRow | undefined> {
    let query = trx.selectFrom('classes').selectAll();
    query = 'id' in where ? query.where('id', '=', where.id) : query.where('open_code', '=', where.openCode);
    return (this.#database.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  }

  async create(trainer: SessionUser, input: NewClass): Promise<ClassView> {
    const created = iso(this.#now());
    // A clash with an open class's code is rare (a few open classes among a million codes): draw again.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const code = newCode();
      const row: ClassRow = {
        id: randomUUID(),
        title: input.title,
        course_id: input.courseId,
        trainer_id: trainer.id,
        trainer_username: trainer.username,
        trainer_name: trainer.name,
        code,
        open_code: code,
        status: 'open',
        created,
        ended: null,
        revision: 0,
      };
      const result = await this.#db
        .insertInto('classes')
        .values(row)
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return classView(row, 0);
    }
    throw new Error('Could not find a free class code in 10 tries.');
  }

  async find(classId: string): Promise<ClassRow | undefined> {
    return this.#db.selectFrom('classes').selectAll().where('id', '=', classId).executeTakeFirst();
  }

  /** A trainer's own classes, or every class for an admin; newest first. */
  async list(user: SessionUser): Promise<ClassView[]> {
    let query = this.#db
      .selectFrom('classes')
      .selectAll('classes')
      .select((eb) =>
        eb
          .selectFrom('class_members')
          .select((inner) => inner.fn.countAll<string | number>().as('n'))
          .whereRef('class_members.class_id', '=', 'classes.id')
          .as('member_count'),
      )
      .orderBy('created', 'desc')
      .orderBy('id')
      .limit(LIST_LIMIT);
    if (user.role !== 'admin') query = query.where('trainer_id', '=', user.id);
    const rows = await query.execute();
    return rows.map(({ member_count, ...row }) => classView(row, Number(member_count ?? 0)));
  }

  async revision(classId: string): Promise<number | undefined> {
    const row = await this.#db.selectFrom('classes').select('revision').where('id', '=', classId).executeTakeFirst();
    return row === undefined ? undefined : Number(row.revision);
  }

  /** The class and its members as stored; `snapshotAt` turns them into what the trainer sees at a given time. */
  async load(classId: string): Promise<ClassRows | undefined> {
    const row = await this.find(classId);
    if (row === undefined) return undefined;
    const members = await this.#db
      .selectFrom('class_members')
      .selectAll()
      .where('class_id', '=', classId)
      .orderBy('joined')
      .orderBy('user_id')
      .execute();
    return { row, members };
  }

  async snapshot(classId: string): Promise<ClassSnapshot | undefined> {
    const rows = await this.load(classId);
    return rows === undefined ? undefined : snapshotAt(rows, this.#now());
  }

  async join(user: SessionUser, code: string): Promise<JoinOutcome> {
    const now = iso(this.#now());
    try {
      return await writeTransaction(this.#database, async (trx) => {
        const row = await this.#lockClass(trx, { openCode: code });
        if (row === undefined) return { kind: 'no-such-code' } as const;
        const active = await trx
          .selectFrom('class_members')
          .innerJoin('classes', 'classes.id', 'class_members.class_id')
          .select(['classes.id', 'classes.title'])
          .where('class_members.active_user_id', '=', user.id)
          .executeTakeFirst();
        if (active !== undefined && active.id !== row.id) return { kind: 'in-another-class', title: active.title } as const;
        // Notices of ended classes the learner never dismissed go: this class is the current one now.
        await trx
          .updateTable('class_members')
          .set({ left_at: now, updated: now })
          .where('user_id', '=', user.id)
          .where('class_id', '!=', row.id)
          .where('left_at', 'is', null)
          .execute();
        await trx
          .insertInto('class_members')
          .values({
            class_id: row.id,
            user_id: user.id,
            username: user.username,
            name: user.name,
            joined: now,
            active_user_id: user.id,
            left_at: null,
            last_seen: now,
            gone_at: null,
            progress: null,
            help_requested_at: null,
            help_handled_at: null,
            updated: now,
          })
          .onConflict((conflict) =>
            conflict
              .columns(['class_id', 'user_id'])
              .doUpdateSet({ active_user_id: user.id, left_at: null, last_seen: now, gone_at: null, updated: now }),
          )
          .execute();
        await bumpRevision(trx, row.id);
        const member = await trx
          .selectFrom('class_members')
          .selectAll()
          .where('class_id', '=', row.id)
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow();
        return { kind: 'joined', membership: membershipView(row, member) } as const;
      });
    } catch (error) {
      // Another instance joined this learner to another class at the same moment.
      if (isUniqueViolation(error)) return { kind: 'in-another-class', title: '' };
      throw error;
    }
  }

  /** The learner's current membership: the open class they are in, or an ended one they have not dismissed. */
  async joined(user: SessionUser): Promise<MembershipView | null> {
    const member = await this.#db
      .selectFrom('class_members')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('left_at', 'is', null)
      .orderBy('joined', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (member === undefined) return null;
    const row = await this.find(member.class_id);
    return row === undefined ? null : membershipView(row, member);
  }

  /**
   * A heartbeat from a member's app, with its progress when it has any. Undefined when the user is
   * not (or no longer) in the class; an ended class answers its membership without a write.
   */
  async heartbeat(
    classId: string,
    user: SessionUser,
    beat: { progress: ClassProgressReport | null; gone: boolean },
  ): Promise<MembershipView | undefined> {
    const progress = beat.progress === null ? null : await withServerScore(this.#db, user, beat.progress);
    return this.#updateMember(classId, user.id, (now) => ({
      ...(beat.gone ? { gone_at: now } : { last_seen: now, gone_at: null }),
      ...(progress === null ? {} : { progress: JSON.stringify(progress) }),
    }));
  }

  /** The learner asks for help; the earliest pending request is kept. */
  async requestHelp(classId: string, user: SessionUser): Promise<MembershipView | undefined> {
    return this.#updateMember(classId, user.id, (now, member) => ({
      help_requested_at: member.help_requested_at ?? now,
      help_handled_at: null,
      last_seen: now,
      gone_at: null,
    }));
  }

  async leave(classId: string, user: SessionUser): Promise<boolean> {
    const now = iso(this.#now());
    return writeTransaction(this.#database, async (trx) => {
      const result = await trx
        .updateTable('class_members')
        .set({ left_at: now, active_user_id: null, updated: now })
        .where('class_id', '=', classId)
        .where('user_id', '=', user.id)
        .where('left_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await bumpRevision(trx, classId);
      return true;
    });
  }

  /** The trainer saw to a learner's request for help. False when the learner is not in the class. */
  async markHelpHandled(classId: string, userId: string): Promise<boolean> {
    const now = iso(this.#now());
    return writeTransaction(this.#database, async (trx) => {
      const result = await trx
        .updateTable('class_members')
        .set({ help_requested_at: null, help_handled_at: now, updated: now })
        .where('class_id', '=', classId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await bumpRevision(trx, classId);
      return true;
    });
  }

  /** Ends the class: its code is free again, its members are free to join another, their apps stop reporting. */
  async end(classId: string): Promise<void> {
    const now = iso(this.#now());
    await writeTransaction(this.#database, async (trx) => {
      const row = await this.#lockClass(trx, { id: classId });
      if (row === undefined || row.status === 'ended') return;
      await trx
        .updateTable('classes')
        .set((eb) => ({ status: 'ended' as const, ended: now, open_code: null, revision: eb('revision', '+', 1) }))
        .where('id', '=', classId)
        .execute();
      await trx
        .updateTable('class_members')
        .set({ active_user_id: null, updated: now })
        .where('class_id', '=', classId)
        .execute();
    });
  }

  async #updateMember(
    classId: string,
    userId: string,
    change: (now: string, member: MemberRow) => Partial<MemberRow>,
  ): Promise<MembershipView | undefined> {
    const now = iso(this.#now());
    return writeTransaction(this.#database, async (trx) => {
      const row = await this.#lockClass(trx, { id: classId });
      if (row === undefined) return undefined;
      const member = await trx
        .selectFrom('class_members')
        .selectAll()
        .where('class_id', '=', classId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (member === undefined || member.left_at !== null) return undefined;
      if (row.status === 'ended') return membershipView(row, member);
      const values = { ...change(now, member), updated: now };
      await trx.updateTable('class_members').set(values).where('class_id', '=', classId).where('user_id', '=', userId).execute();
      await bumpRevision(trx, classId);
      return membershipView(row, { ...member, ...values });
    });
  }
}
