// A frame turned by yaw degrees around y at a world position: widgets lay out in local metres
// (x right, y up, z towards the learner) and get world positions for hit boxes.
export type Vec3 = [number, number, number];

export function localFrame(position: readonly [number, number, number], yaw: number) {
  const rad = (yaw * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  return {
    rotation: [0, rad, 0] as Vec3,
    toWorld: (x: number, y: number, z: number): Vec3 => [
      position[0] + x * cos + z * sin,
      position[1] + y,
      position[2] - x * sin + z * cos,
    ],
  };
}
