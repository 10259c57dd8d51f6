// The xAPI actor for a Shixun account: an account agent on the server's home page, named by the
// username. The server tells the browser its agent (GET /api/v1/auth/me), and grading uses the
// same function, so both sides write the same actor.
import type { XapiAgent } from './xapi-statement.ts';

export function accountAgent(homePage: string, user: { readonly username: string; readonly name: string }): XapiAgent {
  return { objectType: 'Agent', name: user.name, account: { homePage, name: user.username } };
}
