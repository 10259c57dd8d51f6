// Puts the learner at a station: the desktop camera at eye height, or the XR origin (the headset
// adds its own head pose). Desktop learners can look around by dragging empty space. In a headset
// the rig also carries the comfort controls (src/xr/comfort-locomotion.ts): a fade or a cut when
// moving between stations, snap or smooth turning, the seated lift and recentering.
import { useFrame, useThree } from '@react-three/fiber';
import { XROrigin, useXR, useXRStore } from '@react-three/xr';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Group } from 'three';
import { reducedMotionActive, useComfortStore } from '../xr/comfort-settings.ts';
import type { ShixunTestHook } from '../testing/test-hook.ts';
import type { Station } from '../course/schema.ts';
import { ComfortFade } from '../xr/comfort-fade.tsx';
import { createComfortLocomotion } from '../xr/comfort-locomotion.ts';
import { ComfortVignette } from '../xr/comfort-vignette.tsx';
import { createFadeController } from '../xr/fade.ts';
import { rigStore } from '../xr/rig-store.ts';
import { createVignette } from '../xr/vignette.ts';
import { useFocusStore } from './interaction/focus-context.tsx';
import { PANEL_SPOTS } from './widgets/widget-placement.ts';

const EYE_HEIGHT = 1.6;
const DEG = Math.PI / 180;
const DEFAULT_PITCH = -8 * DEG;

export function StationRig({ station }: { station: Station }) {
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const gl = useThree((s) => s.gl);
  const inXR = useXR((s) => s.session != null);
  const xrStore = useXRStore();
  const comfort = useComfortStore();
  const origin = useRef<Group>(null);
  const look = useRef({ yaw: 0, pitch: DEFAULT_PITCH });
  const [x, y, z] = station.position;
  const yaw = (station.yaw ?? 0) * DEG;
  const fade = useMemo(() => createFadeController(), []);
  const vignette = useMemo(() => createVignette(), []);
  // e2e builds: the test hook learns where the rig stands and reads the comfort probe.
  const hook = useRef<ShixunTestHook | null>(null);
  const locomotion = useMemo(
    () =>
      createComfortLocomotion({
        fade,
        vignette,
        xrCamera: gl.xr.getCamera(),
        comfort,
        rig: rigStore(),
        getOrigin: () => origin.current,
        mainSpot: PANEL_SPOTS.main,
        onPlaced: (pose) => {
          if (hook.current) hook.current.station = { position: [pose.x, pose.y, pose.z], yaw: pose.yaw / DEG };
        },
      }),
    [fade, vignette, gl, comfort],
  );
  useEffect(() => {
    if (import.meta.env.MODE !== 'e2e') return;
    void import('../testing/test-hook.ts').then(({ testHook }) => {
      hook.current = testHook();
      hook.current.comfort = locomotion.probe;
      const pose = locomotion.pose;
      hook.current.station = { position: [pose.x, pose.y, pose.z], yaw: pose.yaw / DEG };
    });
  }, [locomotion]);

  // A new station: a cut on a screen; in a headset a fade (or a cut under reduced motion).
  useLayoutEffect(() => {
    locomotion.moveTo({ position: [x, y, z], yaw: station.yaw ?? 0 }, inXR && !reducedMotionActive(comfort.getState()));
    rigStore().getState().actions.setFrame(null);
    if (inXR) return;
    look.current = { yaw, pitch: DEFAULT_PITCH };
    camera.position.set(x, y + EYE_HEIGHT, z);
    camera.rotation.set(look.current.pitch, look.current.yaw, 0, 'YXZ');
    camera.updateMatrixWorld();
    invalidate();
  }, [camera, comfort, inXR, invalidate, locomotion, x, y, z, yaw, station.yaw]);

  useEffect(() => locomotion.setInXR(inXR), [locomotion, inXR]);

  // Settings and recenter requests arrive through stores, never through React renders.
  useEffect(() => {
    const offComfort = comfort.subscribe((s, prev) => {
      if (s.seated !== prev.seated) locomotion.updateSeated();
    });
    const offRig = rigStore().subscribe((s, prev) => {
      if (s.recenters === prev.recenters) return;
      if (locomotion.inXR) locomotion.recenter();
      else {
        // On a screen, recentering looks at the task from the station again.
        look.current = { yaw, pitch: DEFAULT_PITCH };
        camera.rotation.set(look.current.pitch, look.current.yaw, 0, 'YXZ');
        rigStore().getState().actions.setFrame(null);
        invalidate();
      }
    });
    return () => {
      offComfort();
      offRig();
    };
  }, [locomotion, camera, comfort, invalidate, yaw]);

  useLookControls(look, inXR);
  useFrame((_, delta, frame?: XRFrame) => {
    if (inXR) locomotion.frame(delta, xrStore.getState().inputSourceStates, frame, gl.xr.getReferenceSpace());
  });
  return (
    <>
      <XROrigin ref={origin} />
      {inXR && <ComfortVignette controller={vignette} />}
      {inXR && <ComfortFade controller={fade} onFrame={locomotion.onFadeFrame} />}
    </>
  );
}

function useLookControls(look: React.RefObject<{ yaw: number; pitch: number }>, disabled: boolean) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const focus = useFocusStore();
  const pending = useRef(false);

  useEffect(() => {
    if (disabled) return;
    const el = gl.domElement;
    let drag: { x: number; y: number; id: number } | null = null;
    const down = (e: PointerEvent) => {
      const { hoveredId, heldId } = focus.getState();
      // Dragging empty space looks around; dragging an object is the object's business.
      if (hoveredId === null && heldId === null) drag = { x: e.clientX, y: e.clientY, id: e.pointerId };
    };
    const move = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      look.current.yaw += (e.clientX - drag.x) * 0.0035;
      look.current.pitch = Math.max(-70 * DEG, Math.min(60 * DEG, look.current.pitch + (e.clientY - drag.y) * 0.0035));
      drag = { ...drag, x: e.clientX, y: e.clientY };
      pending.current = true;
      invalidate();
    };
    const up = () => {
      drag = null;
    };
    el.addEventListener('pointerdown', down);
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    return () => {
      el.removeEventListener('pointerdown', down);
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
  }, [gl, focus, invalidate, look, disabled]);

  useFrame(() => {
    if (!pending.current) return;
    pending.current = false;
    camera.rotation.set(look.current.pitch, look.current.yaw, 0, 'YXZ');
  });
}
