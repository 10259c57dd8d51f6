// The kit's shared material: one shader program for every kit mesh, room and focus ring.
// Surfaces are lit Lambert with baked vertex colours; a per-vertex `glow` attribute (0..1) makes
// screens, lamps and windows show their colour unlit, so no second (basic) material is needed.
import { MeshLambertMaterial } from 'three';

/** Name of the per-vertex float attribute read by the kit material: 0 lit, 1 self-lit. */
export const GLOW_ATTRIBUTE = 'glow';

let shared: MeshLambertMaterial | undefined;

/**
 * The material every kit mesh uses (created on first use, never disposed: it is shared).
 * Tone mapping is off so that baked colours appear as authored under the kit's lights.
 */
export function kitMaterial(): MeshLambertMaterial {
  if (shared) return shared;
  const material = new MeshLambertMaterial({ vertexColors: true, toneMapped: false });
  material.name = 'shixun-kit';
  material.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', `#include <common>\nattribute float ${GLOW_ATTRIBUTE};\nvarying float vGlow;`)
      .replace('#include <begin_vertex>', `#include <begin_vertex>\nvGlow = ${GLOW_ATTRIBUTE};`);
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', '#include <common>\nvarying float vGlow;')
      .replace(
        '#include <emissivemap_fragment>',
        '#include <emissivemap_fragment>\ntotalEmissiveRadiance += diffuseColor.rgb * vGlow;\ndiffuseColor.rgb *= 1.0 - vGlow;',
      );
  };
  // Same key for every instance, so the program is compiled once and shared.
  material.customProgramCacheKey = () => 'shixun-kit-glow-v1';
  shared = material;
  return material;
}
