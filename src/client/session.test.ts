// The session remembered in browser storage is read through the /auth/me schema: a remembered
// answer of another shape (an older app's, or edited by hand) is dropped, never shown as a user.
import { describe, expect, it } from 'vitest';
import { createSession } from './session.ts';
import { createMemoryStorage } from './storage.ts';

const KEY = 'shixun.session';
const me = {
  user: {
    id: 'u1',
    username: 'li.wei',
    name: 'Li Wei',
    role: 'learner',
    employeeId: null,
    department: null,
    rank: null,
  },
  agent: { objectType: 'Agent', name: 'Li Wei', account: { homePage: 'https://shixun.test/', name: 'li.wei' } },
};

describe('the remembered session', () => {
  it('starts from a remembered answer that fits the /auth/me schema', () => {
    const storage = createMemoryStorage([[KEY, JSON.stringify(me)]]);
    const state = createSession(storage).store.getState();
    expect(state.user?.username).toBe('li.wei');
    expect(state.agent?.account.name).toBe('li.wei');
    expect(storage.data.has(KEY)).toBe(true);
  });

  it.each([
    ['a role the app does not know', JSON.stringify({ ...me, user: { ...me.user, role: 'superuser' } })],
    ['no agent', JSON.stringify({ user: me.user })],
    ['not JSON', '{"user":'],
    ['a bare string', JSON.stringify('li.wei')],
  ])('drops one with %s', (_what, raw) => {
    const storage = createMemoryStorage([[KEY, raw]]);
    const state = createSession(storage).store.getState();
    expect(state.user).toBeNull();
    expect(state.agent).toBeNull();
    expect(storage.data.has(KEY)).toBe(false);
  });
});
