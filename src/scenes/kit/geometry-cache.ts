// Reference-counted geometry caches: geometry is built once per key, shared by every mesh that
// shows it, and disposed when the last one unmounts.
import { useEffect, useMemo } from 'react';
import type { BufferGeometry } from 'three';

interface Entry {
  readonly geometry: BufferGeometry;
  users: number;
}

export interface GeometryCache<K extends string> {
  /** The geometry for `key`, built on first request. */
  get(key: K): BufferGeometry;
  /** Marks a mounted user of `geometry` (re-inserting it if it was released meanwhile). */
  retain(key: K, geometry: BufferGeometry): void;
  /** Drops a user; the geometry is disposed when none is left. */
  release(key: K): void;
}

export function createGeometryCache<K extends string>(build: (key: K) => BufferGeometry): GeometryCache<K> {
  const entries = new Map<K, Entry>();
  return {
    get(key) {
      let entry = entries.get(key);
      if (!entry) {
        entry = { geometry: build(key), users: 0 };
        entries.set(key, entry);
      }
      return entry.geometry;
    },
    retain(key, geometry) {
      let entry = entries.get(key);
      if (!entry) {
        entry = { geometry, users: 0 };
        entries.set(key, entry);
      }
      entry.users++;
    },
    release(key) {
      const entry = entries.get(key);
      if (!entry) return;
      entry.users--;
      if (entry.users <= 0) {
        entry.geometry.dispose();
        entries.delete(key);
      }
    },
  };
}

/** The cached geometry for `key`, held for as long as the calling component is mounted. */
export function useCachedGeometry<K extends string>(cache: GeometryCache<K>, key: K): BufferGeometry {
  const geometry = useMemo(() => cache.get(key), [cache, key]);
  useEffect(() => {
    cache.retain(key, geometry);
    return () => cache.release(key);
  }, [cache, key, geometry]);
  return geometry;
}
