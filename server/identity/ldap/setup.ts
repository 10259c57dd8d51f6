// Directory sign-in and sync in the server: the composition root calls this with the `ldap:`
// settings and the accounts feature. It hands the sign-in route its directory, schedules the
// sync when ldap.sync.intervalMinutes is set, and gives `npm run identity:sync` a way to run one.
import type { FastifyInstance } from 'fastify';
import type { AccountsContext } from '../../accounts/accounts-context.ts';
import type { LdapConfig } from './config.ts';
import { Directory } from './directory.ts';
import { ldapPasswordDirectory } from './ldap-sign-in.ts';
import { scheduleDirectorySync, syncDirectory } from './sync.ts';
import type { SyncReport } from './sync.ts';
import { recordedSync, type DirectorySyncHandle } from './sync-status.ts';

export interface LdapSetup {
  readonly app: FastifyInstance;
  readonly config: LdapConfig;
  readonly accounts: AccountsContext;
  /** Where the password directory is handed to the sign-in route. */
  readonly usePasswordDirectory: (directory: ReturnType<typeof ldapPasswordDirectory>) => void;
  /** Given a function that runs one sync now (the sync script uses it). */
  readonly onSync?: ((run: () => Promise<SyncReport>) => void) | undefined;
}

/** Sets up sign-in and the sync; returns the sync for the console's status and Run now. */
export function setupLdap(options: LdapSetup): DirectorySyncHandle {
  const { app, config, accounts } = options;
  const directory = new Directory(config);
  options.usePasswordDirectory(
    ldapPasswordDirectory({
      directory,
      deps: accounts,
      onUnavailable: (error) => app.log.error({ err: error }, 'LDAP sign-in: the directory cannot be asked'),
    }),
  );
  const sync = scheduleDirectorySync({
    // Every run is kept, with what started it, for the console (sync-status.ts).
    run: (trigger) =>
      recordedSync(accounts.database.db, config.provider, trigger, () => syncDirectory(directory, accounts, new Date())),
    intervalMinutes: config.sync.intervalMinutes,
    onResult: (result) => {
      if (result instanceof Error) app.log.error({ err: result }, 'LDAP directory sync failed');
      else app.log.info(result, 'LDAP directory sync finished');
    },
  });
  app.addHook('onClose', () => sync.stop());
  options.onSync?.(() => sync.runNow({ by: 'script' }));
  return { provider: config.provider, intervalMinutes: config.sync.intervalMinutes, runNow: sync.runNow };
}
