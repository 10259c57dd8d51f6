import { describe, expect, it } from 'vitest';
import {
  angleFromGaze,
  angularSizeDeg,
  frameAtHead,
  headInWorld,
  MAX_SEATED_LIFT,
  outsideComfortZone,
  pointInFrame,
  recenterRig,
  rigAtStation,
  seatedLift,
  snapTurnStep,
  turnAboutHead,
  wrapAngle,
  yawOfQuaternion,
  type HeadPose,
  type RigPose,
} from './comfort-math.ts';
import { createFadeController } from './fade.ts';

const DEG = Math.PI / 180;
const near = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);

describe('snap turn', () => {
  it('turns once per flick by exactly the angle, right is clockwise (negative yaw)', () => {
    let armed = true;
    const turns: number[] = [];
    // Flick right and hold for many frames, let go, flick left.
    for (const x of [0, 0.2, 0.7, 1, 1, 1, 0.9, 0.5, 0.35, 0.1, 0, -0.8, -1, -1, 0]) {
      const r = snapTurnStep(armed, x, 45);
      armed = r.armed;
      if (r.turnDeg !== 0) turns.push(r.turnDeg);
    }
    expect(turns).toEqual([-45, 45]);
  });

  it('does not fire again until the stick comes back under the release threshold', () => {
    let armed = true;
    let count = 0;
    for (const x of [0.9, 0.4, 0.9, 0.4, 0.9]) {
      const r = snapTurnStep(armed, x, 30);
      armed = r.armed;
      if (r.turnDeg) count += 1;
    }
    expect(count).toBe(1);
    expect(snapTurnStep(true, Number.NaN, 30)).toEqual({ armed: true, turnDeg: 0 });
  });

  it('turns about the head, so a head off the rig centre stays where it is', () => {
    const rig: RigPose = { x: 1, y: 0, z: 2, yaw: 0.3 };
    const head: HeadPose = { x: 0.4, y: 1.5, z: -0.2, yaw: 0.1 };
    const before = headInWorld(rig, head);
    const after = headInWorld(turnAboutHead(rig, head, 30 * DEG), head);
    near(after.x, before.x);
    near(after.z, before.z);
    near(wrapAngle(after.yaw - before.yaw), 30 * DEG);
  });
});

describe('seated mode', () => {
  it('raises a seated head to standing eye height (1.6 m), never lowers, never more than the cap', () => {
    near(seatedLift(1.1), 0.5);
    near(seatedLift(1.25, 1.7), 0.45);
    expect(seatedLift(1.75)).toBe(0);
    expect(seatedLift(0.35)).toBe(MAX_SEATED_LIFT);
    expect(seatedLift(0)).toBe(0);
    expect(seatedLift(Number.NaN)).toBe(0);
  });

  it('stands the rig on the station, raised by the lift', () => {
    expect(rigAtStation({ position: [1, 0.2, -3], yaw: 90 }, 0.5)).toEqual({ x: 1, y: 0.7, z: -3, yaw: 90 * DEG });
  });
});

describe('recentering', () => {
  it('puts the head above the station, looking the way the station faces, wherever it wandered', () => {
    const station = { position: [2, 0, -1] as const, yaw: 30 };
    const head: HeadPose = { x: 0.6, y: 1.2, z: 0.5, yaw: -70 * DEG };
    const rig = recenterRig(station, head, 0.4);
    const world = headInWorld(rig, head);
    near(world.x, 2);
    near(world.z, -1);
    near(world.y, 1.6);
    near(wrapAngle(world.yaw - 30 * DEG), 0);
  });

  it('lays the panels out in front of the head: yaw-aligned, at its eye height, main panel ahead and slightly to the right', () => {
    const head: HeadPose = { x: 3, y: 1.2, z: 1, yaw: 120 * DEG };
    const frame = frameAtHead(head, 0);
    expect(frame.position).toEqual([3, 0, 1]);
    near(frame.yaw, 120);
    near(frame.lift, -0.4);
    const main = pointInFrame(frame, 1.5, 0.72, 1.45);
    const distance = Math.hypot(main[0] - head.x, main[2] - head.z);
    expect(distance).toBeGreaterThan(1);
    expect(distance).toBeLessThan(1.7);
    // Slightly below the eyes, and well inside the comfortable cone.
    expect(main[1]).toBeLessThan(head.y);
    expect(head.y - main[1]).toBeLessThan(0.3);
    expect(angleFromGaze(head, main)).toBeLessThan(30);
    expect(outsideComfortZone(head, main)).toBe(false);
  });

  it('notices a panel that drifted out of the cone, too near or too far', () => {
    const head: HeadPose = { x: 0, y: 1.6, z: 0, yaw: 0 };
    expect(outsideComfortZone(head, [0, 1.4, -1.5])).toBe(false);
    expect(outsideComfortZone(head, [1.5, 1.4, 0])).toBe(true);
    expect(outsideComfortZone(head, [0, 1.4, 1.5])).toBe(true);
    expect(outsideComfortZone(head, [0, 1.4, -0.3])).toBe(true);
    expect(outsideComfortZone(head, [0, 1.4, -4])).toBe(true);
  });
});

describe('angles', () => {
  it('reads yaw from a quaternion about y and wraps angles into (-π, π]', () => {
    const q = [0, Math.sin(0.35), 0, Math.cos(0.35)] as const;
    near(yawOfQuaternion(...q), 0.7);
    near(wrapAngle(3 * Math.PI), Math.PI);
    near(wrapAngle(-3.5 * Math.PI), 0.5 * Math.PI);
  });

  it('computes the angular size of text: 1.75 cm at 1 m is 1°', () => {
    expect(angularSizeDeg(0.017455, 1)).toBeCloseTo(1.0, 3);
    expect(angularSizeDeg(0.036, 1.5)).toBeGreaterThan(1.3);
  });
});

describe('fade', () => {
  it('moves at full black, then fades back in; instant runs the move with no fade at all', () => {
    const fade = createFadeController(0.1, 0.1);
    let moved = 0;
    fade.run(() => (moved += 1), false);
    const opacities: number[] = [];
    for (let i = 0; i < 8 && (fade.active || i === 0); i++) {
      opacities.push(fade.step(0.05));
      if (opacities.length === 1) expect(moved).toBe(0);
    }
    expect(moved).toBe(1);
    expect(Math.max(...opacities)).toBe(1);
    expect(opacities.at(-1)).toBe(0);
    expect(fade.active).toBe(false);
    fade.run(() => (moved += 1), true);
    expect(moved).toBe(2);
    expect(fade.active).toBe(false);
  });
});
