// Flat coloured rectangles of task UI (panel backgrounds, buttons, cards, bins) drawn as one
// instanced mesh over the room: one draw call however many there are. Later entries cover
// earlier ones, so list backgrounds before what sits on them.
import { useLayoutEffect, useRef } from 'react';
import { Color, type InstancedMesh, Matrix4, MeshBasicMaterial, PlaneGeometry, Quaternion, Vector3 } from 'three';
import { OVERLAY_ORDER } from './world-text.tsx';

export interface OverlayPlane {
  readonly position: readonly [number, number, number];
  /** Yaw in radians. */
  readonly yaw: number;
  readonly width: number;
  readonly height: number;
  /** "#rrggbb". */
  readonly color: string;
}

const PLANE = new PlaneGeometry(1, 1);
const MATERIAL = new MeshBasicMaterial({ depthTest: false, depthWrite: false, transparent: true, toneMapped: false });
const MAX_PLANES = 64;
const matrix = new Matrix4();
const quaternion = new Quaternion();
const up = new Vector3(0, 1, 0);
const scale = new Vector3();
const position = new Vector3();
const color = new Color();

export function OverlayPlanes({ planes, name = 'overlay-planes' }: { planes: readonly OverlayPlane[]; name?: string }) {
  const ref = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const shown = planes.slice(0, MAX_PLANES);
    shown.forEach((p, i) => {
      matrix.compose(position.set(...p.position), quaternion.setFromAxisAngle(up, p.yaw), scale.set(p.width, p.height, 1));
      mesh.setMatrixAt(i, matrix);
      mesh.setColorAt(i, color.set(p.color));
    });
    mesh.count = shown.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  }, [planes]);
  // Planes are never pointer targets (Interactive hit boxes are), and may sit anywhere: no culling.
  return (
    <instancedMesh
      ref={ref}
      args={[PLANE, MATERIAL, MAX_PLANES]}
      renderOrder={OVERLAY_ORDER - 2}
      raycast={() => null}
      frustumCulled={false}
      name={name}
    />
  );
}
