// Users in the database: lookups for sign-in and sessions, creation, the admin list, and the
// bootstrap admin. Rows become SessionUser here and nowhere else.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';
import { RequestError } from '../http/request-error.ts';
import { usernameKey } from './migration.ts';
import { passwordProblem } from './passwords.ts';
import { hashSecret } from './secrets.ts';
import { ROLES } from './session-user.ts';
import type { Role, SessionUser } from './session-user.ts';
import type { UsersTable } from './tables.ts';

/** What the admin's list asks for (parsed from the query, defaults applied). */
export interface UserSearch {
  readonly q?: string | undefined;
  readonly department?: string | undefined;
  readonly rank?: string | undefined;
  readonly role?: Role | undefined;
  readonly status?: 'active' | 'disabled' | 'must-change' | undefined;
  readonly sort?: 'newest' | 'username' | 'name' | 'department' | undefined;
  readonly page: number;
  readonly pageSize: number;
}

/** Which users the caller administers: all, or one department's non-admin users. */
export interface UserSearchScope {
  readonly department?: string;
}

export interface UserSearchPage {
  readonly users: UserListing[];
  readonly total: number;
  readonly departments: string[];
  readonly ranks: string[];
}

/** A user as the admin list shows it. */
export interface UserListing extends SessionUser {
  readonly created: string;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
}

export interface NewUser {
  readonly username: string;
  readonly name: string;
  readonly role: Role;
  readonly employeeId?: string | null;
  readonly department?: string | null;
  readonly rank?: string | null;
}

// Employee ids become usernames, so both follow one rule: no spaces, nothing a URL must escape.
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Why `username` cannot be used, or undefined when it can. */
export function usernameProblem(username: string): string | undefined {
  if (username === '') return 'is empty';
  if (!USERNAME.test(username))
    return `"${username}" is not usable: use 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`;
  return undefined;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export type UserRow = Selectable<UsersTable>;

export function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    // Only this module writes the column, always with a known role.
    role: isRole(row.role) ? row.role : 'learner',
    employeeId: row.employee_id,
    department: row.department,
    rank: row.rank,
    ...(row.extra_time_percent !== 100 && { extraTime: row.extra_time_percent / 100 }),
  };
}

