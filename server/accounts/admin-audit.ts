// The admin audit log: every change an admin makes to accounts and credentials, with who made
// it, when and from where (address and user agent). Admins read it in the console and export it
// as CSV; rows are only ever added.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AdminAuditEntry } from '../../src/contracts/account-lifecycle.ts';
import { csvFile, csvTextField } from '../../src/reports/csv.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { iso } from './policy.ts';
import type { Clock } from './policy.ts';
import type { SessionUser } from './session-user.ts';

export interface AuditedAction {
  readonly action: string;
  readonly target: string;
  readonly detail?: string;
}

/** What any feature needs to record an admin action (the xAPI credentials routes use it too). */
export type RecordAdminAction = (request: FastifyRequest, actor: SessionUser, action: AuditedAction) => Promise<void>;

/** Records what the server did by itself under a setting admins chose (the retention sweep's deletions). */
export type RecordSystemAction = (action: AuditedAction) => Promise<void>;

/** The actor and origin of entries the server writes by itself. */
export const SYSTEM_ACTOR = 'system';
export const SYSTEM_ORIGIN = 'server';

const MAX_AGENT = 300;

export class AdminAuditLog {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #now: Clock;

  constructor(db: Kysely<DatabaseSchema>, now: Clock) {
    this.#db = db;
    this.#now = now;
  }

  readonly record: RecordAdminAction = async (request, actor, action) => {
    const agent = request.headers['user-agent'] ?? '';
    await this.#insert(action, { id: actor.id, username: actor.username, ip: request.ip, agent });
  };

  readonly recordSystem: RecordSystemAction = async (action) => {
    await this.#insert(action, { id: null, username: SYSTEM_ACTOR, ip: SYSTEM_ORIGIN, agent: '' });
  };

  /**
   * Records a change made on behalf of an outside source, such as an identity provider or a
   * directory (`actor` names it, e.g. `oidc:unified-id`); `origin` is the address it came from.
   */
  async recordExternal(actor: string, origin: string, action: AuditedAction): Promise<void> {
    await this.#insert(action, { id: null, username: actor, ip: origin, agent: '' });
  }

  async #insert(
    action: AuditedAction,
    by: { readonly id: string | null; readonly username: string; readonly ip: string; readonly agent: string },
  ): Promise<void> {
    await this.#db
      .insertInto('admin_audit')
      .values({
        id: randomUUID(),
        at: iso(this.#now()),
        actor_id: by.id,
        actor_username: by.username,
        action: action.action,
        target: action.target,
        detail: action.detail ?? '',
        ip: by.ip,
        user_agent: by.agent.slice(0, MAX_AGENT),
      })
      .execute();
  }

  /** Newest first. */
  async list(limit: number): Promise<AdminAuditEntry[]> {
    const rows = await this.#db.selectFrom('admin_audit').selectAll().orderBy('at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map((row) => ({
      at: row.at,
      actor: row.actor_username,
      action: row.action,
      target: row.target,
      detail: row.detail,
      ip: row.ip,
      userAgent: row.user_agent,
    }));
  }
}

export const AUDIT_CSV_HEADER = ['at', 'actor', 'action', 'target', 'detail', 'ip', 'user_agent'] as const;

/** The log as CSV, through the one CSV writer every export uses. */
export function auditCsv(entries: readonly AdminAuditEntry[]): string {
  return csvFile([
    [...AUDIT_CSV_HEADER],
    ...entries.map((entry) =>
      [entry.at, entry.actor, entry.action, entry.target, entry.detail, entry.ip, entry.userAgent].map(csvTextField),
    ),
  ]);
}
