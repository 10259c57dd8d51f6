// Cached, merged geometry for each kit prop (and tint).
import type { BufferGeometry } from 'three';
import { KitBuilder } from './geometry-builder';
import { createGeometryCache } from './geometry-cache';
import { KIT_PROP_SPECS, type KitPropKind } from './props';

/** Cache key "kind" or "kind|#rrggbb". */
export type KitGeometryKey = `${KitPropKind}` | `${KitPropKind}|${string}`;

export function kitGeometryKey(kind: KitPropKind, color?: string): KitGeometryKey {
  return color ? `${kind}|${color.toLowerCase()}` : kind;
}

function buildKey(key: KitGeometryKey): BufferGeometry {
  const [kind, color] = key.split('|') as [KitPropKind, string | undefined];
  const spec = KIT_PROP_SPECS[kind];
  if (!spec) throw new Error(`unknown kit prop "${kind}": use one of ${Object.keys(KIT_PROP_SPECS).join(', ')}`);
  const b = new KitBuilder();
  spec.build(b, color);
  const geometry = b.build();
  geometry.name = `kit:${key}`;
  return geometry;
}

export const kitGeometryCache = createGeometryCache(buildKey);

/**
 * The merged, vertex-coloured geometry of a kit prop: origin at the centre of its footprint,
 * y = 0 at its base, front facing +z. Cached: do not dispose it yourself (KitProp manages it).
 */
export function kitGeometry(kind: KitPropKind, color?: string): BufferGeometry {
  return kitGeometryCache.get(kitGeometryKey(kind, color));
}
