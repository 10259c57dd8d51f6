// Accounts for people who sign in through an outside identity source (OpenID Connect, an LDAP
// directory): the first sign-in creates the account or links an imported one with the same
// employee id (never by name), and every later sign-in or directory sync brings name,
// department, rank and role up to date. Every change is recorded in the admin audit log with
// the source as the actor.
import type { Database } from '../db/database.ts';
import type { AdminAuditLog } from '../accounts/admin-audit.ts';
import type { KnownRanks, UserDisabledHook } from '../accounts/accounts-context.ts';
import { recordAssignment } from '../accounts/assignments.ts';
import { disableUser } from '../accounts/disable-user.ts';
import { generatePassword } from '../accounts/passwords.ts';
import { hashGeneratedSecret } from '../accounts/secrets.ts';
import type { SessionStore } from '../accounts/session-store.ts';
import type { Role } from '../accounts/session-user.ts';
import { rankProblem } from '../accounts/user-import.ts';
import { toSessionUser, usernameProblem } from '../accounts/user-store.ts';
import type { UserRow, UserStore } from '../accounts/user-store.ts';
import type { IdentityLinksTable } from './tables.ts';

/** A person as an outside identity source describes them, already mapped from claims or attributes. */
export interface ExternalIdentity {
  readonly source: 'oidc' | 'ldap';
  /** The configured provider id, e.g. `unified-id` or `corp-ad`. */
  readonly provider: string;
  /** The provider's stable id of the person (OIDC `sub`, LDAP entryUUID or DN). */
  readonly subject: string;
  /** The key that links to imported accounts, and the username of a new one. Never the display name. */
  readonly employeeId: string;
  readonly name: string;
  /** Left out: the account's department stays as it is. */
  readonly department?: string;
  /** Must be a rank of the training policy in force; left out: unchanged. */
  readonly rank?: string;
  /** Left out: a new account is a learner, an existing one keeps its role. */
  readonly role?: Role;
  /** The person has left or is locked at the source: the account is disabled. */
  readonly disabled?: boolean;
}

export type ProvisionResult =
  | {
      readonly ok: true;
      readonly userId: string;
      /** The account was made just now. */
      readonly created: boolean;
      /** A link to this identity was made just now (to a new or an existing account). */
      readonly linked: boolean;
      /** What changed, as the audit log records it (`department: A → B`). */
      readonly changes: readonly string[];
      /** The account is disabled after this call (by the source or by an admin): no sign-in. */
      readonly disabled: boolean;
    }
  | {
      readonly ok: false;
      /** `invalid-identity`, `unknown-rank`, `already-linked`, `employee-id-taken`, `username-taken`, `disabled`. */
      readonly code: string;
      /** What the person or the admin reads. */
      readonly reason: string;
    };

/** What provisioning uses of the accounts feature (its context has all of it). */
export interface ProvisionDeps {
  readonly database: Database;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly audit: AdminAuditLog;
  readonly userDisabledHooks: readonly UserDisabledHook[];
  readonly knownRanks: () => Promise<KnownRanks | undefined>;
}

/** The audit log's origin for changes a source made (no request address: a sync has none). */
const ORIGIN = 'identity-provider';

const refuse = (code: string, reason: string): ProvisionResult => ({ ok: false, code, reason });

function identityProblem(identity: ExternalIdentity): string | undefined {
  if (identity.subject.trim() === '') return 'The provider gave no subject (a stable id for the person).';
  if (identity.employeeId.trim() === '') return 'The provider gave no employee id for this person.';
  if (identity.name.trim() === '') return 'The provider gave no name for this person.';
  return undefined;
}

/** `field: before → after` for every field the identity sets to something new. */
function fieldChanges(row: UserRow, identity: ExternalIdentity): { set: Partial<UserRow>; changes: string[] } {
  const set: Record<string, string> = {};
  const changes: string[] = [];
  const compare = (field: string, column: 'name' | 'department' | 'rank' | 'role', value: string | undefined) => {
    if (value === undefined || row[column] === value) return;
    set[column] = value;
    changes.push(`${field}: ${row[column] ?? '(none)'} → ${value}`);
  };
  compare('name', 'name', identity.name);
  compare('department', 'department', identity.department);
  compare('rank', 'rank', identity.rank);
  compare('role', 'role', identity.role);
  return { set, changes };
}

/**
 * Creates, links or updates the account of `identity`. Refusals (an unknown rank, an account
 * already linked to another person at the same provider) change nothing and say why.
 */
