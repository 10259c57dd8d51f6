// E2E builds only: feeds the test hook with the renderer, frame counts and per-frame JS time.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { testHook } from '../testing/test-hook.ts';
import { useFocusStore } from './interaction/focus-context.tsx';

const MAX_TIMES = 600;

export default function SceneProbe() {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const scene = useThree((s) => s.scene);
  const invalidate = useThree((s) => s.invalidate);
  const focus = useFocusStore();
  const start = useRef(0);

  useEffect(() => {
    const hook = testHook();
    Object.assign(hook, { gl, camera, scene, invalidate, focus });
    scene.onAfterRender = () => {
      hook.frames += 1;
      hook.firstFrameAt ??= performance.now();
      hook.frameTimes.push(performance.now() - start.current);
      if (hook.frameTimes.length > MAX_TIMES) hook.frameTimes.shift();
      hook.frameRendered();
    };
    return () => {
      scene.onAfterRender = () => {};
      hook.framesEnded();
    };
  }, [gl, camera, scene, invalidate, focus]);

  // Runs first in each frame (lowest priority number): the start of the frame's JS work.
  useFrame(() => {
    start.current = performance.now();
  }, -1000);
  return null;
}
