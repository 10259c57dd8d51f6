// Imports a staff list (CSV: employee_id,name,department,rank[,role][,password]) as users whose
// username is the employee id. Valid rows are created or updated together; invalid rows are
// skipped and reported by spreadsheet row. New users without a password get a generated one,
// returned once.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { RequestError } from '../http/request-error.ts';
import { parseCsv, CsvSyntaxError } from './csv.ts';
import { generatePassword, passwordProblem } from './passwords.ts';
import { hashGeneratedSecret, hashSecret } from './secrets.ts';
import { ROLES } from './session-user.ts';
import type { Role } from './session-user.ts';
import { usernameKey } from './migration.ts';
import { isRole, usernameProblem } from './user-store.ts';
import type { KnownRanks } from './accounts-context.ts';
import { recordAssignment } from './assignments.ts';

export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

const REQUIRED_COLUMNS = ['employee_id', 'name', 'department', 'rank'] as const;
const OPTIONAL_COLUMNS = ['role', 'password'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const MAX_TEXT = 100;

export interface ImportRowError {
  /** Spreadsheet row: the header is row 1, the first person row 2. */
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

export interface ImportResult {
  readonly created: number;
  readonly updated: number;
  readonly errors: readonly ImportRowError[];
  /** Generated initial passwords of the users created now; shown once, never stored in clear. */
  readonly passwords: ReadonlyArray<{ readonly username: string; readonly password: string }>;
}

interface ImportRow {
  readonly row: number;
  readonly employeeId: string;
  readonly name: string;
  readonly department: string | null;
  readonly rank: string | null;
  readonly role: Role;
  readonly password: string | null;
}

/** UTF-8 text of the upload; anything else is refused with how to save it properly. */
export function decodeCsvBody(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new RequestError(
      400,
      'The file is not UTF-8 text. In Excel choose "Save as" → "CSV UTF-8 (comma delimited)", in WPS or LibreOffice pick the UTF-8 encoding.',
    );
  }
}

function readHeader(fields: readonly string[]): Map<Column, number> {
  const known: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
  const columns = new Map<Column, number>();
  fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!known.includes(name))
      throw new RequestError(
        400,
        `Row 1: unknown column "${raw}". The header must be employee_id,name,department,rank, optionally followed by role and password.`,
      );
    if (columns.has(name as Column)) throw new RequestError(400, `Row 1: the column "${name}" appears twice.`);
    columns.set(name as Column, index);
  });
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  if (missing.length > 0)
    throw new RequestError(
      400,
      `Row 1: the header lacks ${missing.join(', ')}. It must be employee_id,name,department,rank, optionally followed by role and password.`,
    );
  return columns;
}