export async function provisionExternalUser(
  deps: ProvisionDeps,
  identity: ExternalIdentity,
  now: Date,
): Promise<ProvisionResult> {
  const problem = identityProblem(identity);
  if (problem !== undefined) return refuse('invalid-identity', problem);
  const rankIssue = rankProblem(identity.rank ?? null, await deps.knownRanks());
  if (rankIssue !== undefined) return refuse('unknown-rank', `The rank from ${identity.provider} is refused: ${rankIssue}`);

  const { db } = deps.database;
  const at = now.toISOString();
  const actor = `${identity.source}:${identity.provider}`;
  const audit = (action: string, target: string, detail: string) =>
    deps.audit.recordExternal(actor, ORIGIN, { action, target, detail });

  const link: IdentityLinksTable | undefined = await db
    .selectFrom('identity_links')
    .selectAll()
    .where('provider', '=', identity.provider)
    .where('subject', '=', identity.subject)
    .executeTakeFirst();
  let row: UserRow | undefined = link === undefined ? undefined : await deps.users.findById(link.user_id);
  let created = false;
  let linked = false;

  if (row === undefined) {
    if (identity.disabled === true)
      return refuse('disabled', `${identity.provider} reports this person as disabled; no account is made for them.`);
    row = await db.selectFrom('users').selectAll().where('employee_id', '=', identity.employeeId).executeTakeFirst();
    if (row !== undefined) {
      const other = await db
        .selectFrom('identity_links')
        .select('subject')
        .where('user_id', '=', row.id)
        .where('provider', '=', identity.provider)
        .executeTakeFirst();
      if (other !== undefined)
        return refuse(
          'already-linked',
          `The account with employee id "${identity.employeeId}" is already linked to another person at ${identity.provider}. Ask an administrator to check the employee ids at the provider.`,
        );
    } else {
      const unusable = usernameProblem(identity.employeeId);
      if (unusable !== undefined)
        return refuse('invalid-identity', `The employee id from ${identity.provider} cannot be a username: ${unusable}.`);
      if ((await deps.users.findByUsername(identity.employeeId)) !== undefined)
        return refuse(
          'username-taken',
          `The username "${identity.employeeId}" belongs to an account with another employee id. Ask an administrator to correct that account.`,
        );
      // Nobody knows this password: the person signs in through the provider.
      const user = await deps.users.create(
        {
          username: identity.employeeId,
          name: identity.name,
          role: identity.role ?? 'learner',
          employeeId: identity.employeeId,
          department: identity.department ?? null,
          rank: identity.rank ?? null,
        },
        await hashGeneratedSecret(generatePassword()),
      );
      row = await deps.users.findById(user.id);
      if (row === undefined) throw new Error(`The account ${user.username} was created but cannot be read back.`);
      created = true;
      await audit(
        'user.create',
        row.username,
        `created at first sign-in through ${identity.provider}: ${row.name}, ${row.role}, department ${row.department ?? '(none)'}, rank ${row.rank ?? '(none)'}`,
      );
    }
    await db
      .insertInto('identity_links')
      .values({
        source: identity.source,
        provider: identity.provider,
        subject: identity.subject,
        user_id: row.id,
        employee_id: identity.employeeId,
        created: at,
        last_seen: at,
        disabled_by_source: 0,
      })
      .execute();
    linked = true;
    if (!created)
      await audit('user.link', row.username, `linked to ${identity.provider} subject ${identity.subject} by employee id`);
  }

  const changes: string[] = [];
  if (!created) {
    const update = fieldChanges(row, identity);
    if (identity.employeeId !== row.employee_id) {
      const owner = await db
        .selectFrom('users')
        .select('username')
        .where('employee_id', '=', identity.employeeId)
        .executeTakeFirst();
      if (owner !== undefined)
        return refuse(
          'employee-id-taken',
          `${identity.provider} now gives employee id "${identity.employeeId}", which belongs to the account "${owner.username}". Ask an administrator to merge or correct the accounts.`,
        );
      (update.set as Record<string, string>).employee_id = identity.employeeId;
      update.changes.unshift(`employee id: ${row.employee_id ?? '(none)'} → ${identity.employeeId}`);
    }
    if (update.changes.length > 0) {
      await db.updateTable('users').set(update.set).where('id', '=', row.id).execute();
      await recordAssignment(
        db,
        {
          userId: row.id,
          department: identity.department ?? row.department,
          rank: identity.rank ?? row.rank,
          at,
          source: identity.source,
          actor,
        },
        row,
      );
      await audit('user.update', row.username, `from ${identity.provider}: ${update.changes.join('; ')}`);
      changes.push(...update.changes);
    }
  }

  let disabled = row.disabled === 1;
  const byThisSource = link?.disabled_by_source === 1;
  let disabledBySource = byThisSource;
  if (identity.disabled === true && !disabled) {
    const ended = await disableUser(deps, row);
    disabled = true;
    disabledBySource = true;
    changes.push('disabled');
    await audit(
      'user.disable',
      row.username,
      `${identity.provider} reports the person disabled; ${ended.sessionsEnded} session(s) ended, ${ended.tokensRevoked} API token(s) revoked`,
    );
  } else if (identity.disabled !== true && disabled && byThisSource) {
    // Only an account this source disabled comes back; one an admin disabled stays disabled.
    await deps.users.setDisabled(row.id, false);
    disabled = false;
    disabledBySource = false;
    changes.push('enabled');
    await audit('user.enable', row.username, `${identity.provider} reports the person active again`);
  }

  await db
    .updateTable('identity_links')
    .set({ last_seen: at, employee_id: identity.employeeId, disabled_by_source: disabledBySource ? 1 : 0 })
    .where('provider', '=', identity.provider)
    .where('subject', '=', identity.subject)
    .execute();
  return { ok: true, userId: row.id, created, linked, changes, disabled };
}

/** The account's view after provisioning, for the caller that signs the person in. */
export async function provisionedUser(deps: Pick<ProvisionDeps, 'users'>, userId: string) {
  const row = await deps.users.findById(userId);
  return row === undefined ? undefined : toSessionUser(row);
}
