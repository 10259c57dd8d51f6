// A standing kiosk whose screen shows a digital employee's persona: a friendly face in light above
// its name plate. The screen rect is the name plate, for the course's text.
import { mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import type { KitPropSpec } from './types';

export const kiosk: KitPropSpec = {
  size: [0.62, 1.78, 0.45],
  screen: { center: [0, 0.98, 0.073], width: 0.48, height: 0.14, rotation: [0, 0, 0] },
  build(b, tint) {
    const body = tint ?? '#e9ecef';
    const trim = mixHex(body, '#1f5aa6', 0.7);
    b.slab([0.6, 0.05, 0.45], [0, 0, 0], mixHex(body, '#000000', 0.25));
    b.slab([0.22, 0.8, 0.2], [0, 0.05, -0.02], body, { top: mixHex(body, '#ffffff', 0.3) });
    b.slab([0.62, 0.92, 0.12], [0, 0.85, 0], body);
    b.slab([0.62, 0.02, 0.13], [0, 1.77, 0], trim);
    // The screen: deep blue, lit from within.
    b.quad(0.54, 0.84, [0, 1.31, 0.061], P.screenDark, { glow: 1, top: '#1c4f8f' });
    // The persona: a round face of light with eyes and a smile.
    const light = '#bfe6ff';
    b.cylinder(0.15, 0.15, 0.004, [0, 1.45, 0.064], '#2c6db5', { rot: [90, 0, 0], segments: 24, glow: 1 });
    b.cylinder(0.135, 0.135, 0.004, [0, 1.45, 0.066], '#3f86d4', { rot: [90, 0, 0], segments: 24, glow: 1 });
    for (const x of [-0.05, 0.05])
      b.cylinder(0.02, 0.02, 0.004, [x, 1.49, 0.069], light, { rot: [90, 0, 0], segments: 10, glow: 1 });
    for (const [x, y, r] of [
      [-0.045, 1.405, -25],
      [0, 1.392, 0],
      [0.045, 1.405, 25],
    ] as const) {
      b.box([0.05, 0.012, 0.004], [x, y, 0.069], light, { rot: [0, 0, r], glow: 1 });
    }
    // Name plate under the face (the course's text goes here) and a status light.
    b.quad(0.5, 0.16, [0, 0.98, 0.0625], '#0c2340', { glow: 1 });
    b.cylinder(0.012, 0.012, 0.004, [0.24, 1.68, 0.066], P.ledGreen, { rot: [90, 0, 0], segments: 8, glow: 1 });
  },
};
