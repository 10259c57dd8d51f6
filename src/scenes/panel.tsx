// An in-world panel: a title, body text and a column of buttons, placed where the learner can read
// it in a headset and on a screen. Every button is an Interactive, so it works with every input.
import { Fragment, useState } from 'react';
import { Interactive } from './interaction/interactive.tsx';
import { OverlayPlanes, type OverlayPlane } from './overlay-planes.tsx';
import { PANEL_TEXT } from './text-sizes.ts';
import { WorldText } from './world-text.tsx';

// Panels draw over the room (no depth test) so props never hide the task; the background and
// every button are one instanced draw.
const COLORS = {
  panel: '#f4f6f8',
  button: '#dde6ef',
  pressed: '#9cc3e8',
  primary: '#1f5fa0',
  full: '#bfe3c6',
  partial: '#f3e2a6',
  wrong: '#f2c0bb',
  disabled: '#e9ecef',
} as const;
export type ButtonTone = keyof typeof COLORS;

export interface PanelButton {
  readonly id: string;
  readonly label: string;
  readonly onActivate: () => void;
  readonly tone?: ButtonTone;
  readonly pressed?: boolean;
  readonly disabled?: boolean;
}

export interface Panel3DProps {
  readonly id: string;
  readonly position: readonly [number, number, number];
  /** Degrees around y; 0 faces +z (towards a learner standing in front). */
  readonly yaw?: number;
  readonly width?: number;
  readonly title?: string;
  readonly body?: string;
  readonly buttons?: readonly PanelButton[];
  /** Keyboard order of the first button. */
  readonly order?: number;
  /**
   * What `position` names: the panel's centre (default) or the middle of its bottom edge. A panel
   * whose text changes while the learner aims at its button anchors at the bottom, so the text
   * grows upwards and the button stays under the ray.
   */
  readonly anchor?: 'center' | 'bottom';
}

const FONT = PANEL_TEXT.body;
const LINE = FONT * 1.35;

/** Rough line count for layout: CJK glyphs are one em wide, Latin about half. */
export function estimateLines(text: string, width: number, fontSize: number): number {
  return text.split('\n').reduce((lines, paragraph) => {
    let em = 0;
    for (const ch of paragraph) em += ch.charCodeAt(0) > 0x2e80 ? 1 : 0.55;
    return lines + Math.max(1, Math.ceil((em * fontSize) / width));
  }, 0);
}

export function Panel3D({
  id,
  position: given,
  yaw = 0,
  width = 0.95,
  title,
  body,
  buttons = [],
  order = 0,
  anchor = 'center',
}: Panel3DProps) {
  const inner = width - 0.08;
  // Text height is estimated for the first frame, then measured once troika has laid it out.
  const [measured, setMeasured] = useState<{ title: string; body: string; titleH: number; bodyH: number } | null>(null);
  const fresh = measured && measured.title === (title ?? '') && measured.body === (body ?? '') ? measured : null;
  const titleH = title ? (fresh?.titleH ?? estimateLines(title, inner, FONT * 1.2) * LINE * 1.2) : 0;
  const bodyH = body ? (fresh?.bodyH ?? estimateLines(body, inner, FONT) * LINE) : 0;
  const measure = (part: 'titleH' | 'bodyH') => (mesh: { textRenderInfo?: { blockBounds: number[] } | null }) => {
    const b = mesh.textRenderInfo?.blockBounds;
    if (!b) return;
    const h = (b[3] ?? 0) - (b[1] ?? 0);
    setMeasured((m) => {
      const base =
        m && m.title === (title ?? '') && m.body === (body ?? '') ? m : { title: title ?? '', body: body ?? '', titleH, bodyH };
      return Math.abs(base[part] - h) < 0.002 ? base : { ...base, [part]: h };
    });
  };
  const buttonHeights = buttons.map((b) => Math.max(0.075, estimateLines(b.label, inner - 0.04, FONT * 0.9) * LINE * 0.9 + 0.03));
  const gap = 0.018;
  const height = 0.06 + titleH + (body ? bodyH + 0.03 : 0) + buttonHeights.reduce((s, h) => s + h + gap, 0);
  const position = anchor === 'bottom' ? ([given[0], given[1] + height / 2, given[2]] as const) : given;
  const rad = (yaw * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  // Buttons live in panel space; their hit boxes need world space (rotate about y, then offset).
  const toWorld = (x: number, y: number, z: number): [number, number, number] => [
    position[0] + x * cos + z * sin,
    position[1] + y,
    position[2] - x * sin + z * cos,
  ];

  let y = height / 2 - 0.03;
  const titleY = y - titleH / 2;
  y -= titleH;
  const bodyY = y - 0.015 - bodyH / 2;
  if (body) y -= bodyH + 0.03;

  const planes: OverlayPlane[] = [{ position: toWorld(0, 0, 0), yaw: rad, width, height, color: COLORS.panel }];
  return (
    <group name={`panel:${id}`}>
      <group position={[position[0], position[1], position[2]]} rotation={[0, rad, 0]}>
        {title && (
          <WorldText
            overlay
            position={[0, titleY, 0.002]}
            fontSize={PANEL_TEXT.title}
            maxWidth={inner}
            color="#0d2740"
            textAlign="center"
            onSync={measure('titleH')}
          >
            {title}
          </WorldText>
        )}
        {body && (
          <WorldText
            overlay
            position={[-inner / 2, bodyY, 0.002]}
            anchorX="left"
            fontSize={FONT}
            maxWidth={inner}
            lineHeight={1.35}
            onSync={measure('bodyH')}
          >
            {body}
          </WorldText>
        )}
      </group>
      {buttons.map((button, i) => {
        const h = buttonHeights[i]!;
        const cy = y - h / 2;
        y -= h + gap;
        planes.push({
          position: toWorld(0, cy, 0.004),
          yaw: rad,
          width: inner,
          height: h,
          color: COLORS[button.disabled ? 'disabled' : button.pressed ? 'pressed' : (button.tone ?? 'button')],
        });
        return (
          <Fragment key={button.id}>
            <group position={[position[0], position[1], position[2]]} rotation={[0, rad, 0]}>
              <WorldText
                overlay
                position={[0, cy, 0.008]}
                fontSize={PANEL_TEXT.button}
                maxWidth={inner - 0.04}
                textAlign="center"
                color={button.tone === 'primary' && !button.disabled ? '#ffffff' : '#14212e'}
              >
                {button.label}
              </WorldText>
            </group>
            <Interactive
              id={`${id}:${button.id}`}
              label={button.label}
              order={order + i}
              center={toWorld(0, cy, 0.02)}
              size={[inner, h, 0.03]}
              yaw={yaw}
              onActivate={button.onActivate}
              {...(button.disabled !== undefined && { disabled: button.disabled })}
              {...(button.pressed !== undefined && { pressed: button.pressed })}
            />
          </Fragment>
        );
      })}
      <OverlayPlanes name={`panel-planes:${id}`} planes={planes} />
    </group>
  );
}
