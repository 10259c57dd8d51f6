// The app's stores are made at start-up, never on import: loading the client, comfort and language
// modules touches no storage and no page state, and each set of services keeps to its own storage.
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyValueStorage } from '../client/storage.ts';

/** What the browser offers that a module must not read while it is being imported. */
const WATCHED = ['localStorage', 'sessionStorage', 'indexedDB', 'location', 'matchMedia'] as const;

function watchGlobals(): { reads: string[]; restore(): void } {
  const reads: string[] = [];
  const saved = WATCHED.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const name of WATCHED) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        reads.push(name);
        throw new Error(`${name} read while importing`);
      },
    });
  }
  return {
    reads,
    restore() {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else Reflect.deleteProperty(globalThis, name);
      }
    },
  };
}

/** A storage that counts what is asked of it. */
function countingStorage(
  initial: Record<string, string> = {},
): KeyValueStorage & { readonly data: Map<string, string>; readonly reads: string[] } {
  const data = new Map(Object.entries(initial));
  const reads: string[] = [];
  return {
    data,
    reads,
    get: (key) => {
      reads.push(key);
      return data.get(key) ?? null;
    },
    set: (key, value) => void data.set(key, value),
    remove: (key) => void data.delete(key),
  };
}

let watching: ReturnType<typeof watchGlobals> | undefined;
afterEach(() => {
  watching?.restore();
  watching = undefined;
});

describe('app services', () => {
  it('importing the client, comfort and language modules reads no storage and no page state', async () => {
    // Every non-test module of the rooms that keep app state, and the factory that makes it.
    const modules = import.meta.glob([
      '../client/*.ts',
      '../xr/comfort-settings.ts',
      '../xr/rig-store.ts',
      '../xr/xr-store.ts',
      '../i18n/*.ts',
      './services.ts',
      '!../**/*.test.ts',
    ]);
    expect(Object.keys(modules).length).toBeGreaterThan(15);
    watching = watchGlobals();
    for (const load of Object.values(modules)) await load();
    expect(watching.reads).toEqual([]);
  });

  it('reads storage only when the services are made, and each set keeps to its own storage', async () => {
    const { createAppServices } = await import('./services.ts');
    const member = {
      user: { id: 'u1', username: 'learner-a', name: 'A', role: 'learner', employeeId: null, department: null, rank: null },
      agent: { objectType: 'Agent', account: { homePage: 'https://example.test', name: 'u1' } },
    };
    const remembered = countingStorage({
      'shixun.session': JSON.stringify(member),
      'shixun.comfort.v1': JSON.stringify({ snapAngle: 45 }),
      'shixun.lastSyncAt': '1000',
    });
    const fresh = countingStorage();
    const a = createAppServices({ storage: remembered, reducedMotionQuery: null });
    const b = createAppServices({ storage: fresh, reducedMotionQuery: null });
    expect(remembered.reads.length).toBeGreaterThan(0);

    expect(a.client.session.store.getState().user?.username).toBe('learner-a');
    expect(a.client.syncStatus.store.getState().lastSyncAt).toBe(1000);
    expect(a.comfort.getState().snapAngle).toBe(45);
    expect(b.client.session.store.getState().user).toBeNull();
    expect(b.client.syncStatus.store.getState().lastSyncAt).toBeNull();
    expect(b.comfort.getState().snapAngle).toBe(30);

    b.comfort.getState().actions.set({ seated: true });
    expect(fresh.data.has('shixun.comfort.v1')).toBe(true);
    expect(a.comfort.getState().seated).toBe(false);
  });
});
