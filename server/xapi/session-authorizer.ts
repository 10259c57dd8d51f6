// Lets signed-in people use the xAPI resource with their session: they write as their own
// account agent and, as learners, read only their own statements (enforced in statements-routes).
import { accountAgent } from '../../src/records/actor.ts';
import type { UserResolver } from '../accounts/session-user.ts';
import type { Authorize } from './auth.ts';

export function sessionAuthorizer(currentUser: UserResolver, homePage: string): Authorize {
  return async (request) => {
    const user = await currentUser(request);
    if (user === undefined) return undefined;
    const agent = accountAgent(homePage, user);
    return {
      // The server vouches for who signed in, so the person is also the authority.
      authority: agent,
      scopes: new Set(['all']),
      person: { agent, readsAll: user.role !== 'learner' },
    };
  };
}
