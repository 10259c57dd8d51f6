// Disabling an account ends everything the user could still act with: browser and headset
// sessions, device codes they approved, and whatever other features registered (API tokens).
// Shared by the admin's disable and by sign-in sources that report a person has left.
import type { AccountsContext } from './accounts-context.ts';
import { toSessionUser } from './user-store.ts';
import type { UserRow } from './user-store.ts';

export interface DisabledUser {
  readonly sessionsEnded: number;
  readonly tokensRevoked: number;
}

export async function disableUser(
  context: Pick<AccountsContext, 'users' | 'sessions' | 'userDisabledHooks'>,
  row: UserRow,
): Promise<DisabledUser> {
  await context.users.setDisabled(row.id, true);
  const sessionsEnded = await context.sessions.endAllFor(row.id);
  let tokensRevoked = 0;
  for (const hook of context.userDisabledHooks) tokensRevoked += await hook(toSessionUser(row));
  return { sessionsEnded, tokensRevoked };
}
