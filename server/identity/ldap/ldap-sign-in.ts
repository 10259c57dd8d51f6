// Signing in with a directory password: find the person with the service account, check the
// password by binding as them, map the entry, then create, link or update their account through
// provisioning. The sign-in route (server/accounts/auth-routes.ts) turns the outcome into the same
// answers as a local password, and DirectoryUnavailable into a 503.
import type { PasswordDirectory, PasswordDirectoryOutcome } from '../../accounts/accounts-context.ts';
import { provisionExternalUser, provisionedUser } from '../provision.ts';
import type { ProvisionDeps } from '../provision.ts';
import type { Directory } from './directory.ts';
import { DirectoryUnavailable } from './directory.ts';
import { groupsOf, identityOf } from './mapping.ts';

export interface LdapSignInOptions {
  readonly directory: Directory;
  readonly deps: ProvisionDeps;
  readonly now?: () => Date;
  /** Told why the directory could not be asked (the server logs it; the person reads a short 503). */
  readonly onUnavailable?: (error: DirectoryUnavailable) => void;
}

/** The directory as the sign-in route sees it. */
export function ldapPasswordDirectory(options: LdapSignInOptions): PasswordDirectory {
  const { directory, deps } = options;
  const now = options.now ?? (() => new Date());
  const provider = directory.config.provider;

  const signIn = async (username: string, password: string): Promise<PasswordDirectoryOutcome> => {
    const found = await directory.asService(async (client) => {
      const entries = await directory.findUser(client, username);
      // None, or a filter that matches several people: nobody signs in on a guess.
      const [entry] = entries;
      if (entry === undefined || entries.length > 1) return undefined;
      if (!(await directory.checkPassword(entry.dn, password))) return undefined;
      return { entry, groups: groupsOf(directory.config, entry, await directory.groupsByMember(client, entry.dn)) };
    });
    if (found === undefined) return { outcome: 'wrong' };
    const result = await provisionExternalUser(deps, identityOf(directory.config, found.entry, found.groups), now());
    if (!result.ok) return result.code === 'disabled' ? { outcome: 'disabled' } : { outcome: 'refused', reason: result.reason };
    if (result.disabled) return { outcome: 'disabled' };
    const user = await provisionedUser(deps, result.userId);
    return user === undefined ? { outcome: 'wrong' } : { outcome: 'signed-in', user };
  };

  return {
    async handles(userId) {
      const link = await deps.database.db
        .selectFrom('identity_links')
        .select('subject')
        .where('user_id', '=', userId)
        .where('source', '=', 'ldap')
        .where('provider', '=', provider)
        .executeTakeFirst();
      return link !== undefined;
    },
    async signIn(username, password) {
      try {
        return await signIn(username, password);
      } catch (error) {
        if (!(error instanceof DirectoryUnavailable)) throw error;
        options.onUnavailable?.(error);
        return { outcome: 'unavailable' };
      }
    },
  };
}
