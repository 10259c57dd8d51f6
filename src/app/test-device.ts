// E2E builds only: an emulated Meta Quest 3 (IWER) installed over Chromium's native WebXR, so
// Playwright can enter VR, move controllers and hands, and press buttons.
import { metaQuest3, XRDevice } from 'iwer';
import { testHook, type ShixunTestHook } from './test-hook.ts';

export async function installTestDevice(): Promise<ShixunTestHook> {
  const hook = testHook();
  const device = new XRDevice(metaQuest3, { stereoEnabled: false });
  device.installRuntime({ forceInstall: true });
  hook.xrDevice = device;
  return hook;
}
