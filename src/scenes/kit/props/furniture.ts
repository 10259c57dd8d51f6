// Furniture: desk, chair, cabinet, service counter, door, whiteboard.
import { mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import type { KitPropSpec } from './types';

export const desk: KitPropSpec = {
  size: [1.4, 0.75, 0.7],
  build(b, tint) {
    const top = tint ?? P.wood;
    const frame = '#8f969d';
    b.slab([1.4, 0.03, 0.7], [0, 0.72, 0], top);
    b.slab([1.404, 0.012, 0.704], [0, 0.712, 0], mixHex(top, '#000000', 0.35));
    b.slab([0.03, 0.712, 0.64], [-0.66, 0, 0], frame);
    b.slab([0.03, 0.712, 0.64], [0.66, 0, 0], frame);
    b.slab([1.29, 0.4, 0.02], [0, 0.3, -0.3], frame);
    // Drawer pedestal with three drawers on the right.
    b.slab([0.4, 0.6, 0.58], [0.44, 0.11, -0.02], '#a3a9af');
    for (let i = 0; i < 3; i++) {
      const y = 0.13 + i * 0.195;
      b.slab([0.37, 0.17, 0.015], [0.44, y, 0.275], '#b7bcc1');
      b.box([0.12, 0.015, 0.02], [0.44, y + 0.14, 0.29], P.chrome);
    }
  },
};

export const chair: KitPropSpec = {
  size: [0.5, 0.92, 0.52],
  build(b, tint) {
    const fabric = tint ?? P.fabricGrey;
    const plastic = P.black;
    for (let i = 0; i < 5; i++) {
      b.at([0, 0, 0], i * 72, () => {
        b.box([0.035, 0.03, 0.22], [0, 0.06, 0.11], plastic);
        b.box([0.035, 0.045, 0.045], [0, 0.0225, 0.22], plastic);
      });
    }
    b.cylinder(0.025, 0.025, 0.36, [0, 0.24, 0], P.chrome, { segments: 8 });
    b.box([0.22, 0.04, 0.22], [0, 0.42, 0], plastic);
    b.slab([0.46, 0.08, 0.46], [0, 0.44, 0.01], fabric);
    b.box([0.05, 0.3, 0.03], [0, 0.6, -0.215], plastic, { rot: [-5, 0, 0] });
    b.at([0, 0.52, -0.2], [-6, 0, 0], () => {
      b.slab([0.44, 0.36, 0.06], [0, 0.04, 0], fabric);
    });
    for (const x of [-0.225, 0.225]) {
      b.box([0.03, 0.18, 0.03], [x, 0.6, -0.02], plastic);
      b.box([0.05, 0.03, 0.24], [x, 0.7, 0.01], plastic);
    }
  },
};

export const cabinet: KitPropSpec = {
  size: [0.5, 1.3, 0.6],
  build(b, tint) {
    const body = tint ?? '#c4c7c2';
    const face = mixHex(body, '#ffffff', 0.15);
    b.slab([0.5, 1.28, 0.58], [0, 0.02, -0.01], body);
    b.slab([0.48, 0.02, 0.56], [0, 0, -0.01], P.charcoal);
    for (let i = 0; i < 4; i++) {
      const y = 0.04 + i * 0.315;
      b.slab([0.46, 0.295, 0.02], [0, y, 0.29], face);
      b.box([0.16, 0.022, 0.03], [0, y + 0.2, 0.305], P.steelDark);
      b.box([0.09, 0.045, 0.005], [0, y + 0.245, 0.3025], P.paper);
    }
  },
};

export const counter: KitPropSpec = {
  size: [2.0, 1.1, 0.7],
  build(b, tint) {
    const body = tint ?? '#eef0f2';
    const band = P.govBlue;
    // Staff-side worktop (at -z) and the citizen-facing front panel with a document ledge.
    b.slab([2.0, 0.04, 0.45], [0, 0.72, -0.12], P.woodLight);
    b.slab([0.04, 0.72, 0.42], [-0.98, 0, -0.12], body);
    b.slab([0.04, 0.72, 0.42], [0.98, 0, -0.12], body);
    b.slab([2.0, 0.93, 0.08], [0, 0.02, 0.27], body);
    b.slab([2.0, 0.02, 0.08], [0, 0, 0.27], P.charcoal);
    b.box([2.002, 0.12, 0.082], [0, 0.7, 0.27], band);
    b.slab([2.0, 0.04, 0.3], [0, 0.95, 0.2], P.woodLight);
    // Low glass-like divider and the window number plate.
    b.slab([1.1, 0.11, 0.015], [-0.2, 0.99, 0.1], '#a9c7d3', { glow: 0.15 });
    b.slab([0.26, 0.11, 0.02], [0.75, 0.99, 0.1], P.black);
    b.box([0.22, 0.075, 0.005], [0.75, 1.045, 0.111], P.ledRed, { glow: 1 });
  },
};

export const door: KitPropSpec = {
  size: [1.0, 2.1, 0.1],
  build(b, tint) {
    const leaf = tint ?? P.woodDark;
    const frame = P.offWhite;
    b.slab([0.06, 2.1, 0.1], [-0.47, 0, 0], frame);
    b.slab([0.06, 2.1, 0.1], [0.47, 0, 0], frame);
    b.slab([1.0, 0.06, 0.1], [0, 2.04, 0], frame);
    b.slab([0.88, 2.03, 0.045], [0, 0.005, -0.01], leaf);
    const panel = mixHex(leaf, '#000000', 0.2);
    b.slab([0.62, 0.7, 0.01], [0, 0.25, 0.0175], panel);
    b.slab([0.62, 0.7, 0.01], [0, 1.1, 0.0175], panel);
    b.slab([0.18, 0.12, 0.01], [0, 1.82, 0.0175], '#d9dde2');
    b.box([0.05, 0.05, 0.04], [0.36, 1.0, 0.03], P.chrome);
    b.box([0.14, 0.02, 0.025], [0.31, 1.0, 0.055], P.chrome);
  },
};

export const whiteboard: KitPropSpec = {
  size: [1.6, 1.9, 0.45],
  screen: { center: [0, 1.4, 0.023], width: 1.5, height: 0.9, rotation: [0, 0, 0] },
  build(b, tint) {
    const frame = tint ?? P.chrome;
    b.slab([1.6, 1.0, 0.035], [0, 0.9, 0], frame);
    b.box([1.5, 0.9, 0.005], [0, 1.4, 0.018], '#fbfcfc', { glow: 0.4 });
    b.box([1.2, 0.03, 0.07], [0, 0.89, 0.04], frame);
    b.box([0.12, 0.018, 0.018], [-0.3, 0.914, 0.045], P.govBlue);
    b.box([0.12, 0.018, 0.018], [-0.1, 0.914, 0.045], P.ledRed);
    for (const x of [-0.78, 0.78]) {
      b.slab([0.04, 1.9, 0.04], [x, 0, 0], P.steelDark);
      b.slab([0.06, 0.04, 0.45], [x, 0.03, 0], P.steelDark);
      b.box([0.05, 0.05, 0.05], [x, 0.025, 0.2], P.black);
      b.box([0.05, 0.05, 0.05], [x, 0.025, -0.2], P.black);
    }
  },
};
