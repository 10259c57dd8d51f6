// Local persistence behind one small interface: private browsing and full disks make
// localStorage throw, and a training session must carry on regardless.
export interface KeyValueStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

function createStorage(): KeyValueStorage {
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

export const storage: KeyValueStorage = createStorage();
