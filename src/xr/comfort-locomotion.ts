// The rig's comfort controls in a headset, run once per XR frame by the station rig: snap turn on
// the right thumbstick (smooth turn and move only when the learner turned them on), the seated
// lift, recentering (hold B or Y), X to open the comfort panel, and panels that follow the learner
// when they drift out of the comfortable cone. Moves go through the fade; nothing here renders React.
import type { Object3D } from 'three';
import type { ComfortProbe } from '../testing/test-hook.ts';
import type { ComfortStore } from './comfort-settings.ts';
import { reducedMotionActive } from './comfort-settings.ts';
import {
  frameAtHead,
  frameAtStation,
  headInWorld,
  outsideComfortZone,
  pointInFrame,
  recenterRig,
  rigAtStation,
  seatedLift,
  snapTurnStep,
  turnAboutHead,
  yawOfQuaternion,
  type RigPose,
  type StationLike,
} from './comfort-math.ts';
import type { FadeController } from './fade.ts';
import type { RigStore } from './rig-store.ts';
import { smoothMotionAmount, type VignetteController } from './vignette.ts';

const DEG = Math.PI / 180;
/** Smooth turning speed, radians per second at full deflection. */
const SMOOTH_TURN = 90 * DEG;
/** Smooth walking speed, metres per second at full deflection. */
const SMOOTH_SPEED = 1.4;
const STICK_DEAD_ZONE = 0.2;
/** Holding B or Y this long recenters. */
export const RECENTER_HOLD_S = 0.8;
/** A panel out of the comfortable zone this long comes back in front of the learner. */
export const FOLLOW_AFTER_S = 1.5;

/** The part of an XRFrame this reads (typed loosely: the reference space comes from three). */
interface ViewerFrame {
  getViewerPose(
    space: never,
  ): { readonly transform: { readonly position: DOMPointReadOnly; readonly orientation: DOMPointReadOnly } } | null | undefined;
}

/** The part of @react-three/xr's input source state this reads. */
interface InputState {
  readonly type: string;
  readonly inputSource: { readonly handedness: string };
  readonly gamepad?: Readonly<
    Record<string, { readonly xAxis?: number; readonly yAxis?: number; readonly state?: string } | undefined>
  >;
}

export interface ComfortLocomotionOptions {
  readonly fade: FadeController;
  /** Narrows the view while the sticks move the learner smoothly (when the setting is on). */
  readonly vignette: VignetteController;
  /** three's XR camera: its local pose is the head in the rig's space. */
  readonly xrCamera: Object3D;
  readonly comfort: ComfortStore;
  readonly rig: RigStore;
  readonly getOrigin: () => Object3D | null;
  /** The main task panel's spot [ahead, right, height], watched for the comfortable cone. */
  readonly mainSpot: readonly [number, number, number];
  readonly onPlaced?: (pose: RigPose) => void;
}

export type ComfortLocomotion = ReturnType<typeof createComfortLocomotion>;

