// Small markers above props (flagged, right, missed…) drawn as one instanced mesh: one draw call
// however many there are.
import { useLayoutEffect, useRef } from 'react';
import { Color, ConeGeometry, type InstancedMesh, Matrix4, MeshBasicMaterial } from 'three';

const GEOMETRY = new ConeGeometry(0.045, 0.1, 4).rotateX(Math.PI);
const MATERIAL = new MeshBasicMaterial({ toneMapped: false });
const MAX_PINS = 48;
export const PIN_COLORS = {
  flagged: '#ff9d00',
  full: '#1f9d55',
  partial: '#d9a400',
  wrong: '#d64545',
  missed: '#7b61ff',
  info: '#1f5fa0',
} as const;
export type PinTone = keyof typeof PIN_COLORS;

const matrix = new Matrix4();
const color = new Color();

export function StatusPins({ pins }: { pins: readonly { position: readonly [number, number, number]; tone: PinTone }[] }) {
  const ref = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const shown = pins.slice(0, MAX_PINS);
    shown.forEach((pin, i) => {
      matrix.makeTranslation(pin.position[0], pin.position[1], pin.position[2]);
      mesh.setMatrixAt(i, matrix);
      mesh.setColorAt(i, color.set(PIN_COLORS[pin.tone]));
    });
    mesh.count = shown.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [pins]);
  return (
    <instancedMesh
      ref={ref}
      args={[GEOMETRY, MATERIAL, MAX_PINS]}
      visible={pins.length > 0}
      raycast={() => null}
      name="status-pins"
    />
  );
}
