// Local persistence behind one small interface: private browsing and full disks make
// localStorage throw, and a training session must carry on regardless. The app makes its one
// storage at start-up (src/app/services.ts) and hands it to the stores that remember things;
// nothing here touches localStorage until then.
export interface KeyValueStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** The browser's localStorage, with an in-memory copy that carries on when it refuses or is full. */
export function createBrowserStorage(): KeyValueStorage {
  const memory = new Map<string, string>();
  const backing = (() => {
    try {
      const s = globalThis.localStorage;
      s.setItem('shixun.probe', '1');
      s.removeItem('shixun.probe');
      return s;
    } catch {
      return null;
    }
  })();
  return {
    get: (key) => {
      try {
        return backing ? backing.getItem(key) : (memory.get(key) ?? null);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set: (key, value) => {
      memory.set(key, value);
      try {
        backing?.setItem(key, value);
      } catch {
        // Quota exceeded: the in-memory copy keeps this session going.
      }
    },
    remove: (key) => {
      memory.delete(key);
      try {
        backing?.removeItem(key);
      } catch {
        // nothing to do
      }
    },
  };
}

/** A storage that forgets everything when the page closes (tests, and a browser with none). */
export function createMemoryStorage(
  initial: Iterable<readonly [string, string]> = [],
): KeyValueStorage & { readonly data: ReadonlyMap<string, string> } {
  const data = new Map<string, string>(initial);
  return {
    data,
    get: (key) => data.get(key) ?? null,
    set: (key, value) => void data.set(key, value),
    remove: (key) => void data.delete(key),
  };
}
