// The one XR store of the app. Controller profiles and hand models come from the app's own
// /xr-profiles/ (no CDN); the built-in emulator is off (e2e builds install their own device).
import { createXRStore, type XRStore } from '@react-three/xr';
import { xrProfilesBaseAssetPath } from '../../scripts/xr-profiles-config.ts';

let store: XRStore | undefined;

export function getXRStore(): XRStore {
  store ??= createXRStore({
    emulate: false,
    offerSession: false,
    enterGrantedSession: false,
    baseAssetPath: xrProfilesBaseAssetPath(location.href),
    // Fixed stations, no smooth locomotion: nobody gets moved without choosing to.
    controller: { teleportPointer: false },
    hand: { teleportPointer: false },
    frameRate: 'high',
    foveation: 1,
  });
  return store;
}
