// The auth token a cmi5 launch hands out is an xAPI credential that speaks for one learner only:
// like that learner's own session, it writes statements only as them and reads and writes only
// their own State and Agent Profile (the rules of `person` in server/xapi/auth.ts). Without this
// a learner could lift the token from their browser and read everyone's records.
import type { Database } from '../db/database.ts';
import { accountAgent } from '../../src/records/actor.ts';
import type { Authorize } from '../xapi/auth.ts';

/** Launch credentials are named `cmi5-<fetch id>` (./launches.ts). */
export const LAUNCH_KEY_PREFIX = 'cmi5-';

/** `basic`, with each launch credential limited to its launch's learner. */
export function launchScoped(basic: Authorize, database: Database, homePage: string): Authorize {
  return async (request) => {
    const principal = await basic(request);
    const key = principal?.authority.account?.name;
    if (principal === undefined || key === undefined || !key.startsWith(LAUNCH_KEY_PREFIX)) return principal;
    const launch = await database.db
      .selectFrom('cmi5_launches')
      .innerJoin('users', 'users.username', 'cmi5_launches.username')
      .select(['users.username', 'users.name'])
      .where('cmi5_launches.credential_key', '=', key)
      .executeTakeFirst();
    // A credential of that name that no launch made is an ordinary one.
    if (launch === undefined) return principal;
    return { ...principal, person: { agent: accountAgent(homePage, launch), readsAll: false } };
  };
}
