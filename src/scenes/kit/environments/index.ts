// The registry of environment presets (one per name in ENVIRONMENTS, src/course/schema.ts) and
// the cached merged geometry of each room.
import type { BufferGeometry } from 'three';
import type { ENVIRONMENTS } from '../../../course/schema';
import { KitBuilder } from '../geometry-builder';
import { createGeometryCache } from '../geometry-cache';
import { controlRoom } from './control-room';
import { dataRoom } from './data-room';
import { meetingRoom } from './meeting-room';
import { office } from './office';
import { serviceHall } from './service-hall';
import { bakeRoomShading, buildShell } from './room-shell';
import type { EnvironmentPreset } from './types';

export type EnvironmentName = (typeof ENVIRONMENTS)[number];
export type { EnvironmentLighting, EnvironmentPreset } from './types';

export const ENVIRONMENT_PRESETS: Readonly<Record<EnvironmentName, EnvironmentPreset>> = {
  office,
  'data-room': dataRoom,
  'service-hall': serviceHall,
  'meeting-room': meetingRoom,
  'control-room': controlRoom,
};

/** Builds a room's single merged geometry (shell, furnishing, baked shading). */
export function buildEnvironmentGeometry(name: EnvironmentName): BufferGeometry {
  const preset = ENVIRONMENT_PRESETS[name];
  if (!preset) throw new Error(`unknown environment "${name}": use one of ${Object.keys(ENVIRONMENT_PRESETS).join(', ')}`);
  const b = new KitBuilder();
  buildShell(b, preset.shell);
  preset.furnish(b, preset.shell);
  const geometry = b.build();
  bakeRoomShading(geometry, preset.shell);
  geometry.name = `environment:${name}`;
  return geometry;
}

export const environmentGeometryCache = createGeometryCache(buildEnvironmentGeometry);
