// Puts the learner at a station: the desktop camera at eye height, or the XR origin (the headset
// adds its own head pose). Desktop learners can look around by dragging empty space.
import { useFrame, useThree } from '@react-three/fiber';
import { XROrigin, useXR } from '@react-three/xr';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Station } from '../course/schema.ts';
import { useFocusStore } from './interaction/focus-context.tsx';

const EYE_HEIGHT = 1.6;
const DEG = Math.PI / 180;
const DEFAULT_PITCH = -8 * DEG;

export function StationRig({ station }: { station: Station }) {
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const inXR = useXR((s) => s.session != null);
  const look = useRef({ yaw: 0, pitch: DEFAULT_PITCH });
  const [x, y, z] = station.position;
  const yaw = (station.yaw ?? 0) * DEG;

  useLayoutEffect(() => {
    if (inXR) return;
    look.current = { yaw, pitch: DEFAULT_PITCH };
    camera.position.set(x, y + EYE_HEIGHT, z);
    camera.rotation.set(look.current.pitch, look.current.yaw, 0, 'YXZ');
    camera.updateMatrixWorld();
    invalidate();
  }, [camera, inXR, invalidate, x, y, z, yaw]);

  useLookControls(look, inXR);
  useEffect(() => {
    if (import.meta.env.MODE !== 'e2e') return;
    void import('../app/test-hook.ts').then(({ testHook }) => {
      testHook().station = { position: [x, y, z], yaw: station.yaw ?? 0 };
    });
  }, [x, y, z, station.yaw]);
  return <XROrigin position={[x, y, z]} rotation={[0, yaw, 0]} />;
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
