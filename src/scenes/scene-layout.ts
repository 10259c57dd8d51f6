// Where things are in a scene: prop frames and hit boxes, stations, and where panels go so the
// learner can read them from where they stand.
import { Euler, Matrix4, Quaternion, Vector3 } from 'three';
import type { Prop } from '../course/schema.ts';
import { KIT_PROP_SIZE } from './kit/props/index.ts';

const DEG = Math.PI / 180;
export type Vec3 = [number, number, number];

export function propMatrix(prop: Prop): Matrix4 {
  const [rx, ry, rz] = prop.rotation ?? [0, 0, 0];
  const s = prop.scale ?? 1;
  return new Matrix4().compose(
    new Vector3(...prop.position),
    new Quaternion().setFromEuler(new Euler(rx * DEG, ry * DEG, rz * DEG)),
    new Vector3(s, s, s),
  );
}

/** Unscaled [width, height, depth] of a prop, base at y = 0. */
export function propLocalSize(prop: Prop): Vec3 {
  switch (prop.kind) {
    case 'box':
      return [...prop.size];
    case 'cylinder':
      return [prop.radius * 2, prop.height, prop.radius * 2];
    case 'sphere':
      return [prop.radius * 2, prop.radius * 2, prop.radius * 2];
    case 'kit':
      return [...KIT_PROP_SIZE[prop.kit]];
    case 'model':
      return [1, 1, 1];
  }
}

/** A hit box around a prop: at least 16 cm on each side, so small things stay easy to point at. */
export function propHitBox(prop: Prop): { center: Vec3; size: Vec3; yaw: number } {
  const [w, h, d] = propLocalSize(prop);
  const s = prop.scale ?? 1;
  const center = new Vector3(0, h / 2, 0).applyMatrix4(propMatrix(prop));
  const min = 0.16;
  return {
    center: [center.x, center.y, center.z],
    size: [Math.max(min, w * s + 0.04), Math.max(min, h * s + 0.04), Math.max(min, d * s + 0.04)],
    yaw: prop.rotation?.[1] ?? 0,
  };
}

/** The direction a learner at this station faces (yaw 0 faces -z). */
export function stationForward(station: { readonly yaw?: number | undefined }): Vector3 {
  const yaw = (station.yaw ?? 0) * DEG;
  return new Vector3(-Math.sin(yaw), 0, -Math.cos(yaw));
}

/**
 * A spot `distance` metres ahead of the station, `side` metres to its right, at `height`,
 * with the yaw (degrees) that turns a +z-facing panel there towards the learner's eyes.
 */
export function placeFacing(
  station: { readonly position: readonly [number, number, number]; readonly yaw?: number | undefined },
  distance: number,
  side: number,
  height: number,
): { position: Vec3; yaw: number } {
  const forward = stationForward(station);
  const right = new Vector3(-forward.z, 0, forward.x);
  const [sx, , sz] = station.position;
  const x = sx + forward.x * distance + right.x * side;
  const z = sz + forward.z * distance + right.z * side;
  return { position: [x, height, z], yaw: Math.atan2(sx - x, sz - z) / DEG };
}
