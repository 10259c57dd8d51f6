// Draws the smooth-locomotion vignette of src/xr/vignette.ts: a small sphere around the head, seen
// from inside, whose fragments darken by their angle from the gaze (the same curve as
// `vignetteOpacity`). Angles, not screen positions, so both eyes see one consistent ring. Present
// only while the vignette shows (no draw call otherwise); compiled when it mounts, so the first
// glide never stalls on a shader compile.
import { useFrame, useThree } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BackSide, type Mesh, Quaternion, ShaderMaterial, SphereGeometry, Vector3 } from 'three';
import { clearHalfAngleDeg, VIGNETTE_EDGE_DEG, VIGNETTE_MAX_OPACITY, type VignetteController } from './vignette.ts';
import { usePrecompiled } from './use-precompiled.ts';

/** 0.25 m: inside any panel or wall, outside the near plane; both eyes sit near its centre. */
const SPHERE = new SphereGeometry(0.25, 24, 12);
const DEG = Math.PI / 180;
const position = new Vector3();
const quaternion = new Quaternion();
const scale = new Vector3();

const VERTEX = /* glsl */ `
varying vec3 vWorld;
void main() {
  vec4 world = modelMatrix * vec4(position, 1.0);
  vWorld = world.xyz;
  gl_Position = projectionMatrix * viewMatrix * world;
}`;

const FRAGMENT = /* glsl */ `
uniform vec3 uCenter;
uniform vec3 uForward;
uniform float uCosInner;
uniform float uCosOuter;
uniform float uOpacity;
varying vec3 vWorld;
void main() {
  float c = dot(normalize(vWorld - uCenter), uForward);
  float t = clamp((uCosInner - c) / (uCosInner - uCosOuter), 0.0, 1.0);
  gl_FragColor = vec4(0.0, 0.0, 0.0, uOpacity * t * t * (3.0 - 2.0 * t));
}`;

export function ComfortVignette({ controller }: { controller: VignetteController }) {
  const ref = useRef<Mesh>(null);
  const material = useMemo(
    () =>
      new ShaderMaterial({
        uniforms: {
          uCenter: { value: new Vector3() },
          uForward: { value: new Vector3(0, 0, -1) },
          uCosInner: { value: 1 },
          uCosOuter: { value: 0 },
          uOpacity: { value: 0 },
        },
        vertexShader: VERTEX,
        fragmentShader: FRAGMENT,
        transparent: true,
        depthTest: false,
        depthWrite: false,
        side: BackSide,
      }),
    [],
  );
  const camera = useThree((s) => s.camera);

  usePrecompiled(ref);
  useLayoutEffect(() => () => material.dispose(), [material]);

  useFrame(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const strength = controller.strength;
    mesh.visible = strength > 0;
    if (!mesh.visible) return;
    camera.matrixWorld.decompose(position, quaternion, scale);
    mesh.position.copy(position);
    const u = material.uniforms;
    (u.uCenter!.value as Vector3).copy(position);
    (u.uForward!.value as Vector3).set(0, 0, -1).applyQuaternion(quaternion);
    const inner = clearHalfAngleDeg(strength);
    u.uCosInner!.value = Math.cos(inner * DEG);
    u.uCosOuter!.value = Math.cos(Math.min(179, inner + VIGNETTE_EDGE_DEG) * DEG);
    u.uOpacity!.value = Math.min(1, strength) * VIGNETTE_MAX_OPACITY;
  });

  // Drawn before the fade (1000), after everything else; never hit by a pointer.
  return (
    <mesh
      ref={ref}
      geometry={SPHERE}
      material={material}
      renderOrder={999}
      frustumCulled={false}
      raycast={() => null}
      visible={false}
      name="comfort-vignette"
    />
  );
}
