// <FocusRing size> outlines a prop's bounding box with thin glowing bars: one draw call, and
// the kit material, so it adds no shader program. Callers place it where the prop stands.
import type { ThreeElements } from '@react-three/fiber';
import type { BufferGeometry } from 'three';
import { KitBuilder, type Vec3 } from './geometry-builder';
import { createGeometryCache, useCachedGeometry } from './geometry-cache';
import { kitMaterial } from './materials';
import { PALETTE } from './palette';

function buildRing(key: string): BufferGeometry {
  const [w = 1, h = 1, d = 1, color = PALETTE.focus] = key.split('|').map((v, i) => (i < 3 ? Number(v) : v)) as [
    number,
    number,
    number,
    string,
  ];
  const t = Math.min(0.02, Math.max(0.006, 0.025 * Math.max(w, h, d)));
  const b = new KitBuilder();
  const opts = { glow: 1 } as const;
  for (const y of [0, h]) {
    for (const z of [-d / 2, d / 2]) b.box([w + t, t, t], [0, y, z], color, opts);
    for (const x of [-w / 2, w / 2]) b.box([t, t, d + t], [x, y, 0], color, opts);
  }
  for (const x of [-w / 2, w / 2]) for (const z of [-d / 2, d / 2]) b.box([t, h, t], [x, h / 2, z], color, opts);
  return b.build();
}

const ringCache = createGeometryCache<string>(buildRing);

function noRaycast(): void {}

export type FocusRingProps = Omit<ThreeElements['mesh'], 'geometry' | 'material' | 'args'> & {
  /** The prop's [width, height, depth] (e.g. KIT_PROP_SIZE[kind]); base at y = 0. */
  size: Vec3;
  /** Extra room around the prop, in metres (default 0.03). */
  margin?: number;
  color?: string;
};

/** A glowing outline box around a footprint; it ignores pointer rays so it never steals hits. */
export function FocusRing({ size, margin = 0.03, color = PALETTE.focus, ...meshProps }: FocusRingProps) {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const key = `${round(size[0] + 2 * margin)}|${round(size[1] + margin)}|${round(size[2] + 2 * margin)}|${color}`;
  const geometry = useCachedGeometry(ringCache, key);
  return <mesh raycast={noRaycast} {...meshProps} geometry={geometry} material={kitMaterial()} />;
}
