// Tells the service worker registration that the scene's first frame is on screen (see
// markFirstViewReady): only then may the offline copy start downloading.
import { useFrame } from '@react-three/fiber';
import { useRef } from 'react';
import { markFirstViewReady } from '../client/service-worker-registration.ts';

export function FirstViewSignal() {
  const told = useRef(false);
  useFrame(() => {
    if (told.current) return;
    told.current = true;
    // Frame callbacks run before the render: tell once this frame is drawn.
    setTimeout(markFirstViewReady, 0);
  });
  return null;
}
