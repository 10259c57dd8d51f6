// The arithmetic of comfort, free of React and three so it is unit-tested in Node: snap turns
// about the head, the seated lift, recentering the rig on a station, where panels go when they
// follow the learner, and how big text looks from where it is read.
//
// Conventions: world metres, y up; yaw in radians about +y, yaw 0 looks along -z (three's camera).
// The rig is the XR origin (the learner's floor point); the head pose the headset reports is local
// to it.

export interface RigPose {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

/** The head in the rig's space (what the headset reports) or in the world. */
export interface HeadPose {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

export interface StationLike {
  readonly position: readonly [number, number, number];
  /** Degrees; 0 faces -z. */
  readonly yaw?: number | undefined;
}

const DEG = Math.PI / 180;

/** Eye height of a standing adult, the height scenes are laid out for. */
export const STANDING_EYE_HEIGHT = 1.6;
/** The most the seated lift raises anyone (a head measured lower than this is not a seated learner). */
export const MAX_SEATED_LIFT = 1.0;
/** Thumbstick deflection that fires a snap turn, and the one it must fall back under before the next. */
export const SNAP_ENGAGE = 0.6;
export const SNAP_RELEASE = 0.3;

/** Rotates (x, z) by `yaw` about +y (three's rotation.y). */
function rotateXZ(x: number, z: number, yaw: number): [number, number] {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return [x * c + z * s, -x * s + z * c];
}

/** Yaw (radians about +y) of a quaternion, as three's Euler 'YXZ' order reads it. */
export function yawOfQuaternion(x: number, y: number, z: number, w: number): number {
  return Math.atan2(2 * (x * z + w * y), 1 - 2 * (x * x + y * y));
}

/** Turns an angle into (-π, π]. */
export function wrapAngle(a: number): number {
  let r = a % (2 * Math.PI);
  if (r <= -Math.PI) r += 2 * Math.PI;
  if (r > Math.PI) r -= 2 * Math.PI;
  return r;
}

/**
 * One frame of snap turning. A flick past SNAP_ENGAGE turns once (right = clockwise seen from
 * above, a negative yaw); holding the stick does nothing more until it comes back under
 * SNAP_RELEASE. Returns whether the next flick may fire and the turn in degrees (0 for none).
 */
export function snapTurnStep(armed: boolean, axisX: number, angleDeg: number): { armed: boolean; turnDeg: number } {
  const x = Number.isFinite(axisX) ? axisX : 0;
  if (!armed) return { armed: Math.abs(x) < SNAP_RELEASE, turnDeg: 0 };
  if (Math.abs(x) >= SNAP_ENGAGE) return { armed: false, turnDeg: x > 0 ? -angleDeg : angleDeg };
  return { armed: true, turnDeg: 0 };
}

/** Where the head is in the world, given the rig and the head's pose in the rig. */
export function headInWorld(rig: RigPose, head: HeadPose): HeadPose {
  const [dx, dz] = rotateXZ(head.x, head.z, rig.yaw);
  return { x: rig.x + dx, y: rig.y + head.y, z: rig.z + dz, yaw: wrapAngle(rig.yaw + head.yaw) };
}

/** The rig after turning the learner by `turn` radians about their own head, so the head stays put. */
export function turnAboutHead(rig: RigPose, head: HeadPose, turn: number): RigPose {
  const h = headInWorld(rig, head);
  const [dx, dz] = rotateXZ(rig.x - h.x, rig.z - h.z, turn);
  return { x: h.x + dx, y: rig.y, z: h.z + dz, yaw: wrapAngle(rig.yaw + turn) };
}

/**
 * How far to raise a seated learner so their eyes are at `target`: the difference to the measured
 * eye height (above the floor), never negative and never more than MAX_SEATED_LIFT. A reading that
 * is not a head (missing, at the floor) lifts nothing.
 */
export function seatedLift(measuredEyeHeight: number, target: number = STANDING_EYE_HEIGHT): number {
  if (!Number.isFinite(measuredEyeHeight) || measuredEyeHeight < 0.3) return 0;
  return Math.min(MAX_SEATED_LIFT, Math.max(0, target - measuredEyeHeight));
}

/** The rig standing on a station, facing its task, raised by `lift`. */
export function rigAtStation(station: StationLike, lift = 0): RigPose {
  const [x, y, z] = station.position;
  return { x, y: y + lift, z, yaw: wrapAngle((station.yaw ?? 0) * DEG) };
}

/**
 * Recentering: the rig that puts the head (wherever it is in the play space) right above the
 * station, looking the way the station faces.
 */
export function recenterRig(station: StationLike, head: HeadPose, lift = 0): RigPose {
  const [sx, sy, sz] = station.position;
  const yaw = wrapAngle((station.yaw ?? 0) * DEG - head.yaw);
  const [dx, dz] = rotateXZ(head.x, head.z, yaw);
  return { x: sx - dx, y: sy + lift, z: sz - dz, yaw };
}

/**
 * Where task panels are laid out from: a floor point, the direction it faces (degrees, 0 faces -z,
 * like a station) and `lift`, how much higher or lower than standing eye height the eyes are.
 */
export interface TaskFrame {
  readonly position: readonly [number, number, number];
  readonly yaw: number;
  readonly lift: number;
}

/** The panels' frame for a head in the world: under the head, yaw-aligned to it, at its eye height. */
export function frameAtHead(head: HeadPose, floorY: number): TaskFrame {
  const lift = Math.min(0.4, Math.max(-0.8, head.y - floorY - STANDING_EYE_HEIGHT));
  return { position: [head.x, floorY, head.z], yaw: wrapAngle(head.yaw) / DEG, lift };
}

/** The frame a station gives its panels when nobody has recentered. */
export function frameAtStation(station: StationLike): TaskFrame {
  return { position: station.position, yaw: station.yaw ?? 0, lift: 0 };
}

/** A point `distance` ahead of a frame and `side` to its right, at `height` (plus the frame's lift). */
export function pointInFrame(frame: TaskFrame, distance: number, side: number, height: number): [number, number, number] {
  const yaw = frame.yaw * DEG;
  const fx = -Math.sin(yaw);
  const fz = -Math.cos(yaw);
  return [frame.position[0] + fx * distance - fz * side, height + frame.lift, frame.position[2] + fz * distance + fx * side];
}

/** Degrees between where the head looks (horizontally) and the direction to a point. */
export function angleFromGaze(head: HeadPose, point: readonly [number, number, number]): number {
  const fx = -Math.sin(head.yaw);
  const fz = -Math.cos(head.yaw);
  const dx = point[0] - head.x;
  const dz = point[2] - head.z;
  return Math.abs(Math.atan2(fx * dz - fz * dx, fx * dx + fz * dz)) / DEG;
}

/** The comfortable cone: a panel further off the gaze than this, or too near or far, follows the learner. */
export const COMFORT_CONE_DEG = 60;
export const COMFORT_DISTANCE: readonly [number, number] = [0.6, 2.6];

/** Whether a panel at `point` has drifted out of the comfortable zone around the head. */
export function outsideComfortZone(head: HeadPose, point: readonly [number, number, number]): boolean {
  const d = Math.hypot(point[0] - head.x, point[2] - head.z);
  return angleFromGaze(head, point) > COMFORT_CONE_DEG || d < COMFORT_DISTANCE[0] || d > COMFORT_DISTANCE[1];
}

/** The angle (degrees) a thing `size` metres tall subtends from `distance` metres away. */
export function angularSizeDeg(size: number, distance: number): number {
  return (2 * Math.atan(size / (2 * distance))) / DEG;
}
