// Compiles a hidden object's shader when it mounts, so the first time it shows (a fade, the
// vignette) never stalls a headset frame on a shader compile. The object stays hidden.
import { useThree } from '@react-three/fiber';
import { useLayoutEffect, type RefObject } from 'react';
import type { Object3D } from 'three';

export function usePrecompiled(ref: RefObject<Object3D | null>): void {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const scene = useThree((s) => s.scene);
  useLayoutEffect(() => {
    const object = ref.current;
    if (!object) return;
    object.visible = true;
    gl.compile(object, camera, scene);
    object.visible = false;
  }, [gl, camera, scene, ref]);
}
