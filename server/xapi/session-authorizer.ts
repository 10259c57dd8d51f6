// Lets signed-in people use the xAPI resource with their session: they write as their own
// account agent and read their own statements and those of the people in their record scope
// (server/accounts/record-scope.ts; enforced in statements-routes).
import { accountAgent } from '../../src/records/actor.ts';
import type { RecordScope } from '../accounts/record-scope.ts';
import type { UserResolver } from '../accounts/session-user.ts';
import type { Authorize } from './auth.ts';

export function sessionAuthorizer(currentUser: UserResolver, homePage: string, scope: RecordScope): Authorize {
  return async (request) => {
    const user = await currentUser(request);
    if (user === undefined) return undefined;
    const agent = accountAgent(homePage, user);
    return {
      // The server vouches for who signed in, so the person is also the authority.
      authority: agent,
      scopes: new Set(['all']),
      person: {
        agent,
        readsAll: user.role === 'admin',
        ...(user.role === 'learner' ? {} : { readsOf: (accountName: string) => scope.mayRead(user, { username: accountName }) }),
      },
    };
  };
}
