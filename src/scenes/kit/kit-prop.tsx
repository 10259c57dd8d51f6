// <KitProp kind> renders one kit prop as a single mesh with the shared kit material.
import type { ThreeElements } from '@react-three/fiber';
import { useCachedGeometry } from './geometry-cache';
import { kitGeometryCache, kitGeometryKey } from './kit-geometry';
import { kitMaterial } from './materials';
import type { KitPropKind } from './props';

export type KitPropProps = Omit<ThreeElements['mesh'], 'geometry' | 'material' | 'args'> & {
  kind: KitPropKind;
  /** "#rrggbb" tint for the prop's main body (clothes for a person, glow for a data card). */
  color?: string | undefined;
};

/**
 * A kit prop: origin at the centre of its footprint, base at y = 0, front facing +z.
 * Mesh props (position, rotation, scale, ref, onClick, onPointerOver, …) pass through.
 */
export function KitProp({ kind, color, ...meshProps }: KitPropProps) {
  const geometry = useCachedGeometry(kitGeometryCache, kitGeometryKey(kind, color));
  return <mesh {...meshProps} geometry={geometry} material={kitMaterial()} />;
}
