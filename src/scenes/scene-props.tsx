// Draws a scene's props (people apart: see people.tsx). Every kit piece and primitive is merged into one mesh with the kit's
// shared material (one draw call for the whole set); screens get their text on top; glTF models
// load from the course's own assets.
import { useGLTF } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { Suspense, useEffect, useMemo } from 'react';
import { Euler, Matrix4, Quaternion, Vector3 } from 'three';
import type { Prop } from '../course/schema.ts';
import { KitBuilder, type Vec3 } from './kit/geometry-builder.ts';
import { kitMaterial } from './kit/materials.ts';
import { KIT_PROP_SPECS, KIT_SCREEN_RECT } from './kit/props/index.ts';
import { propMatrix } from './scene-layout.ts';
import { screenFontSize } from './text-sizes.ts';
import { WorldText } from './world-text.tsx';
import { useT } from '../i18n/i18n.ts';

const DEFAULT_COLOR = '#b8c2cc';

function buildProps(props: readonly Prop[]) {
  const b = new KitBuilder();
  for (const prop of props) {
    const rot = (prop.rotation ?? [0, 0, 0]) as Vec3;
    b.at(
      prop.position as Vec3,
      rot,
      () => {
        switch (prop.kind) {
          case 'kit':
            // People are drawn and animated by <People> (people.tsx).
            if (prop.kit !== 'person') KIT_PROP_SPECS[prop.kit].build(b, prop.color);
            return;
          case 'box':
            b.slab(prop.size as Vec3, [0, 0, 0], prop.color ?? DEFAULT_COLOR);
            return;
          case 'cylinder':
            b.cylinder(prop.radius, prop.radius, prop.height, [0, prop.height / 2, 0], prop.color ?? DEFAULT_COLOR, {
              segments: 16,
            });
            return;
          case 'sphere':
            b.sphere(prop.radius, [0, prop.radius, 0], prop.color ?? DEFAULT_COLOR);
            return;
          case 'model':
            return;
        }
      },
      prop.scale ?? 1,
    );
  }
  return b.build();
}

export function SceneProps({ courseId, props }: { courseId: string; props: readonly Prop[] }) {
  const geometry = useMemo(() => buildProps(props), [props]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <group name="scene-props">
      <mesh geometry={geometry} material={kitMaterial()} name="props-merged" />
      {props.map((prop) => {
        if (prop.kind === 'kit' && prop.screen) return <ScreenText key={prop.id} prop={prop} text={prop.screen} />;
        if (prop.kind === 'model') {
          return (
            <Suspense key={prop.id} fallback={null}>
              <ModelProp url={`/courses/${courseId}/${prop.src}`} prop={prop} />
            </Suspense>
          );
        }
        return null;
      })}
    </group>
  );
}

function ScreenText({ prop, text }: { prop: Extract<Prop, { kind: 'kit' }>; text: { 'zh-CN': string; en: string } }) {
  const { l } = useT();
  const rect = KIT_SCREEN_RECT[prop.kit];
  const transform = useMemo(() => {
    if (!rect) return null;
    const local = new Matrix4().compose(
      new Vector3(...rect.center),
      new Quaternion().setFromEuler(new Euler(...rect.rotation)),
      new Vector3(1, 1, 1),
    );
    const world = propMatrix(prop).multiply(local);
    const position = new Vector3();
    const quaternion = new Quaternion();
    const scale = new Vector3();
    world.decompose(position, quaternion, scale);
    return { position, quaternion, scale: scale.x };
  }, [prop, rect]);
  if (!rect || !transform) return null;
  const content = l(text);
  const fontSize = screenFontSize(rect, content);
  return (
    <WorldText
      renderOrder={-1}
      position={transform.position}
      quaternion={transform.quaternion}
      scale={transform.scale}
      fontSize={fontSize}
      maxWidth={rect.width * 0.92}
      color="#eaf4ff"
      textAlign="center"
    >
      {content}
    </WorldText>
  );
}

function ModelProp({ url, prop }: { url: string; prop: Prop }) {
  const gltf = useGLTF(url, false, false);
  const scene = useMemo(() => gltf.scene.clone(true), [gltf]);
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const world = useThree((s) => s.scene);
  // Compile the model's materials as soon as it loads, with the room's lights, so no shader
  // compiles later when the learner first turns towards it (a visible hitch in a headset).
  useEffect(() => {
    void gl.compileAsync(scene, camera, world);
  }, [gl, camera, world, scene]);
  const [rx, ry, rz] = prop.rotation ?? [0, 0, 0];
  const d = Math.PI / 180;
  return <primitive object={scene} position={prop.position} rotation={[rx * d, ry * d, rz * d]} scale={prop.scale ?? 1} />;
}
