// The directory sync as the console shows it: every run is kept (`directory_syncs`, migration 0027)
// with what started it, its counts or its error, so an admin sees when the directory last reached
// the accounts and why it did not. GET /api/v1/admin/directory-sync reads the status;
// POST /api/v1/admin/directory-sync/run runs one now (organisation admin, audited).
import type { FastifyPluginAsync } from 'fastify';
import type { Generated, Kysely, Selectable } from 'kysely';
import type { DirectorySyncRun, DirectorySyncStatus } from '../../../src/contracts/identity-types.ts';
import type { AccountsContext } from '../../accounts/accounts-context.ts';
import { requireAdminSession } from '../../accounts/guards.ts';
import type { Database } from '../../db/database.ts';
import type { DatabaseSchema } from '../../db/schema.ts';
import { RequestError } from '../../http/request-error.ts';
import type { SyncReport, SyncTrigger } from './sync.ts';

export interface DirectorySyncsTable {
  readonly seq: Generated<number>;
  readonly provider: string;
  readonly trigger: string;
  readonly actor: string | null;
  readonly started: string;
  readonly finished: string;
  /** Counts of the run (SyncReport); 0 for a run that failed. */
  readonly read: number;
  readonly updated: number;
  readonly disabled: number;
  readonly refused: number;
  /** Why the run failed (the directory could not be read, it listed nobody); null when it finished. */
  readonly error: string | null;
}

declare module '../../db/schema.ts' {
  interface DatabaseSchema {
    readonly directory_syncs: DirectorySyncsTable;
  }
}

/** Runs `run` and keeps its outcome; a failure is kept and thrown again. */
export async function recordedSync(
  db: Kysely<DatabaseSchema>,
  provider: string,
  trigger: SyncTrigger,
  run: () => Promise<SyncReport>,
  now: () => Date = () => new Date(),
): Promise<SyncReport> {
  const started = now().toISOString();
  const keep = (values: { read: number; updated: number; disabled: number; refused: number; error: string | null }) =>
    db
      .insertInto('directory_syncs')
      .values({ provider, trigger: trigger.by, actor: trigger.actor ?? null, started, finished: now().toISOString(), ...values })
      .execute();
  let report: SyncReport;
  try {
    report = await run();
  } catch (error) {
    await keep({ read: 0, updated: 0, disabled: 0, refused: 0, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await keep({
    read: report.read,
    updated: report.updated,
    disabled: report.disabled,
    refused: report.refused.length,
    error: null,
  });
  return report;
}

function runOf(row: Selectable<DirectorySyncsTable>): DirectorySyncRun {
  return {
    trigger: row.trigger === 'admin' || row.trigger === 'script' ? row.trigger : 'schedule',
    actor: row.actor,
    started: row.started,
    finished: row.finished,
    read: Number(row.read),
    updated: Number(row.updated),
    disabled: Number(row.disabled),
    refused: Number(row.refused),
    error: row.error,
  };
}

/** The directory sync the server runs, when `ldap:` is set (server/identity/ldap/setup.ts). */
export interface DirectorySyncHandle {
  readonly provider: string;
  readonly intervalMinutes: number;
  runNow(trigger: SyncTrigger): Promise<SyncReport>;
}

export async function directorySyncStatus(
  db: Kysely<DatabaseSchema>,
  sync: DirectorySyncHandle | undefined,
): Promise<DirectorySyncStatus> {
  if (sync === undefined) return { configured: false, provider: null, intervalMinutes: null, last: null, lastError: null };
  const latest = (failed: boolean) =>
    db
      .selectFrom('directory_syncs')
      .selectAll()
      .where('provider', '=', sync.provider)
      .$if(failed, (query) => query.where('error', 'is not', null))
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  const [last, lastError] = await Promise.all([latest(false), latest(true)]);
  return {
    configured: true,
    provider: sync.provider,
    intervalMinutes: sync.intervalMinutes,
    last: last === undefined ? null : runOf(last),
    lastError: lastError === undefined ? null : runOf(lastError),
  };
}

export interface DirectorySyncRoutesOptions {
  readonly database: Database;
  readonly accounts: Pick<AccountsContext, 'currentUser' | 'audit'>;
  /** Read at each request: the directory sync, once the root has set it up (absent without `ldap:`). */
  readonly sync: () => DirectorySyncHandle | undefined;
}

/** The console's routes (organisation admin only: the sync touches every department). */
export const directorySyncRoutes: FastifyPluginAsync<DirectorySyncRoutesOptions> = async (app, options) => {
  const { database, accounts } = options;

  app.get('/admin/directory-sync', async (request, reply): Promise<DirectorySyncStatus> => {
    await requireAdminSession(accounts.currentUser, request);
    void reply.header('cache-control', 'no-store');
    return directorySyncStatus(database.db, options.sync());
  });

  app.post('/admin/directory-sync/run', async (request, reply): Promise<DirectorySyncStatus> => {
    const admin = await requireAdminSession(accounts.currentUser, request);
    const sync = options.sync();
    if (sync === undefined)
      throw new RequestError(409, 'No directory is configured (ldap: in the identity file), so there is nothing to sync.');
    let outcome: string;
    try {
      const report = await sync.runNow({ by: 'admin', actor: admin.username });
      outcome = `${report.read} read, ${report.updated} updated, ${report.disabled} disabled, ${report.refused.length} refused`;
    } catch (error) {
      outcome = `failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    await accounts.audit.record(request, admin, { action: 'directory.sync', target: sync.provider, detail: outcome });
    void reply.header('cache-control', 'no-store');
    // A failed run is an answer too: the status carries its error for the page to show.
    return directorySyncStatus(database.db, sync);
  });
};