export function createComfortLocomotion({
  fade,
  vignette,
  xrCamera,
  comfort,
  rig,
  getOrigin,
  mainSpot,
  onPlaced,
}: ComfortLocomotionOptions) {
  let station: StationLike | null = null;
  let pose: RigPose = { x: 0, y: 0, z: 0, yaw: 0 };
  let lift = 0;
  let inXR = false;
  let armed = true;
  let measureIn = 0;
  let held = 0;
  let recentered = false;
  let xWasDown = false;
  let offCone = 0;
  let frames = 0;
  const head = { x: 0, y: 0, z: 0, yaw: 0 };
  const probe: ComfortProbe = {
    rig: { x: 0, y: 0, z: 0, yaw: 0 },
    lift: 0,
    fading: false,
    fadeFrames: 0,
    snapTurns: 0,
    recenters: 0,
    follows: 0,
    vignette: 0,
    vignetteFrames: 0,
  };

  let viewerSeen = false;
  /**
   * The head in the rig's space: the viewer pose of the latest XR frame (between the eyes), or,
   * before any frame, three's XR camera (which follows the left eye).
   */
  const readHead = (frame?: ViewerFrame, space?: unknown) => {
    const viewer = frame && space ? frame.getViewerPose(space as never) : null;
    if (viewer) {
      viewerSeen = true;
      const { position: p, orientation: q } = viewer.transform;
      head.x = p.x;
      head.y = p.y;
      head.z = p.z;
      head.yaw = yawOfQuaternion(q.x, q.y, q.z, q.w);
      return;
    }
    if (viewerSeen) return;
    const p = xrCamera.position;
    const q = xrCamera.quaternion;
    head.x = p.x;
    head.y = p.y;
    head.z = p.z;
    head.yaw = yawOfQuaternion(q.x, q.y, q.z, q.w);
  };
  const place = (next: RigPose) => {
    pose = next;
    const origin = getOrigin();
    if (origin) {
      origin.position.set(next.x, next.y, next.z);
      origin.rotation.set(0, next.yaw, 0);
      origin.updateMatrixWorld();
    }
    probe.rig = { x: next.x, y: next.y, z: next.z, yaw: next.yaw };
    probe.lift = lift;
    onPlaced?.(next);
  };
  const instant = () => reducedMotionActive(comfort.getState());
  /** Runs a move through the fade, or at once. */
  const move = (action: () => void, cut: boolean) => {
    if (!cut) probe.fading = true;
    fade.run(action, cut);
  };
  const floorY = () => station?.position[1] ?? 0;
  const applyLift = () => {
    lift = comfort.getState().seated ? seatedLift(head.y) : 0;
    place({ ...pose, y: floorY() + lift });
  };

  const recenter = () => {
    if (!station) return;
    readHead();
    if (comfort.getState().seated) lift = seatedLift(head.y);
    const at = station;
    move(() => {
      readHead();
      const next = recenterRig(at, head, lift);
      place(next);
      rig.getState().actions.setFrame(frameAtHead(headInWorld(next, head), at.position[1]));
      probe.recenters += 1;
    }, instant());
  };

  const axis = (state: InputState | undefined, key: 'xAxis' | 'yAxis') => state?.gamepad?.['xr-standard-thumbstick']?.[key] ?? 0;
  const pressed = (state: InputState | undefined, button: string) => state?.gamepad?.[button]?.state === 'pressed';

  return {
    probe,
    get inXR() {
      return inXR;
    },
    get pose() {
      return pose;
    },
    setInXR(on: boolean) {
      inXR = on;
      // The head pose settles over the first frames; the seated lift is measured after them.
      measureIn = on ? 3 : 0;
      if (!on && lift !== 0) {
        lift = 0;
        place({ ...pose, y: floorY() });
      }
    },
    /** Stands the rig on a station, through the fade when `withFade`; a station already stood on is left alone. */
    moveTo(next: StationLike, withFade: boolean) {
      const same = station && station.position.every((v, i) => v === next.position[i]) && (station.yaw ?? 0) === (next.yaw ?? 0);
      if (same) return;
      station = next;
      move(() => place(rigAtStation(next, lift)), !withFade);
    },
    /** The seated setting changed: measure the head and raise (or lower) the rig. */
    updateSeated() {
      if (!inXR) return;
      readHead();
      applyLift();
    },
    recenter,
    onFadeFrame(opacity: number) {
      if (opacity > 0 && opacity < 1) probe.fadeFrames += 1;
      probe.fading = fade.active;
    },
    frame(dt: number, states: readonly InputState[], xrFrame?: ViewerFrame, space?: unknown) {
      frames += 1;
      readHead(xrFrame, space);
      if (measureIn > 0 && --measureIn === 0 && comfort.getState().seated) applyLift();

      let left: InputState | undefined;
      let right: InputState | undefined;
      for (const s of states) {
        if (s.type !== 'controller') continue;
        if (s.inputSource.handedness === 'left') left = s;
        else if (s.inputSource.handedness === 'right') right = s;
      }
      const settings = comfort.getState();
      const turnX = axis(right, 'xAxis');
      let motion = 0;
      if (settings.smoothLocomotion) {
        armed = true;
        if (Math.abs(turnX) > STICK_DEAD_ZONE) place(turnAboutHead(pose, head, -turnX * SMOOTH_TURN * dt));
        const mx = axis(left, 'xAxis');
        const my = axis(left, 'yAxis');
        if (settings.vignette) motion = smoothMotionAmount(mx, my, turnX, STICK_DEAD_ZONE);
        if (Math.abs(mx) > STICK_DEAD_ZONE || Math.abs(my) > STICK_DEAD_ZONE) {
          // Walk where the head looks: stick up is forward (-y on the stick), right strafes.
          const yaw = pose.yaw + head.yaw;
          const fx = -Math.sin(yaw);
          const fz = -Math.cos(yaw);
          const step = SMOOTH_SPEED * dt;
          place({ ...pose, x: pose.x + (fx * -my - fz * mx) * step, z: pose.z + (fz * -my + fx * mx) * step });
        }
      } else {
        const snap = snapTurnStep(armed, turnX, settings.snapAngle);
        armed = snap.armed;
        if (snap.turnDeg !== 0) {
          const turn = snap.turnDeg * DEG;
          probe.snapTurns += 1;
          move(() => {
            readHead();
            place(turnAboutHead(pose, head, turn));
          }, instant());
        }
      }
      probe.vignette = vignette.step(dt, motion);
      if (probe.vignette > 0) probe.vignetteFrames += 1;

      // Hold B or Y to recenter, once per hold.
      if (pressed(right, 'b-button') || pressed(left, 'y-button')) {
        held += dt;
        if (held >= RECENTER_HOLD_S && !recentered) {
          recentered = true;
          recenter();
        }
      } else {
        held = 0;
        recentered = false;
      }
      // X opens or closes the comfort panel.
      const xDown = pressed(left, 'x-button');
      if (xDown && !xWasDown) rig.getState().actions.setPanelOpen(!rig.getState().panelOpen);
      xWasDown = xDown;

      // Panels that drifted out of the comfortable cone (a turn, a walk) come back in front, a
      // moment later: a glance aside never drags them along.
      if (station && !fade.active && frames % 6 === 0) {
        const h = headInWorld(pose, head);
        const frame = rig.getState().frame ?? frameAtStation(station);
        const main = pointInFrame(frame, mainSpot[0], mainSpot[1], mainSpot[2]);
        // Clamped: one long frame (a hitch) does not count as a long look away.
        offCone = outsideComfortZone(h, main) ? offCone + Math.min(dt, 0.1) * 6 : 0;
        if (offCone >= FOLLOW_AFTER_S) {
          offCone = 0;
          rig.getState().actions.setFrame(frameAtHead(h, floorY()));
          probe.follows += 1;
        }
      }
    },
  };
}
