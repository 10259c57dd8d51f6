// Draws the fade of src/xr/fade.ts: a black quad just in front of the eyes, present only while a
// fade runs (no draw call otherwise). Its material is compiled when it mounts, so the first fade
// never stalls on a shader compile.
import { useFrame, useThree } from '@react-three/fiber';
import { useRef } from 'react';
import { type Mesh, MeshBasicMaterial, PlaneGeometry, Quaternion, Vector3 } from 'three';
import type { FadeController } from './fade.ts';
import { usePrecompiled } from './use-precompiled.ts';

const QUAD = new PlaneGeometry(2, 2);
const position = new Vector3();
const quaternion = new Quaternion();
const scale = new Vector3();
const ahead = new Vector3();

export function ComfortFade({ controller, onFrame }: { controller: FadeController; onFrame?: (opacity: number) => void }) {
  const ref = useRef<Mesh>(null);
  const material = useRef(
    new MeshBasicMaterial({ color: '#000000', transparent: true, opacity: 0, depthTest: false, depthWrite: false }),
  );
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);

  usePrecompiled(ref);

  useFrame((_, delta) => {
    const mesh = ref.current;
    if (!mesh || (!controller.active && !mesh.visible)) return;
    const opacity = controller.step(delta);
    material.current.opacity = opacity;
    mesh.visible = opacity > 0;
    onFrame?.(opacity);
    camera.matrixWorld.decompose(position, quaternion, scale);
    mesh.position.copy(position).add(ahead.set(0, 0, -0.2).applyQuaternion(quaternion));
    mesh.quaternion.copy(quaternion);
    invalidate();
  });

  return (
    <mesh
      ref={ref}
      geometry={QUAD}
      material={material.current}
      renderOrder={1000}
      frustumCulled={false}
      raycast={() => null}
      visible={false}
      name="comfort-fade"
    />
  );
}
