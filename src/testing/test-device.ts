// E2E builds only: an emulated Meta Quest 3 (IWER) installed over Chromium's native WebXR, so
// Playwright can enter VR, move controllers and hands, and press buttons.
import { metaQuest3, XRDevice } from 'iwer';
import { testHook, type ShixunTestHook } from './test-hook.ts';

export async function installTestDevice(): Promise<ShixunTestHook> {
  const hook = testHook();
  // One view by default (faster frames for journeys); ?xr-stereo renders both eyes, as a real
  // headset does, for measuring draw calls per frame.
  const device = new XRDevice(metaQuest3, { stereoEnabled: new URLSearchParams(location.search).has('xr-stereo') });
  device.installRuntime({ forceInstall: true });
  hook.xrDevice = device;
  return hook;
}
