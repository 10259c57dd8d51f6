// Small desk items: paper stack, sticky note, badge, folder.
import { mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import type { KitPropSpec } from './types';

export const paperStack: KitPropSpec = {
  size: [0.3, 0.05, 0.21],
  build(b, tint) {
    const paper = tint ?? P.paper;
    const shade = mixHex(paper, '#8a8a80', 0.25);
    const sheets = [
      { y: 0, yaw: 0 },
      { y: 0.016, yaw: 3 },
      { y: 0.032, yaw: -2 },
    ];
    for (const [i, s] of sheets.entries()) {
      b.slab([0.297, 0.016, 0.21], [0, s.y, 0], i % 2 ? paper : shade, { rot: [0, s.yaw, 0] });
    }
    b.box([0.18, 0.001, 0.012], [-0.02, 0.0485, -0.06], '#9aa0a6', { rot: [0, -2, 0] });
    b.box([0.22, 0.001, 0.012], [0, 0.0485, -0.03], '#9aa0a6', { rot: [0, -2, 0] });
  },
};

export const stickyNote: KitPropSpec = {
  size: [0.08, 0.005, 0.08],
  build(b, tint) {
    const note = tint ?? '#ffe14d';
    b.slab([0.08, 0.005, 0.08], [0, 0, 0], note, { glow: 0.2 });
    b.box([0.05, 0.0005, 0.006], [0, 0.005, -0.015], '#3a4a7a');
    b.box([0.04, 0.0005, 0.006], [-0.005, 0.005, 0.005], '#3a4a7a');
  },
};

export const badge: KitPropSpec = {
  size: [0.06, 0.1, 0.006],
  build(b, tint) {
    const band = tint ?? P.govRed;
    b.slab([0.06, 0.09, 0.004], [0, 0, 0], P.plasticWhite);
    b.slab([0.06, 0.02, 0.005], [0, 0.07, 0], band);
    b.slab([0.022, 0.028, 0.005], [-0.012, 0.03, 0], '#9db6d1');
    b.box([0.018, 0.003, 0.005], [0.016, 0.045, 0], P.charcoal);
    b.box([0.018, 0.003, 0.005], [0.016, 0.035, 0], P.charcoal);
    b.slab([0.014, 0.01, 0.006], [0, 0.09, 0], P.chrome);
  },
};

export const folder: KitPropSpec = {
  size: [0.25, 0.03, 0.32],
  build(b, tint) {
    const cover = tint ?? P.kraft;
    b.slab([0.25, 0.006, 0.32], [0, 0, 0], mixHex(cover, '#000000', 0.15));
    b.slab([0.235, 0.016, 0.305], [-0.005, 0.006, 0], P.paper);
    b.slab([0.25, 0.006, 0.32], [0, 0.022, 0], cover, { rot: [0, 1.5, 0] });
    // String-tie disc and a red "confidential" stamp.
    b.cylinder(0.015, 0.015, 0.004, [0, 0.03, 0.11], mixHex(cover, '#000000', 0.3), { segments: 8 });
    b.box([0.08, 0.001, 0.035], [0.05, 0.0285, -0.1], P.govRed);
  },
};
