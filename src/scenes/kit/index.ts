// The shared low-poly kit: props, rooms, lights and the focus outline, all drawn with one
// shared material (one shader program). Import from here, not from the files behind it.
export { Environment, EnvironmentLights, type EnvironmentProps } from './environment';
export {
  ENVIRONMENT_PRESETS,
  buildEnvironmentGeometry,
  type EnvironmentName,
  type EnvironmentPreset,
  type EnvironmentLighting,
} from './environments';
export { FocusRing, type FocusRingProps } from './focus-ring';
export { KitBuilder, type Vec3 } from './geometry-builder';
export { KitProp, type KitPropProps } from './kit-prop';
export { kitGeometry } from './kit-geometry';
export { kitMaterial } from './materials';
export { KIT_PROP_SIZE, KIT_PROP_SPECS, KIT_SCREEN_RECT, type KitPropKind, type ScreenRect } from './props';
