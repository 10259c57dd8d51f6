// The one XR store of the app. Controller profiles and hand models come from the app's own
// /xr-profiles/ (no CDN); the built-in emulator is off (e2e builds install their own device).
import { createXRStore, type XRStore } from '@react-three/xr';
import { xrProfilesBaseAssetPath } from '../client/xr-profiles-config.ts';

let store: XRStore | undefined;

export function getXRStore(): XRStore {
  store ??= createXRStore({
    emulate: false,
    offerSession: false,
    enterGrantedSession: false,
    baseAssetPath: xrProfilesBaseAssetPath(location.href),
    // Fixed stations, no smooth locomotion: nobody gets moved without choosing to (station
    // markers teleport; src/xr/comfort-locomotion.ts turns and, if the learner asks, glides).
    controller: { teleportPointer: false },
    // Tracked hands poke near (index fingertip) and pinch far (ray). The hand's grab pointer sits
    // on the same fingertip and wins every tie with the poke, so a press would never land: off.
    hand: { teleportPointer: false, grabPointer: false },
    frameRate: 'high',
    foveation: 1,
  });
  return store;
}
