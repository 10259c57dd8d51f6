// The directory sync: reads every person the sync filter finds, page by page, brings the linked
// accounts up to date through provisioning (name, department, rank, role, disabled), and disables
// the linked accounts whose entry is gone, ending their sessions. It never creates accounts: a
// person gets one at their first sign-in. Every change lands in the admin audit log.
import { disableUser } from '../../accounts/disable-user.ts';
import { provisionExternalUser } from '../provision.ts';
import type { ExternalIdentity, ProvisionDeps } from '../provision.ts';
import { DirectoryUnavailable } from './directory.ts';
import type { Directory } from './directory.ts';
import { groupsOf, identityOf } from './mapping.ts';

export interface SyncReport {
  /** People the directory listed. */
  readonly read: number;
  /** Linked accounts whose name, department, rank, role or state changed. */
  readonly updated: number;
  /** Linked accounts disabled: their entry is gone or the directory marks them disabled. */
  readonly disabled: number;
  /** Linked accounts provisioning refused to update, with why (an unknown rank, say). */
  readonly refused: readonly { readonly subject: string; readonly reason: string }[];
}

/** The audit log's origin of changes the directory made, as provisioning writes it. */
const ORIGIN = 'identity-provider';

/**
 * Runs one sync. Throws DirectoryUnavailable when the directory cannot be read to the end, and
 * refuses (changing nothing) when it lists nobody while accounts are linked to it: a wrong base
 * DN or filter must not disable everyone.
 */
export async function syncDirectory(directory: Directory, deps: ProvisionDeps, now: Date): Promise<SyncReport> {
  const { config } = directory;
  const identities = await directory.asService(async (client) => {
    const found = new Map<string, ExternalIdentity>();
    for await (const entry of directory.allUsers(client)) {
      const searched = config.groupSearch === undefined ? [] : await directory.groupsByMember(client, entry.dn);
      const identity = identityOf(config, entry, groupsOf(config, entry, searched));
      if (identity.subject !== '') found.set(identity.subject, identity);
    }
    return found;
  });

  const { db } = deps.database;
  const links = await db
    .selectFrom('identity_links')
    .select(['subject', 'user_id'])
    .where('source', '=', 'ldap')
    .where('provider', '=', config.provider)
    .execute();
  if (identities.size === 0 && links.length > 0)
    throw new DirectoryUnavailable(
      `The directory at ${config.url} listed nobody under ${config.baseDn}, but ${links.length} account(s) are linked to it; nothing was disabled. Check ldap.baseDn and the sync filter.`,
    );

  let updated = 0;
  let disabled = 0;
  const refused: { subject: string; reason: string }[] = [];
  for (const link of links) {
    const identity = identities.get(link.subject);
    if (identity !== undefined) {
      const result = await provisionExternalUser(deps, identity, now);
      if (!result.ok) refused.push({ subject: link.subject, reason: result.reason });
      else if (result.changes.length > 0) {
        updated += 1;
        if (result.changes.includes('disabled')) disabled += 1;
      }
      continue;
    }
    // The person's entry is gone: they left the organisation (or moved out of the sync's reach).
    const row = await deps.users.findById(link.user_id);
    if (row === undefined || row.disabled === 1) continue;
    const ended = await disableUser(deps, row);
    await db
      .updateTable('identity_links')
      .set({ disabled_by_source: 1, last_seen: now.toISOString() })
      .where('provider', '=', config.provider)
      .where('subject', '=', link.subject)
      .execute();
    await deps.audit.recordExternal(`ldap:${config.provider}`, ORIGIN, {
      action: 'user.disable',
      target: row.username,
      detail: `no longer in the directory ${config.provider}; ${ended.sessionsEnded} session(s) ended, ${ended.tokensRevoked} API token(s) revoked`,
    });
    updated += 1;
    disabled += 1;
  }
  return { read: identities.size, updated, disabled, refused };
}

/** What started a run: the schedule, an admin's Run now, or `npm run identity:sync`. */
export interface SyncTrigger {
  readonly by: 'schedule' | 'admin' | 'script';
  /** The admin's username, for `admin`. */
  readonly actor?: string;
}

export interface ScheduledSync {
  /** Runs one sync now unless one is running (then waits for that one); `trigger` says who asked (default: the script). */
  runNow(trigger?: SyncTrigger): Promise<SyncReport>;
  /** Stops the schedule; resolves once a running sync has finished. */
  stop(): Promise<void>;
}

/** Syncs every `intervalMinutes` in this process; a failed run is reported and the next one tries again. */
export function scheduleDirectorySync(options: {
  readonly run: (trigger: SyncTrigger) => Promise<SyncReport>;
  readonly intervalMinutes: number;
  readonly onResult: (result: SyncReport | Error) => void;
}): ScheduledSync {
  let running: Promise<SyncReport> | undefined;
  const runNow = (trigger: SyncTrigger = { by: 'script' }): Promise<SyncReport> => {
    running ??= options.run(trigger).finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = () => {
    runNow({ by: 'schedule' }).then(options.onResult, (error: unknown) =>
      options.onResult(error instanceof Error ? error : new Error(String(error))),
    );
  };
  const timer = options.intervalMinutes > 0 ? setInterval(tick, options.intervalMinutes * 60_000) : undefined;
  timer?.unref();
  return {
    runNow,
    stop: async () => {
      if (timer !== undefined) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
