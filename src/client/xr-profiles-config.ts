// Where the self-hosted WebXR controller profiles are served from, and which ones ship.
// Shared by the copy script and browser code, so it must stay free of Node imports.

/** URL path of the copied `@webxr-input-profiles/assets` profiles (trailing slash matters). */
export const XR_PROFILES_PATH = '/xr-profiles/';

/**
 * Profiles shipped: current Meta and Pico controllers, then the generic fallbacks every
 * input source lists last, and the hand model @pmndrs/xr loads for tracked hands.
 */
export const XR_PROFILE_IDS = [
  'meta-quest-touch-plus',
  'meta-quest-touch-pro',
  'oculus-touch-v3',
  'oculus-touch-v2',
  'pico-4',
  'pico-neo3',
  'generic-trigger',
  'generic-trigger-squeeze',
  'generic-trigger-squeeze-thumbstick',
  'generic-trigger-squeeze-touchpad-thumbstick',
  'generic-hand',
  'generic-button',
] as const;

/**
 * The `baseAssetPath` for `createXRStore`. @pmndrs/xr joins it with `new URL(file, base)`,
 * which throws on a bare path, so it must be absolute: pass `window.location.href`.
 */
export function xrProfilesBaseAssetPath(pageUrl: string): string {
  return new URL(XR_PROFILES_PATH, pageUrl).href;
}