export class UserStore {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  /**
   * The user whose username equals `username` without regard to case and Unicode width. A user
   * left without a key by a collision (migration.ts) is found only by their exact username, and
   * then before the holder of the key.
   */
  async findByUsername(username: string): Promise<UserRow | undefined> {
    const rows = await this.#db
      .selectFrom('users')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('username_key', '=', usernameKey(username)),
          eb.and([eb('username_key', 'is', null), eb('username', '=', username)]),
        ]),
      )
      .execute();
    return rows.find((row) => row.username_key === null) ?? rows[0];
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * One page of the admin's list: `scope` limits it to what the caller administers (a department
   * admin: their department's non-admin users), `q` matches any part of the username, employee id
   * or name without regard to case, the filters match exactly. Also every department and rank in
   * scope, for the filter lists.
   */
  async search(query: UserSearch, scope: UserSearchScope): Promise<UserSearchPage> {
    const { q, department, rank, role, status } = query;
    let base = this.#db.selectFrom('users');
    if (scope.department !== undefined) base = base.where('department', '=', scope.department).where('role', '!=', 'admin');
    let matching = base;
    if (q !== undefined && q !== '') {
      const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const like = (column: 'username' | 'name' | 'employee_id') =>
        sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
      matching = matching.where((eb) => eb.or([like('username'), like('name'), like('employee_id')]));
    }
    if (department !== undefined && department !== '') matching = matching.where('department', '=', department);
    if (rank !== undefined && rank !== '') matching = matching.where('rank', '=', rank);
    if (role !== undefined) matching = matching.where('role', '=', role);
    if (status === 'disabled') matching = matching.where('disabled', '=', 1);
    if (status === 'must-change') matching = matching.where('disabled', '=', 0).where('must_change_password', '=', 1);
    if (status === 'active') matching = matching.where('disabled', '=', 0).where('must_change_password', '=', 0);

    const counted = await matching.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirst();
    const total = Number(counted?.n ?? 0);
    let ordered = matching.selectAll();
    switch (query.sort) {
      case 'username':
        ordered = ordered.orderBy('username');
        break;
      case 'name':
        ordered = ordered.orderBy('name').orderBy('username');
        break;
      case 'department':
        ordered = ordered.orderBy('department').orderBy('name').orderBy('username');
        break;
      default:
        ordered = ordered.orderBy('created', 'desc').orderBy('username');
    }
    const rows = await ordered
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const distinct = async (column: 'department' | 'rank') =>
      (await base.select(column).distinct().where(column, 'is not', null).orderBy(column).execute())
        .map((row) => row[column])
        .filter((value): value is string => value !== null && value !== '');
    return {
      users: rows.map((row) => ({
        ...toSessionUser(row),
        created: row.created,
        disabled: row.disabled === 1,
        mustChangePassword: row.must_change_password === 1,
      })),
      total,
      departments: await distinct('department'),
      ranks: await distinct('rank'),
    };
  }

  async setPasswordHash(id: string, passwordHash: string, mustChange?: boolean): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ password_hash: passwordHash, ...(mustChange === undefined ? {} : { must_change_password: mustChange ? 1 : 0 }) })
      .where('id', '=', id)
      .execute();
  }

  /** Grants extra time on timed steps: `factor` 1 (none), 1.25, 1.5 or 2. */
  async setExtraTime(id: string, factor: number): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ extra_time_percent: Math.round(factor * 100) })
      .where('id', '=', id)
      .execute();
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ disabled: disabled ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  /** Creates a user with an already hashed password; 409 when the username or employee id is taken. */
  async create(user: NewUser, passwordHash: string): Promise<SessionUser> {
    const row: UserRow = {
      id: randomUUID(),
      username: user.username,
      name: user.name,
      role: user.role,
      employee_id: user.employeeId ?? null,
      department: user.department ?? null,
      rank: user.rank ?? null,
      password_hash: passwordHash,
      created: new Date().toISOString(),
      disabled: 0,
      username_key: usernameKey(user.username),
      must_change_password: 0,
      extra_time_percent: 100,
    };
    const result = await this.#db
      .insertInto('users')
      .values(row)
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
      const taken = (await this.findByUsername(user.username)) !== undefined;
      throw new RequestError(
        409,
        taken
          ? `The username "${user.username}" is already taken (usernames that differ only in case or width are the same).`
          : `The employee id "${String(user.employeeId)}" already belongs to another user.`,
      );
    }
    return toSessionUser(row);
  }

  async hasAdmin(): Promise<boolean> {
    const row = await this.#db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Creates the user `admin` with `password` when no enabled admin exists. Never changes an
   * existing user: a second start, or a second server process, leaves the first admin alone.
   */
  async bootstrapAdmin(password: string | undefined): Promise<'exists' | 'created' | 'missing'> {
    if (await this.hasAdmin()) return 'exists';
    if (password === undefined || password === '') return 'missing';
    const problem = passwordProblem(password, 'admin');
    if (problem !== undefined) throw new Error(`SHIXUN_ADMIN_PASSWORD is not usable: ${problem}`);
    if ((await this.findByUsername('admin')) !== undefined) {
      throw new Error(
        'No admin account exists, but the username "admin" belongs to a non-admin user: give that user the admin role in the database, or rename it.',
      );
    }
    const hash = await hashSecret(password);
    const result = await this.#db
      .insertInto('users')
      .values({
        id: randomUUID(),
        username: 'admin',
        name: 'Administrator',
        role: 'admin',
        employee_id: null,
        department: null,
        rank: null,
        password_hash: hash,
        created: new Date().toISOString(),
        disabled: 0,
        username_key: usernameKey('admin'),
        must_change_password: 0,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    // Another process may have created it between our check and insert; then it is theirs.
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? 'created' : 'exists';
  }
}
