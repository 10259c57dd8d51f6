// Screens and devices: monitor, laptop, keyboard, phone, USB stick, server rack, screen wall,
// holographic data card. Screen rects are exported so text can be drawn on them.
import { type Hex, type KitBuilder, mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import { tiltedRect, type KitPropSpec } from './types';

export const monitor: KitPropSpec = {
  size: [0.55, 0.45, 0.2],
  screen: { center: [0, 0.28, 0.019], width: 0.5, height: 0.3, rotation: [0, 0, 0] },
  build: (b, tint) => buildMonitor(b, tint, true),
};

/** A monitor whose screen is on (glowing) or off (dark glass); environments use both. */
export function buildMonitor(b: KitBuilder, tint: Hex | undefined, on: boolean): void {
  const body = tint ?? P.black;
  b.slab([0.24, 0.014, 0.18], [0, 0, -0.01], body);
  b.slab([0.05, 0.2, 0.03], [0, 0.014, -0.06], body);
  b.box([0.28, 0.18, 0.04], [0, 0.28, -0.03], mixHex(body, '#ffffff', 0.06));
  b.box([0.55, 0.34, 0.03], [0, 0.28, 0], body);
  if (on) b.quad(0.5, 0.3, [0, 0.28, 0.016], P.screen, { glow: 1, top: P.screenTop });
  else b.quad(0.5, 0.3, [0, 0.28, 0.016], '#20252b', { top: '#3a4149' });
}

const LAPTOP_HINGE = [0, 0.02, -0.085] as const;
const LAPTOP_TILT = -15;

export const laptop: KitPropSpec = {
  size: [0.34, 0.24, 0.28],
  screen: tiltedRect(LAPTOP_HINGE, LAPTOP_TILT, [0, 0.117, 0.004], 0.3, 0.18),
  build(b, tint) {
    const body = tint ?? '#8c9096';
    b.slab([0.34, 0.02, 0.23], [0, 0, 0.025], body);
    b.box([0.3, 0.002, 0.11], [0, 0.0205, -0.01], P.charcoal);
    b.box([0.1, 0.002, 0.06], [0, 0.0205, 0.095], mixHex(body, '#000000', 0.15));
    b.at(LAPTOP_HINGE, [LAPTOP_TILT, 0, 0], () => {
      b.slab([0.34, 0.22, 0.012], [0, 0, -0.006], body);
      b.box([0.33, 0.21, 0.001], [0, 0.112, 0.0005], P.black);
      b.quad(0.3, 0.18, [0, 0.117, 0.0012], P.screen, { glow: 1, top: P.screenTop });
    });
  },
};

export const keyboard: KitPropSpec = {
  size: [0.45, 0.03, 0.15],
  build(b, tint) {
    const body = tint ?? P.charcoal;
    const keys = mixHex(body, '#ffffff', 0.25);
    b.slab([0.45, 0.016, 0.15], [0, 0, 0], body);
    for (let r = 0; r < 4; r++) {
      b.slab([0.42, 0.012, 0.022], [0, 0.016, -0.052 + r * 0.027], keys);
    }
    b.slab([0.2, 0.012, 0.022], [-0.03, 0.016, 0.056], keys);
  },
};

export const phone: KitPropSpec = {
  size: [0.08, 0.01, 0.16],
  screen: { center: [0, 0.0125, 0], width: 0.07, height: 0.14, rotation: [-Math.PI / 2, 0, 0] },
  build(b, tint) {
    b.slab([0.08, 0.009, 0.16], [0, 0, 0], tint ?? P.black);
    b.quad(0.07, 0.145, [0, 0.0095, 0], P.screen, { glow: 1, top: P.screenTop, rot: [-90, 0, 0] });
  },
};

export const usbStick: KitPropSpec = {
  size: [0.12, 0.03, 0.04],
  build(b, tint) {
    const body = tint ?? '#ff6a13';
    b.slab([0.085, 0.03, 0.04], [-0.0175, 0, 0], body);
    b.slab([0.035, 0.016, 0.028], [0.0425, 0.007, 0], P.chrome);
    b.box([0.012, 0.004, 0.012], [0.01, 0.031, 0], P.ledBlue, { glow: 1 });
    b.box([0.012, 0.031, 0.012], [-0.05, 0.0155, 0], mixHex(body, '#000000', 0.4));
  },
};

export const serverRack: KitPropSpec = {
  size: [0.6, 2.0, 1.03],
  build(b, tint) {
    const body = tint ?? '#1c1f24';
    b.slab([0.6, 2.0, 1.0], [0, 0, 0], body);
    b.slab([0.52, 1.84, 0.01], [0, 0.08, 0.5], '#0b0c0e');
    // Equipment units behind the mesh door, with status LEDs.
    const units = 13;
    for (let i = 0; i < units; i++) {
      if (i === 5 || i === 10) continue;
      const y = 0.12 + i * 0.135;
      const tall = i % 4 === 0 ? 0.12 : 0.085;
      b.slab([0.48, tall, 0.01], [0, y, 0.508], i % 3 === 0 ? '#3b4048' : '#2c3036');
      b.box([0.06, 0.012, 0.004], [0.17, y + tall / 2, 0.515], i % 5 === 2 ? P.ledAmber : P.ledGreen, { glow: 1 });
      b.box([0.012, 0.012, 0.004], [-0.2, y + tall / 2, 0.515], P.ledBlue, { glow: 1 });
    }
    b.box([0.02, 0.3, 0.03], [0.27, 1.0, 0.515], P.chrome);
    b.box([0.5, 0.004, 0.9], [0, 2.0, 0], '#2e3238');
  },
};

export const SCREEN_WALL_RECT = { center: [0, 1.25, 0.107], width: 3.96, height: 1.86, rotation: [0, 0, 0] } as const;

export const screenWall: KitPropSpec = {
  size: [4.0, 2.2, 0.3],
  screen: SCREEN_WALL_RECT,
  build(b, tint) {
    const frame = tint ?? P.black;
    b.slab([4.0, 0.3, 0.3], [0, 0, 0], mixHex(frame, '#5a6068', 0.3));
    b.slab([4.0, 1.9, 0.2], [0, 0.3, 0], frame);
    const w = 1.3;
    const h = 0.92;
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 3; c++) {
        const x = (c - 1) * (w + 0.02);
        const y = 0.3 + 0.02 + h / 2 + r * (h + 0.02);
        b.quad(w, h, [x, y, 0.104], P.screenDark, { glow: 1, top: P.screen });
      }
    }
  },
};

export const dataCard: KitPropSpec = {
  size: [0.5, 0.3, 0.02],
  screen: { center: [0, 0.15, 0.009], width: 0.46, height: 0.26, rotation: [0, 0, 0] },
  build(b, tint) {
    const edge = tint ?? '#5fe3ff';
    const fill = mixHex(edge, '#061526', 0.78);
    b.box([0.48, 0.28, 0.012], [0, 0.15, 0], fill, { glow: 1, top: mixHex(fill, edge, 0.25) });
    b.box([0.5, 0.012, 0.02], [0, 0.006, 0], edge, { glow: 1 });
    b.box([0.5, 0.012, 0.02], [0, 0.294, 0], edge, { glow: 1 });
    b.box([0.012, 0.276, 0.02], [-0.244, 0.15, 0], edge, { glow: 1 });
    b.box([0.012, 0.276, 0.02], [0.244, 0.15, 0], edge, { glow: 1 });
    b.box([0.1, 0.02, 0.014], [-0.17, 0.27, 0], mixHex(edge, '#ffffff', 0.5), { glow: 1 });
  },
};