/** Reads and checks the rows; returns the usable ones and an error per problem found. */
export function readImportFile(text: string): { rows: ImportRow[]; errors: ImportRowError[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new RequestError(400, `The CSV cannot be read: ${error.message}`);
    throw error;
  }
  const [header, ...data] = records;
  if (header === undefined)
    throw new RequestError(400, 'The file is empty: send a header row employee_id,name,department,rank and one row per person.');
  const columns = readHeader(header.fields);
  const people = data.filter((record) => !(record.fields.length === 1 && record.fields[0]?.trim() === ''));
  if (people.length === 0) throw new RequestError(400, 'The file has a header but no people: add one row per person.');
  if (people.length > MAX_IMPORT_ROWS)
    throw new RequestError(
      413,
      `The file has ${people.length} people; import at most ${MAX_IMPORT_ROWS} at a time by splitting it.`,
    );

  const rows: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  const firstRowOf = new Map<string, number>();
  for (const record of people) {
    const problems: ImportRowError[] = [];
    const problem = (field: string, message: string) => problems.push({ row: record.row, field, message });
    if (record.fields.length !== header.fields.length) {
      problem(
        'row',
        `has ${record.fields.length} fields but the header has ${header.fields.length}; check for a missing or extra comma, or quote a value that holds a comma.`,
      );
      errors.push(...problems);
      continue;
    }
    const value = (column: Column): string => {
      const index = columns.get(column);
      return index === undefined ? '' : (record.fields[index] ?? '').trim();
    };
    const text = (column: Column, required: boolean): string | null => {
      const found = value(column);
      if (found === '') {
        if (required) problem(column, `${column} is empty; every person needs one.`);
        return null;
      }
      if ([...found].length > MAX_TEXT) problem(column, `${column} is longer than ${MAX_TEXT} characters.`);
      return found;
    };

    const employeeId = value('employee_id');
    const idProblem = usernameProblem(employeeId);
    if (idProblem !== undefined)
      problem('employee_id', employeeId === '' ? 'employee_id is empty; every person needs one.' : `employee_id ${idProblem}.`);
    // One person per username: ids that differ only in case or width are one username.
    const first = firstRowOf.get(usernameKey(employeeId));
    if (employeeId !== '' && first !== undefined)
      problem('employee_id', `employee_id ${employeeId} already appears on row ${first}; list each person once.`);
    else if (employeeId !== '') firstRowOf.set(usernameKey(employeeId), record.row);

    const name = text('name', true);
    const department = text('department', false);
    const rank = text('rank', false);
    const roleText = value('role').toLowerCase();
    const role = roleText === '' ? 'learner' : roleText;
    if (!isRole(role)) problem('role', `role "${value('role')}" is not one of ${ROLES.join(', ')} (empty means learner).`);
    const password = value('password') === '' ? null : (record.fields[columns.get('password') ?? -1] ?? null);
    const weak = password === null ? undefined : passwordProblem(password, isRole(role) ? role : 'learner');
    if (weak !== undefined) problem('password', `${weak} Leave it empty to have one generated.`);

    if (problems.length > 0 || name === null || !isRole(role)) errors.push(...problems);
    else rows.push({ row: record.row, employeeId, name, department, rank, role, password });
  }
  return { rows, errors };
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Hashes with bounded concurrency: scrypt runs on libuv's 4 threads, more in flight only queues. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Imports `text`. With `department` (a department admin's import), every row must be of that
 * department and not an admin, and only users of that department are updated; other rows are
 * refused like invalid ones.
 */
/** What an import may do: only one department's users (a department admin), only the policy's ranks. */
export interface ImportScope {
  readonly department?: string | undefined;
  /** The ranks of the policy in force; a row with another rank is refused (it would change the required hours). */
  readonly knownRanks?: KnownRanks | undefined;
  /** The admin importing: recorded with each change of department or rank. */
  readonly actor?: string | undefined;
}

/**
 * Why `rank` cannot be given to a user (undefined when it can): a rank the training policy in force
 * does not declare would silently give the default hours and none of the rank's required courses.
 */
export function rankProblem(rank: string | null, known: KnownRanks | undefined): string | undefined {
  if (rank === null || known === undefined || known.names.includes(rank)) return undefined;
  return `"${rank}" is not a rank of the training policy in force (${known.policyVersion}): use one of ${known.names.join(', ')}, or add the rank to the policy first.`;
}

