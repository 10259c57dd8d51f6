// A flat card with a label: the thing learners sort, order and drop. Visual only; the caller wraps
// it in an Interactive.
import { MeshBasicMaterial, PlaneGeometry } from 'three';
import { OVERLAY_ORDER, WorldText } from '../world-text.tsx';

const PLANE = new PlaneGeometry(1, 1);
// Cards are task UI like panels: drawn over the room so furniture never hides them. Bins draw
// first (lower order) so cards placed in them show on top.
const overlay = (color: string) => new MeshBasicMaterial({ color, depthTest: false, depthWrite: false, transparent: true });
export const CARD_MATERIALS = {
  idle: overlay('#fbfcfd'),
  held: overlay('#ffd98a'),
  bin: overlay('#d5e0ea'),
  binActive: overlay('#a9cdf0'),
  full: overlay('#bfe3c6'),
  partial: overlay('#f3e2a6'),
  wrong: overlay('#f2c0bb'),
};
export type CardTone = keyof typeof CARD_MATERIALS;

export function Card({ position, rotation, width, height, text, tone = 'idle', fontSize = 0.03, textY, under = false }: {
  position: readonly [number, number, number];
  rotation: readonly [number, number, number];
  width: number;
  height: number;
  text: string;
  tone?: CardTone;
  fontSize?: number;
  /** Where the text sits (local y); centred by default. */
  textY?: number;
  /** Bins: draw below the cards placed in them. */
  under?: boolean;
}) {
  return (
    <group position={[position[0], position[1], position[2]]} rotation={[rotation[0], rotation[1], rotation[2]]}>
      <mesh geometry={PLANE} material={CARD_MATERIALS[tone]} scale={[width, height, 1]} renderOrder={under ? OVERLAY_ORDER - 2 : OVERLAY_ORDER} />
      <WorldText overlay renderOrder={under ? OVERLAY_ORDER - 1 : OVERLAY_ORDER + 2} position={[0, textY ?? 0, 0.003]} fontSize={fontSize} maxWidth={width - 0.03} textAlign="center">
        {text}
      </WorldText>
    </group>
  );
}
