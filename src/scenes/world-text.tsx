// In-world text drawn with the self-hosted CJK subset font, so troika never fetches glyphs.
// `overlay` text belongs to task panels and cards: it draws over the room so a desk or a monitor
// between the learner and the panel never hides the task.
import { Text } from '@react-three/drei';
import type { ComponentProps } from 'react';
import { MeshBasicMaterial } from 'three';
import { FONT_URL } from '../client/font-config.ts';

type TextProps = ComponentProps<typeof Text>;

export const OVERLAY_ORDER = 10;
const OVERLAY_TEXT = new MeshBasicMaterial({ depthTest: false, depthWrite: false, transparent: true });

export function WorldText({ overlay = false, ...props }: Omit<TextProps, 'font'> & { overlay?: boolean }) {
  return (
    <Text
      font={FONT_URL}
      anchorX="center"
      anchorY="middle"
      color="#1d2733"
      overflowWrap="break-word"
      {...(overlay && { material: OVERLAY_TEXT, renderOrder: OVERLAY_ORDER + 2 })}
      {...props}
    />
  );
}
