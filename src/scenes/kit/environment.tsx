// <Environment preset> draws a whole room in one draw call; <EnvironmentLights> adds its lights.
import type { Ref } from 'react';
import type { Mesh } from 'three';
import { useCachedGeometry } from './geometry-cache';
import { ENVIRONMENT_PRESETS, type EnvironmentName, environmentGeometryCache } from './environments';
import { kitMaterial } from './materials';

/** Rooms are never pointer targets: skipping them keeps XR raycasts cheap (docs/performance.md). */
function noRaycast(): void {}

/** A hemisphere and one directional light tuned to the place; never casts shadows. */
export function EnvironmentLights({ preset }: { preset: EnvironmentName }) {
  const p = ENVIRONMENT_PRESETS[preset];
  return (
    <>
      <hemisphereLight args={[p.hemisphere.sky, p.hemisphere.ground, p.hemisphere.intensity]} />
      <directionalLight color={p.sun.color} intensity={p.sun.intensity} position={[...p.sun.position]} />
    </>
  );
}

export interface EnvironmentProps {
  preset: EnvironmentName;
  /** Also set the scene background and fog (default true). */
  atmosphere?: boolean;
  /** Include the preset's lights (default true). */
  lights?: boolean;
  ref?: Ref<Mesh>;
}

/** The room of `preset` (walls, floor, furniture along the walls) plus its lights and air. */
export function Environment({ preset, atmosphere = true, lights = true, ref }: EnvironmentProps) {
  const geometry = useCachedGeometry(environmentGeometryCache, preset);
  const p = ENVIRONMENT_PRESETS[preset];
  return (
    <>
      {atmosphere && <color attach="background" args={[p.background]} />}
      {atmosphere && <fog attach="fog" args={[p.fog.color, p.fog.near, p.fog.far]} />}
      {lights && <EnvironmentLights preset={preset} />}
      <mesh ref={ref ?? null} geometry={geometry} material={kitMaterial()} raycast={noRaycast} matrixAutoUpdate={false} />
    </>
  );
}
