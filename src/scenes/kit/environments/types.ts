// The typed description of an environment preset: room shell, furnishing, lights and air.
import type { Hex, KitBuilder, Vec3 } from '../geometry-builder';
import type { RoomShell } from './room-shell';

export interface EnvironmentLighting {
  readonly background: Hex;
  readonly fog: { readonly color: Hex; readonly near: number; readonly far: number };
  readonly hemisphere: { readonly sky: Hex; readonly ground: Hex; readonly intensity: number };
  /** One directional light, no shadows. */
  readonly sun: { readonly color: Hex; readonly intensity: number; readonly position: Vec3 };
}

export interface EnvironmentPreset extends EnvironmentLighting {
  readonly shell: RoomShell;
  /** Adds walls the shell left out and everything along the walls; the central area stays empty. */
  readonly furnish: (b: KitBuilder, shell: RoomShell) => void;
}
