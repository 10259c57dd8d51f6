// The history of each account's department and rank (`user_assignments`, migration 0027): who
// changed them, when and from where (an admin, a CSV import, a sign-in through OpenID Connect or
// LDAP, the directory sync). Reports read from it what was in force at an instant.
import type { Generated, Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';

/**
 * Where a change of department or rank came from: `csv` an admin's staff list, `oidc` a sign-in
 * through OpenID Connect, `ldap` a directory sign-in or the directory sync. `initial`: the
 * account's values when its history began.
 */
export type AssignmentSource = 'initial' | 'admin' | 'csv' | 'oidc' | 'ldap';

export interface UserAssignmentsTable {
  /** Insertion order: breaks ties between changes at the same instant. */
  readonly seq: Generated<number>;
  readonly user_id: string;
  readonly department: string | null;
  readonly rank: string | null;
  /** From this instant on (ISO 8601 UTC) until the next row of the account. */
  readonly effective_at: string;
  readonly source: string;
  /** Who made the change: the admin's username, or the identity provider's name. */
  readonly actor: string | null;
}

declare module '../db/schema.ts' {
  interface DatabaseSchema {
    readonly user_assignments: UserAssignmentsTable;
  }
}

/** A department and rank, as an account holds them. */
export interface Assignment {
  readonly department: string | null;
  readonly rank: string | null;
}

export interface AssignmentChange extends Assignment {
  readonly userId: string;
  readonly at: string;
  readonly source: AssignmentSource;
  readonly actor: string | null;
}

export interface AssignmentEntry extends Assignment {
  readonly effectiveAt: string;
  readonly source: string;
  readonly actor: string | null;
}

/** The account as it was before a change: its values and when it was created. */
export interface AssignmentBefore extends Assignment {
  readonly created: string;
}

/**
 * Records the account's department and rank from `at` on, unless they are what its latest entry
 * already says. Call it in the transaction (or right after the statement) that wrote `users`.
 * `before`: the values the change replaces; an account with no history yet gets them as its
 * `initial` entry (from its creation), so the time before the change keeps what was in force.
 */
export async function recordAssignment(
  db: Kysely<DatabaseSchema>,
  change: AssignmentChange,
  before?: AssignmentBefore,
): Promise<boolean> {
  const latest = await db
    .selectFrom('user_assignments')
    .select(['department', 'rank'])
    .where('user_id', '=', change.userId)
    .orderBy('effective_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest !== undefined && latest.department === change.department && latest.rank === change.rank) return false;
  if (latest === undefined && before !== undefined) {
    if (before.department === change.department && before.rank === change.rank) return false;
    await db
      .insertInto('user_assignments')
      .values({
        user_id: change.userId,
        department: before.department,
        rank: before.rank,
        effective_at: before.created < change.at ? before.created : change.at,
        source: 'initial',
        actor: null,
      })
      .execute();
  }
  await db
    .insertInto('user_assignments')
    .values({
      user_id: change.userId,
      department: change.department,
      rank: change.rank,
      effective_at: change.at,
      source: change.source,
      actor: change.actor,
    })
    .execute();
  return true;
}

/** Every change of one account, oldest first. */
export async function assignmentHistory(db: Kysely<DatabaseSchema>, userId: string): Promise<AssignmentEntry[]> {
  const rows = await db
    .selectFrom('user_assignments')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('effective_at')
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    department: row.department,
    rank: row.rank,
    effectiveAt: row.effective_at,
    source: row.source,
    actor: row.actor,
  }));
}

/**
 * The department and rank in force at `at` (ISO 8601 UTC) for every account with a history, by
 * users.id: the latest entry at or before `at`; an account created after `at` gets its first
 * entry. Accounts without any entry are absent (the caller keeps their current values).
 */
export async function assignmentsAt(
  db: Kysely<DatabaseSchema>,
  at: string,
  userId?: string,
): Promise<ReadonlyMap<string, Assignment>> {
  const rows = await db
    .selectFrom('user_assignments')
    .select(['user_id', 'department', 'rank', 'effective_at'])
    .$if(userId !== undefined, (query) => query.where('user_id', '=', userId ?? ''))
    .orderBy('user_id')
    .orderBy('effective_at')
    .orderBy('seq')
    .execute();
  const out = new Map<string, Assignment>();
  for (const row of rows) {
    // Rows come oldest first: a later one in force at `at` replaces the earlier.
    if (!out.has(row.user_id) || row.effective_at <= at) out.set(row.user_id, { department: row.department, rank: row.rank });
  }
  return out;
}
