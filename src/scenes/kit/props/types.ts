// Shared shapes for kit prop definitions.
import { Euler, Vector3 } from 'three';
import type { Hex, KitBuilder, Vec3 } from '../geometry-builder';

/** A flat area of a prop where callers may draw text or images (screens, boards, cards). */
export interface ScreenRect {
  /** Centre in the prop's local frame, 3 mm in front of the surface so text does not z-fight. */
  readonly center: Vec3;
  readonly width: number;
  readonly height: number;
  /** Euler angles (radians, XYZ) that turn a +z-facing plane onto the surface. */
  readonly rotation: Vec3;
}

export interface KitPropSpec {
  /** Approximate [width, height, depth] in metres of the built prop (its bounding box). */
  readonly size: Vec3;
  readonly screen?: ScreenRect;
  /** Emits the prop's parts with its origin at the centre of its footprint, y = 0 at its base. */
  readonly build: (b: KitBuilder, tint: Hex | undefined) => void;
}

const DEG = Math.PI / 180;

/**
 * The rect of a surface that was built inside `b.at(pivot, [tiltDeg, 0, 0], …)` at local
 * `center` (facing +z), expressed in the prop's frame.
 */
export function tiltedRect(pivot: Vec3, tiltDeg: number, center: Vec3, width: number, height: number): ScreenRect {
  const p = new Vector3(...center).applyEuler(new Euler(tiltDeg * DEG, 0, 0)).add(new Vector3(...pivot));
  return { center: [p.x, p.y, p.z], width, height, rotation: [tiltDeg * DEG, 0, 0] };
}