export async function importUsers(database: Database, text: string, scope: ImportScope = {}): Promise<ImportResult> {
  const { department, knownRanks } = scope;
  const parsed = readImportFile(text);
  const { errors } = parsed;
  const rows: ImportRow[] = [];
  for (const row of parsed.rows) {
    const problem = rankProblem(row.rank, knownRanks);
    if (problem === undefined) rows.push(row);
    else errors.push({ row: row.row, field: 'rank', message: problem });
  }
  // Existing users by username key: an id that differs only in case from a username is that user.
  const existing = new Map<
    string,
    {
      id: string;
      username: string;
      employee_id: string | null;
      department: string | null;
      rank: string | null;
      created: string;
      role: string;
    }
  >();
  const owners = new Map<string, string>();
  for (const part of chunks(rows, CHUNK)) {
    const ids = part.map((row) => row.employeeId);
    const keys = ids.map(usernameKey);
    const found = await database.db
      .selectFrom('users')
      .select(['id', 'username', 'username_key', 'employee_id', 'department', 'rank', 'created', 'role'])
      .where((eb) => eb.or([eb('username_key', 'in', keys), eb('username', 'in', ids), eb('employee_id', 'in', ids)]))
      .execute();
    for (const user of found) {
      existing.set(user.username_key ?? usernameKey(user.username), user);
      if (user.employee_id !== null) owners.set(user.employee_id, user.username);
    }
  }

  const updates: { row: ImportRow; user: NonNullable<ReturnType<typeof existing.get>> }[] = [];
  const creations: ImportRow[] = [];
  for (const row of rows) {
    const owner = owners.get(row.employeeId);
    const user = existing.get(usernameKey(row.employeeId));
    if (department !== undefined && row.department !== department) {
      errors.push({
        row: row.row,
        field: 'department',
        message: `you administer the department "${department}": import only its users; the organisation admin imports the others.`,
      });
    } else if (department !== undefined && row.role === 'admin') {
      errors.push({ row: row.row, field: 'role', message: 'only the organisation admin creates admin accounts.' });
    } else if (department !== undefined && user !== undefined && (user.department !== department || user.role === 'admin')) {
      errors.push({
        row: row.row,
        field: 'employee_id',
        message: `employee_id ${row.employeeId} belongs to a user outside the department "${department}".`,
      });
    } else if (owner !== undefined && owner !== row.employeeId) {
      errors.push({
        row: row.row,
        field: 'employee_id',
        message: `employee_id ${row.employeeId} already belongs to the user "${owner}".`,
      });
    } else if (user !== undefined && user.employee_id !== null && user.employee_id !== row.employeeId) {
      errors.push({
        row: row.row,
        field: 'employee_id',
        message: `the username ${row.employeeId} is taken by a user with employee_id ${user.employee_id}.`,
      });
    } else if (user !== undefined && user.username !== row.employeeId) {
      errors.push({
        row: row.row,
        field: 'employee_id',
        message: `the username ${row.employeeId} differs only in case or width from the existing user "${user.username}".`,
      });
    } else if (user !== undefined) {
      updates.push({ row, user });
    } else {
      creations.push(row);
    }
  }

  const passwords: Array<{ username: string; password: string }> = [];
  const hashes = await mapLimited(creations, 4, async (row) => {
    if (row.password !== null) return hashSecret(row.password);
    const password = generatePassword();
    passwords.push({ username: row.employeeId, password });
    return hashGeneratedSecret(password);
  });
  const created = new Date().toISOString();
  await writeTransaction(database, async (trx) => {
    for (const { row, user } of updates) {
      // Never the password or role: an import refreshes who people are, not how they sign in.
      await trx
        .updateTable('users')
        .set({ name: row.name, department: row.department, rank: row.rank, employee_id: row.employeeId })
        .where('username', '=', row.employeeId)
        .execute();
      await recordAssignment(
        trx,
        { userId: user.id, department: row.department, rank: row.rank, at: created, source: 'csv', actor: scope.actor ?? null },
        user,
      );
    }
    const values = creations.map((row, index) => ({
      id: randomUUID(),
      username: row.employeeId,
      name: row.name,
      role: row.role,
      employee_id: row.employeeId,
      department: row.department,
      rank: row.rank,
      password_hash: hashes[index] ?? '',
      created,
      disabled: 0,
      username_key: usernameKey(row.employeeId),
      must_change_password: 0,
    }));
    for (const part of chunks(values, CHUNK)) await trx.insertInto('users').values(part).execute();
  });
  passwords.sort((a, b) => a.username.localeCompare(b.username));
  errors.sort((a, b) => a.row - b.row);
  return { created: creations.length, updated: updates.length, errors, passwords };
}
