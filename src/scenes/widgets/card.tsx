// Cards and bins: the things learners sort, order and drop. Their backgrounds draw through
// OverlayPlanes (one draw call for all of them); each label is its own text. Visual only;
// callers wrap each card in an Interactive.
import { OVERLAY_ORDER, WorldText } from '../world-text.tsx';

export const CARD_COLORS = {
  idle: '#fbfcfd',
  held: '#ffd98a',
  bin: '#d5e0ea',
  binActive: '#a9cdf0',
  full: '#bfe3c6',
  partial: '#f3e2a6',
  wrong: '#f2c0bb',
} as const;
export type CardTone = keyof typeof CARD_COLORS;

/** A card's or bin's label, drawn over the card planes. */
export function CardLabel({
  position,
  yaw,
  width,
  text,
  fontSize = 0.03,
  y = 0,
  under = false,
}: {
  position: readonly [number, number, number];
  yaw: number;
  width: number;
  text: string;
  fontSize?: number;
  /** Offset of the text from the card centre (local y). */
  y?: number;
  /** Bin labels draw below the cards placed in the bin. */
  under?: boolean;
}) {
  return (
    <group position={[position[0], position[1], position[2]]} rotation={[0, yaw, 0]}>
      <WorldText
        overlay
        renderOrder={under ? OVERLAY_ORDER - 1 : OVERLAY_ORDER + 2}
        position={[0, y, 0.003]}
        fontSize={fontSize}
        maxWidth={width - 0.03}
        textAlign="center"
      >
        {text}
      </WorldText>
    </group>
  );
}
